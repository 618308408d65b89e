import { MIGRATIONS } from '../../src/database/data-source.factory';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { ENTITIES } from '../../src/database/entities';
import { InitialSchema1732400000000 } from '../../src/database/migrations/1732400000000-initial-schema';
import { ResponseUnits1732500000000 } from '../../src/database/migrations/1732500000000-response-units';
import { WriteAhead1732600000000 } from '../../src/database/migrations/1732600000000-write-ahead';
import { UserTokenVersion1733000000000 } from '../../src/database/migrations/1733000000000-user-token-version';
import { withScratchPostgres, withScratchSqlite } from './scratch-databases';

// A database of the release with one unit per incident opens with its incidents: the one
// unit becomes a list of one, an incident without a unit an empty list.
const BEFORE = [
  InitialSchema1732400000000,
  ResponseUnits1732500000000,
  WriteAhead1732600000000,
  UserTokenVersion1733000000000,
];

const incidentRow = (id: string, seq: number, unit: string | null): string =>
  `INSERT INTO "incidents" ("id", "category", "type", "types", "severity", "baseSeverity", "status", "lat", "lon", "zone", "firstSeen", "lastSeen", "eventCount", "sources", "version", "seq", "escalated", "conditionCleared", "relatedIncidentId", "assignedUnitId", "acknowledgedBy", "acknowledgedAt", "resolvedAt", "resolution", "createdAt", "updatedAt") VALUES ('${id}', 'fire', 'fire.flame', '["fire.flame"]', 'high', 'high', '${unit ? 'dispatched' : 'open'}', 11.9, 108.4, NULL, 1, 1, 1, '["cam-1"]', 3, ${seq}, false, false, NULL, ${unit ? `'${unit}'` : 'NULL'}, NULL, NULL, NULL, NULL, 1, 1)`;

async function migrateAcrossRelease(options: DataSourceOptions): Promise<void> {
  const previous = new DataSource({ ...options, entities: ENTITIES, migrations: BEFORE });
  await previous.initialize();
  await previous.runMigrations({ transaction: 'each' });
  await previous.query(incidentRow('inc-out', 1, 'fire-dalat'));
  await previous.query(incidentRow('inc-new', 2, null));
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
    const rows = await next.query<{ id: string; assignedUnitIds: string }[]>(
      `SELECT "id", "assignedUnitIds" FROM "incidents" ORDER BY "id"`,
    );
    expect(rows.map((r) => [r.id, JSON.parse(r.assignedUnitIds) as unknown])).toEqual([
      ['inc-new', []],
      ['inc-out', ['fire-dalat']],
    ]);
  } finally {
    await next.destroy();
  }
}

describe('the several-units migration on a database of the previous release', () => {
  it('SQLite', () => withScratchSqlite(migrateAcrossRelease));
  it('PostgreSQL', () => withScratchPostgres(migrateAcrossRelease));
});
