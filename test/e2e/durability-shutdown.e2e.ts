import { nothingLost, settle, withDurabilityRun } from '../support/durability';
import type { HubOptions } from '../support/hub-process';

// SIGTERM is how a service manager stops the hub (a deploy, a reboot): a clean stop in
// the middle of a flood keeps everything acknowledged (docs/contract.md §3), ends with
// exit code 0 well within the manager's patience, and logs no error on the way.

const PLANNED = 4000;
/** systemd waits 90 s by default, Kubernetes 30 s; the hub should need far less. */
const EXIT_WITHIN_MS = 10_000;

/** Nest colours its log levels; the check reads the text. */
const ANSI_COLOUR = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');

const configurations: HubOptions[] = [
  { broker: 'embedded', database: 'sqlite' },
  { broker: 'mosquitto', database: 'postgres' },
];

describe('SIGTERM during a flood', () => {
  it.each(configurations)(
    '$broker broker, $database: exits 0, logs no error, keeps every acknowledged event',
    (options) =>
      withDurabilityRun(
        `durability-shutdown-${options.broker}-${options.database}`,
        { ...options, places: 16 },
        async (run) => {
          await run.flood.untilAcked(Math.round((0.2 + run.random() * 0.5) * PLANNED));
          const stoppedAt = run.flood.acked;
          const started = Date.now();
          const exit = await run.hub.kill('SIGTERM', EXIT_WITHIN_MS + 5000);
          const stopMs = Date.now() - started;
          // The whole log of the process that was stopped (the restart appends to it).
          const errorLines = run.hub.logs
            .replace(ANSI_COLOUR, '')
            .split('\n')
            .filter((line) => /\bERROR\b|handler failed/.test(line));
          await run.hub.restart();
          await run.flood.untilAcked(Math.max(PLANNED, stoppedAt + 0.1 * PLANNED));
          const figures = await settle(
            run,
            `SIGTERM after ${stoppedAt} acknowledged, exit ${JSON.stringify(exit)} in ${stopMs} ms`,
          );
          expect({
            exit,
            exitedInTime: stopMs < EXIT_WITHIN_MS,
            errorLines,
            ...figures,
          }).toMatchObject({
            exit: { code: 0, signal: null },
            exitedInTime: true,
            errorLines: [],
            ...nothingLost(run),
          });
        },
      ),
    90_000,
  );
});
