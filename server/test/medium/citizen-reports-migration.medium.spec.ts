import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MIGRATIONS } from '../../src/database/data-source.factory';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { entityToState } from '../../src/incidents/incident.mapper';
import { CitizenReportEntity, ENTITIES, IncidentEntity } from '../../src/database/entities';
import { InitialSchema1732400000000 } from '../../src/database/migrations/1732400000000-initial-schema';
import { ResponseUnits1732500000000 } from '../../src/database/migrations/1732500000000-response-units';
import { WriteAhead1732600000000 } from '../../src/database/migrations/1732600000000-write-ahead';
import { UserTokenVersion1733000000000 } from '../../src/database/migrations/1733000000000-user-token-version';
import { admin, ADMIN_URL } from './postgres-admin';

// A database of the release before citizen reports opens with its incidents, which have no
// public answer yet; the reports and the webhook outbox start empty.
const BEFORE = [
  InitialSchema1732400000000,
  ResponseUnits1732500000000,
  WriteAhead1732600000000,
  UserTokenVersion1733000000000,
];

async function migrateAcrossRelease(options: DataSourceOptions): Promise<void> {
  const previous = new DataSource({ ...options, entities: ENTITIES, migrations: BEFORE });
  await previous.initialize();
  await previous.runMigrations({ transaction: 'each' });
  await previous.query(
    `INSERT INTO "incidents" ("id", "category", "type", "types", "severity", "baseSeverity", "status", "lat", "lon", "firstSeen", "lastSeen", "eventCount", "sources", "version", "seq", "escalated", "conditionCleared", "createdAt", "updatedAt") VALUES ('inc-1', 'fire', 'fire.smoke', '["fire.smoke"]', 'high', 'high', 'acknowledged', 11.9, 108.4, 1, 2, 1, '["cam-1"]', 2, 1, FALSE, FALSE, 1, 2)`,
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
    const row = await next.getRepository(IncidentEntity).findOneByOrFail({ id: 'inc-1' });
    expect(entityToState(row)).toMatchObject({ status: 'acknowledged', version: 2, answer: null });
    await next.getRepository(CitizenReportEntity).insert({
      trackingCode: 'AAAAAAAAAAAAAAAAAAAAAAAA',
      appId: 'dalat-app',
      via: 'api_key',
      eventId: 'report-1',
      incidentId: 'inc-1',
      status: 'in_progress',
      answeredAt: null,
      createdAt: 3,
      updatedAt: 3,
    });
    await expect(next.query(`SELECT COUNT(*) AS n FROM "citizen_webhook_outbox"`)).resolves.toEqual(
      [{ n: expect.anything() as unknown }],
    );
    await next.undoLastMigration({ transaction: 'each' });
    const after = await next.query<{ id: string }[]>(`SELECT "id" FROM "incidents"`);
    expect(after).toEqual([{ id: 'inc-1' }]);
  } finally {
    await next.destroy();
  }
}

describe('the citizen-reports migration on a database of the previous release', () => {
  it('SQLite', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ioc-migration-'));
    try {
      await migrateAcrossRelease({ type: 'better-sqlite3', database: join(dir, 'ioc.sqlite') });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('PostgreSQL', async () => {
    const database = `ioc_medium_${randomBytes(4).toString('hex')}`;
    await admin(`CREATE DATABASE ${database}`);
    try {
      const url = new URL(ADMIN_URL);
      url.pathname = `/${database}`;
      await migrateAcrossRelease({ type: 'postgres', url: url.toString() });
    } finally {
      await admin(`DROP DATABASE IF EXISTS ${database}`);
    }
  });
});
