import { MIGRATIONS } from '../../src/database/data-source.factory';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { ENTITIES } from '../../src/database/entities';
import { InitialSchema1732400000000 } from '../../src/database/migrations/1732400000000-initial-schema';
import { ResponseUnits1732500000000 } from '../../src/database/migrations/1732500000000-response-units';
import { withScratchPostgres, withScratchSqlite } from './scratch-databases';

// A database written by the release before write-ahead ingest opens with everything in
// it: the events table is rebuilt (SQLite) or altered (PostgreSQL) to take an event with
// no incident yet, and the stored events keep their links.
const BEFORE = [InitialSchema1732400000000, ResponseUnits1732500000000];

/** Names of the events table's indexes, as the database lists them. */
const INDEXES = {
  sqlite: `SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'events' AND name LIKE 'IDX_%'`,
  postgres: `SELECT indexname AS name FROM pg_indexes WHERE tablename = 'events' AND indexname LIKE 'IDX_%'`,
};

async function migrateAcrossRelease(options: DataSourceOptions, indexes: string): Promise<void> {
  const previous = new DataSource({ ...options, entities: ENTITIES, migrations: BEFORE });
  await previous.initialize();
  await previous.runMigrations({ transaction: 'each' });
  await previous.query(
    `INSERT INTO "events" ("deviceId", "eventId", "incidentId", "ts", "receivedAt", "type", "lat", "lon", "source", "reason") VALUES ('cam-1', 'e1', 'inc-1', 1, 2, 'fire.smoke', 11.9, 108.4, 'device', '{}')`,
  );
  await previous.destroy();

  const next = new DataSource({
    ...options,
    entities: ENTITIES,
    // Every migration of this release: the entities read all their columns.
    migrations: MIGRATIONS,
  });
  await next.initialize();
  try {
    await next.runMigrations({ transaction: 'each' });
    await next.query(
      `INSERT INTO "events" ("deviceId", "eventId", "incidentId", "ts", "receivedAt", "type", "lat", "lon", "source", "reason") VALUES ('cam-1', 'e2', NULL, 3, 4, 'fire.smoke', 11.9, 108.4, 'device', '{}')`,
    );
    const rows = await next.query<{ eventId: string; incidentId: string | null }[]>(
      `SELECT "eventId", "incidentId" FROM "events" ORDER BY "eventId"`,
    );
    expect(rows).toEqual([
      { eventId: 'e1', incidentId: 'inc-1' },
      { eventId: 'e2', incidentId: null },
    ]);
    const names = (await next.query<{ name: string }[]>(indexes)).map((r) => r.name).sort();
    expect(names).toEqual(['IDX_events_incident', 'IDX_events_received', 'IDX_events_unlinked']);
    await expect(next.query(`SELECT COUNT(*) AS n FROM "ingest_rejections"`)).resolves.toEqual([
      { n: expect.anything() as unknown },
    ]);
  } finally {
    await next.destroy();
  }
}

describe('the write-ahead migration on a database of the previous release', () => {
  it('SQLite', () => withScratchSqlite((options) => migrateAcrossRelease(options, INDEXES.sqlite)));
  it('PostgreSQL', () =>
    withScratchPostgres((options) => migrateAcrossRelease(options, INDEXES.postgres)));
});
