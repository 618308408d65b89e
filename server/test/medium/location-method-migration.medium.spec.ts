import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MIGRATIONS } from '../../src/database/data-source.factory';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { ENTITIES, IncidentEntity } from '../../src/database/entities';
import { InitialSchema1732400000000 } from '../../src/database/migrations/1732400000000-initial-schema';
import { ResponseUnits1732500000000 } from '../../src/database/migrations/1732500000000-response-units';
import { WriteAhead1732600000000 } from '../../src/database/migrations/1732600000000-write-ahead';
import { UserTokenVersion1733000000000 } from '../../src/database/migrations/1733000000000-user-token-version';
import { entityToState } from '../../src/incidents/incident.mapper';
import { admin, ADMIN_URL } from './postgres-admin';

// An incident stored before bearings reads back as `reported`, with no uncertainty or
// rays; a triangulated one keeps its method, uncertainty and rays.
const BEFORE = [
  InitialSchema1732400000000,
  ResponseUnits1732500000000,
  WriteAhead1732600000000,
  UserTokenVersion1733000000000,
];

const INSERT_OLD = `INSERT INTO "incidents" ("id", "category", "type", "types", "severity", "baseSeverity", "status", "lat", "lon", "zone", "firstSeen", "lastSeen", "eventCount", "sources", "version", "seq", "escalated", "conditionCleared", "createdAt", "updatedAt") VALUES ('inc-old', 'fire', 'fire.smoke', '["fire.smoke"]', 'medium', 'medium', 'open', 12.05, 108.44, 'langbiang', 1, 2, 1, '["cam-1"]', 1, 1, false, false, 1, 2)`;

async function migrateAcrossRelease(options: DataSourceOptions): Promise<void> {
  const previous = new DataSource({ ...options, entities: ENTITIES, migrations: BEFORE });
  await previous.initialize();
  await previous.runMigrations({ transaction: 'each' });
  await previous.query(INSERT_OLD);
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
    const repo = next.getRepository(IncidentEntity);
    const old = entityToState(await repo.findOneByOrFail({ id: 'inc-old' }));
    expect(old).toMatchObject({
      locationMethod: 'reported',
      locationUncertaintyM: null,
      rays: [],
      location: { lat: 12.05, lon: 108.44 },
    });
    const ray = {
      source: 'cam-1',
      origin: { lat: 12, lon: 108.4 },
      bearingDeg: 45,
      spreadDeg: 1,
      rangeM: 15_000,
    };
    await repo.update(
      { id: 'inc-old' },
      { locationMethod: 'triangulated', locationUncertaintyM: 180.5, rays: [ray] },
    );
    const triangulated = entityToState(await repo.findOneByOrFail({ id: 'inc-old' }));
    expect(triangulated).toMatchObject({
      locationMethod: 'triangulated',
      locationUncertaintyM: 180.5,
      rays: [ray],
    });
  } finally {
    await next.destroy();
  }
}

describe('the location-method migration on a database of the previous release', () => {
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
