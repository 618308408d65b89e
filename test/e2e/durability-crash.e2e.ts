import { nothingLost, settle, withDurabilityRun } from '../support/durability';
import type { HubOptions } from '../support/hub-process';

// A device deletes its copy of an event once it has the PUBACK, so from then on the hub
// owns it (docs/contract.md §3): a hub killed with -9 at any moment must still hold, after
// a restart on the same data, every event a device saw acknowledged, exactly once, and
// each incident's eventCount must match its stored events.

/** Events acknowledged over the run, at least: the kills fall at random shares of it. */
const PLANNED = 4000;
const KILLS = 3;
/** After a restart the hub takes at least this share of PLANNED before the next kill. */
const MIN_SHARE_BETWEEN = 0.05;

const configurations: HubOptions[] = [
  { broker: 'embedded', database: 'sqlite' },
  { broker: 'embedded', database: 'postgres' },
  { broker: 'mosquitto', database: 'sqlite' },
  { broker: 'mosquitto', database: 'postgres' },
];

describe('kill -9 of the hub mid-flood loses nothing acknowledged', () => {
  it.each(configurations)(
    '$broker broker, $database: three kills, every acknowledged event stored once',
    (options) =>
      withDurabilityRun(
        `durability-crash-${options.broker}-${options.database}`,
        { ...options, places: 40 },
        async (run) => {
          const shares = Array.from({ length: KILLS }, () => 0.1 + run.random() * 0.8).sort();
          const killedAt: number[] = [];
          let restartedAt = 0;
          for (const share of shares) {
            await run.flood.untilAcked(
              Math.max(Math.round(share * PLANNED), restartedAt + MIN_SHARE_BETWEEN * PLANNED),
            );
            killedAt.push(run.flood.acked);
            expect(await run.hub.kill('SIGKILL')).toEqual({ code: null, signal: 'SIGKILL' });
            await run.hub.restart();
            restartedAt = run.flood.acked;
          }
          await run.flood.untilAcked(Math.max(PLANNED, restartedAt + MIN_SHARE_BETWEEN * PLANNED));
          const figures = await settle(run, `killed after ${killedAt.join(', ')} acknowledged`);
          expect(figures).toMatchObject(nothingLost(run));
        },
      ),
    120_000,
  );
});
