import { DataSource, type DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from '../../src/database/data-source.factory';
import { UnitNames1733910000000 } from '../../src/database/migrations/1733910000000-unit-names';
import { ENTITIES, UnitEntity } from '../../src/database/entities';
import { withScratchPostgres, withScratchSqlite } from './scratch-databases';

// A unit stored by the previous release (no names) reads back with names null and its one
// name kept; names written afterwards read back in both languages.
const BEFORE = MIGRATIONS.slice(0, MIGRATIONS.indexOf(UnitNames1733910000000));

const INSERT_OLD = `INSERT INTO "units" ("id", "name", "kind", "homeZone", "lat", "lon", "status", "incidentId", "updatedAt") VALUES ('fire-old', 'Da Lat fire brigade', 'fire_brigade', 'center', 11.94, 108.44, 'busy', 'inc-1', 5)`;

async function migrateAcrossRelease(options: DataSourceOptions): Promise<void> {
  // The previous release's tables, without the entities (they would expect the new column).
  const previous = new DataSource({ ...options, entities: [], migrations: BEFORE });
  await previous.initialize();
  await previous.runMigrations({ transaction: 'each' });
  await previous.query(INSERT_OLD);
  await previous.destroy();

  const next = new DataSource({ ...options, entities: ENTITIES, migrations: MIGRATIONS });
  await next.initialize();
  try {
    await next.runMigrations({ transaction: 'each' });
    const repo = next.getRepository(UnitEntity);
    expect(await repo.findOneByOrFail({ id: 'fire-old' })).toMatchObject({
      name: 'Da Lat fire brigade',
      names: null,
      status: 'busy',
      incidentId: 'inc-1',
      updatedAt: 5,
    });
    const names = { vi: 'Cảnh sát PCCC Đà Lạt', en: 'Da Lat fire brigade' };
    await repo.update({ id: 'fire-old' }, { names });
    expect((await repo.findOneByOrFail({ id: 'fire-old' })).names).toEqual(names);
  } finally {
    await next.destroy();
  }
}

describe('the unit-names migration on a database of the previous release', () => {
  it('SQLite', () => withScratchSqlite(migrateAcrossRelease));

  it('PostgreSQL', () => withScratchPostgres(migrateAcrossRelease));
});
