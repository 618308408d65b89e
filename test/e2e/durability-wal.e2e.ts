import { statSync } from 'node:fs';
import { nothingLost, settle, withDurabilityRun } from '../support/durability';

// A commit is durable in SQLite's write-ahead log; checkpoints copy the log back into the
// database file. Under continuous writes the log must still start over now and then, or
// the file grows by tens of MB a second (docs/architecture.md, the write path): during a
// flood its size stays near the hub's limit (64 MB), never the whole flood's volume.

const PLANNED = 30_000;
/** journal_size_limit (64 MB), with room for the frames written while a restart waits (without the restarts: 163 MB). */
const WAL_BOUND_BYTES = 100 * 1024 * 1024;

function walBytes(sqliteFile: string): number {
  try {
    return statSync(`${sqliteFile}-wal`).size;
  } catch {
    return 0;
  }
}

describe('the SQLite write-ahead log during a flood', () => {
  it(
    'stays bounded while every acknowledged event is stored',
    () =>
      withDurabilityRun(
        'durability-wal',
        // Many places: every event changes an incident, the heaviest writes per event.
        { broker: 'embedded', database: 'sqlite', places: 400, flood: { rate: 6000, devices: 20 } },
        async (run) => {
          let largest = 0;
          const sampler = setInterval(() => {
            largest = Math.max(largest, walBytes(run.hub.sqliteFile));
          }, 20);
          try {
            await run.flood.untilAcked(PLANNED);
          } finally {
            clearInterval(sampler);
          }
          largest = Math.max(largest, walBytes(run.hub.sqliteFile));
          const figures = await settle(
            run,
            `largest WAL ${(largest / 1024 / 1024).toFixed(1)} MB over ${PLANNED} events`,
          );
          expect({
            ...figures,
            walBounded: largest < WAL_BOUND_BYTES,
            walSeen: largest > 0,
          }).toMatchObject({
            ...nothingLost(run),
            walBounded: true,
            walSeen: true,
          });
        },
      ),
    180_000,
  );
});
