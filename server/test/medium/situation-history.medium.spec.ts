import { DataSource, type DataSourceOptions } from 'typeorm';
import { MIGRATIONS, openDataSource } from '../../src/database/data-source.factory';
import { ENTITIES } from '../../src/database/entities';
import { SituationHistory1733900000000 } from '../../src/database/migrations/1733900000000-situation-history';
import { PostgresBatchWriter } from '../../src/database/postgres-batch-writer';
import {
  deviceHistoryRow,
  HistoryRepository,
  incidentHistoryRow,
} from '../../src/situation/history.repository';
import { withScratchPostgres, withScratchSqlite } from './scratch-databases';

// The replay's history: the migration on a database of the previous release (its incidents
// and devices kept, each given a baseline row at start), and both statements through the
// PostgreSQL BatchWriter.

const INSERT_INCIDENT = `INSERT INTO "incidents" ("id", "category", "type", "types", "severity", "baseSeverity", "status", "lat", "lon", "zone", "firstSeen", "lastSeen", "eventCount", "sources", "sourceCount", "version", "seq", "escalated", "conditionCleared", "assignedUnitIds", "createdAt", "updatedAt") VALUES ('inc-old', 'fire', 'fire.smoke', '["fire.smoke"]', 'high', 'medium', 'acknowledged', 12.05, 108.44, 'langbiang', 1000, 2000, 3, '["cam-1"]', 1, 2, 7, false, false, '[]', 1000, 2500)`;
const INSERT_DEVICE = `INSERT INTO "devices" ("id", "kind", "name", "lat", "lon", "zone", "capabilities", "status", "registered", "lastSeen", "updatedAt", "retired") VALUES ('cam-1', 'camera', 'Ridge cam', 12.0, 108.4, 'langbiang', '[]', 'offline', true, 1500, 1800, false)`;

async function migrateAcrossRelease(options: DataSourceOptions): Promise<void> {
  const previous = new DataSource({
    ...options,
    entities: ENTITIES,
    migrations: MIGRATIONS.slice(0, MIGRATIONS.indexOf(SituationHistory1733900000000)),
  });
  await previous.initialize();
  await previous.runMigrations({ transaction: 'each' });
  await previous.query(INSERT_INCIDENT);
  await previous.query(INSERT_DEVICE);
  await previous.destroy();

  const next = new DataSource({ ...options, entities: ENTITIES, migrations: MIGRATIONS });
  await next.initialize();
  try {
    await next.runMigrations({ transaction: 'each' });
    const history = new HistoryRepository(next, { register: () => undefined } as never);
    await history.seedBaseline();
    // A second start adds nothing.
    await history.seedBaseline();
    const before = await history.incidentsAt(2499);
    expect(before).toEqual([]);
    const [incident] = await history.incidentsAt(2500);
    expect(incident).toMatchObject({ seq: 7, incidentId: 'inc-old', at: 2500 });
    expect(JSON.parse(incident!.body)).toMatchObject({
      id: 'inc-old',
      status: 'acknowledged',
      severity: 'high',
      eventCount: 3,
      locationMethod: 'reported',
    });
    const devices = await history.devicesAt(1800);
    expect(devices).toHaveLength(1);
    expect(JSON.parse(devices[0]!.body)).toMatchObject({ id: 'cam-1', status: 'offline' });
    expect(await history.oldest()).toBe(1800);
  } finally {
    await next.destroy();
  }
}

describe('the situation history migration on a database of the previous release', () => {
  it('SQLite', () => withScratchSqlite(migrateAcrossRelease));
  it('PostgreSQL', () => withScratchPostgres(migrateAcrossRelease));
});

describe('the situation history through the PostgreSQL BatchWriter', () => {
  it('stores changes and answers the latest state at a moment and the changes between two', async () => {
    await withScratchPostgres(async (options) => {
      if (options.type !== 'postgres' || !options.url) throw new Error('a PostgreSQL URL');
      const dataSource = await openDataSource({ kind: 'postgres', url: options.url });
      const writer = new PostgresBatchWriter(dataSource);
      try {
        const history = new HistoryRepository(dataSource, writer);
        writer.start();
        const incident = (seq: number, status: string) => ({ id: 'inc-1', seq, status }) as never;
        await writer.write({
          incidentHistory: [incidentHistoryRow(incident(1, 'open'), 100)],
          deviceHistory: [deviceHistoryRow({ id: 'cam-1', status: 'online' } as never, 100)],
        });
        await writer.write({
          incidentHistory: [incidentHistoryRow(incident(2, 'dispatched'), 200)],
        });
        await history.writeDevices([
          deviceHistoryRow({ id: 'cam-1', status: 'offline' } as never, 300),
        ]);

        const at150 = await history.incidentsAt(150);
        expect(at150.map((r) => [r.seq, r.status])).toEqual([[1, 'open']]);
        const at250 = await history.incidentsAt(250);
        expect(at250.map((r) => [r.seq, r.status])).toEqual([[2, 'dispatched']]);
        expect((await history.devicesAt(250)).map((r) => r.status)).toEqual(['online']);
        expect((await history.devicesAt(300)).map((r) => r.status)).toEqual(['offline']);
        expect((await history.incidentsBetween(100, 300, 10)).map((r) => r.seq)).toEqual([2]);
        expect((await history.devicesBetween(0, 300, 10)).map((r) => r.at)).toEqual([100, 300]);
      } finally {
        await writer.close();
        await dataSource.destroy();
      }
    });
  });
});
