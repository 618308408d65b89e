import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MIGRATIONS } from '../../src/database/data-source.factory';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { SOURCES_LISTED } from '@ioc/shared';
import { ENTITIES } from '../../src/database/entities';
import { InitialSchema1732400000000 } from '../../src/database/migrations/1732400000000-initial-schema';
import { ResponseUnits1732500000000 } from '../../src/database/migrations/1732500000000-response-units';
import { WriteAhead1732600000000 } from '../../src/database/migrations/1732600000000-write-ahead';
import { UserTokenVersion1733000000000 } from '../../src/database/migrations/1733000000000-user-token-version';
import { admin, ADMIN_URL } from './postgres-admin';

// A database of the release before retention, holding an incident whose `sources` grew to
// 500, opens with every source moved to incident_sources, the count kept and the list cut.
const BEFORE = [
  InitialSchema1732400000000,
  ResponseUnits1732500000000,
  WriteAhead1732600000000,
  UserTokenVersion1733000000000,
];

const INCIDENT_COLUMNS =
  '"id", "category", "type", "types", "severity", "baseSeverity", "status", "lat", "lon", ' +
  '"firstSeen", "lastSeen", "eventCount", "sources", "version", "seq", "escalated", ' +
  '"conditionCleared", "createdAt", "updatedAt"';

function incidentValues(id: string, seq: number, sources: string[]): string {
  return (
    `('${id}', 'fire', 'fire.smoke', '["fire.smoke"]', 'high', 'medium', 'closed', 12, 108, ` +
    `1, 2, ${sources.length}, '${JSON.stringify(sources)}', 1, ${seq}, false, false, 1, 2)`
  );
}

async function migrateAcrossRelease(options: DataSourceOptions): Promise<void> {
  const many = Array.from({ length: 500 }, (_, i) => `cam-${i}`);
  const previous = new DataSource({ ...options, entities: ENTITIES, migrations: BEFORE });
  await previous.initialize();
  await previous.runMigrations({ transaction: 'each' });
  await previous.query(
    `INSERT INTO "incidents" (${INCIDENT_COLUMNS}) VALUES ` +
      `${incidentValues('inc-many', 1, many)}, ${incidentValues('inc-two', 2, ['cam-a', 'citizen:app'])}`,
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
    const incidents = await next.query<{ id: string; sources: string; sourceCount: number }[]>(
      `SELECT "id", "sources", "sourceCount" FROM "incidents" ORDER BY "id"`,
    );
    expect(
      incidents.map((r) => [r.id, JSON.parse(r.sources) as string[], Number(r.sourceCount)]),
    ).toEqual([
      ['inc-many', many.slice(0, SOURCES_LISTED), 500],
      ['inc-two', ['cam-a', 'citizen:app'], 2],
    ]);
    const stored = await next.query<{ source: string }[]>(
      `SELECT "source" FROM "incident_sources" WHERE "incidentId" = 'inc-many' ORDER BY "ordinal"`,
    );
    expect(stored.map((r) => r.source)).toEqual(many);
  } finally {
    await next.destroy();
  }
}

describe('the retention migration on a database of the previous release', () => {
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
