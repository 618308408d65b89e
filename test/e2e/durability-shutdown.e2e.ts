import { describeDurability, nothingLost, settle, withDurabilityRun } from '../support/durability';
import type { HubOptions } from '../support/hub-process';

// SIGTERM is how a service manager stops the hub (a deploy, a reboot): a clean stop in
// the middle of a flood keeps everything acknowledged (docs/contract.md §3), ends with
// exit code 0 well within the manager's patience, and logs no error on the way.

const PLANNED = 5000;
/** systemd waits 90 s by default, Kubernetes 30 s; the hub should need far less. */
const EXIT_WITHIN_MS = 10_000;

const configurations: HubOptions[] = [
  { broker: 'embedded', database: 'sqlite' },
  { broker: 'mosquitto', database: 'postgres' },
];

describeDurability('SIGTERM during a flood', () => {
  it.each(configurations)(
    '$broker broker, $database: exits 0, logs no error, keeps every acknowledged event',
    (options) =>
      withDurabilityRun(
        `durability-shutdown-${options.broker}-${options.database}`,
        { ...options, places: 16 },
        async (run) => {
          await run.flood.untilAcked(Math.round((0.2 + run.random() * 0.5) * PLANNED));
          const stoppedAt = run.flood.acked;
          const logStart = run.hub.logs.length;
          const started = Date.now();
          const exit = await run.hub.kill('SIGTERM', EXIT_WITHIN_MS + 5000);
          const stopMs = Date.now() - started;
          const errorLines = run.hub.logs
            .slice(logStart)
            .split('\n')
            .filter((line) => /\bERROR\b|handler failed/.test(line));
          await run.hub.restart();
          await run.flood.untilAcked(Math.max(PLANNED, stoppedAt + 0.1 * PLANNED));
          const figures = await settle(
            run,
            `SIGTERM after ${stoppedAt} acknowledged, exit ${JSON.stringify(exit)} in ${stopMs} ms`,
          );
          expect(exit).toEqual({ code: 0, signal: null });
          expect(stopMs).toBeLessThan(EXIT_WITHIN_MS);
          expect(errorLines).toEqual([]);
          expect(figures).toMatchObject(nothingLost(run));
        },
      ),
    90_000,
  );
});
