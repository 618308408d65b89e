import { DataSource, type DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from '../../src/database/data-source.factory';
import {
  ENTITIES,
  IncidentEntity,
  RuleAuditEntity,
  TriageOverrideEntity,
} from '../../src/database/entities';
import { Triage1733950000000 } from '../../src/database/migrations/1733950000000-triage';
import { entityToState } from '../../src/incidents/incident.mapper';
import { withScratchPostgres, withScratchSqlite } from './scratch-databases';

// A database of the release before triage opens with its incidents, which read as never
// triaged; the new columns and tables take a confirmation, a dismissal, a raised bar and
// its audit.
const BEFORE = MIGRATIONS.filter((m) => m !== Triage1733950000000);

const INSERT_OLD = `INSERT INTO "incidents" ("id", "category", "type", "types", "severity", "baseSeverity", "status", "lat", "lon", "zone", "firstSeen", "lastSeen", "eventCount", "sources", "version", "seq", "escalated", "conditionCleared", "createdAt", "updatedAt") VALUES ('inc-old', 'fire', 'fire.smoke', '["fire.smoke"]', 'medium', 'medium', 'resolved', 12.05, 108.44, 'langbiang', 1, 2, 1, '["cam-1"]', 1, 1, false, false, 1, 2)`;

async function migrateAcrossRelease(options: DataSourceOptions): Promise<void> {
  const previous = new DataSource({ ...options, entities: [], migrations: BEFORE });
  await previous.initialize();
  await previous.runMigrations({ transaction: 'each' });
  await previous.query(INSERT_OLD);
  await previous.destroy();

  const next = new DataSource({ ...options, entities: ENTITIES, migrations: MIGRATIONS });
  await next.initialize();
  try {
    await next.runMigrations({ transaction: 'each' });
    const incidents = next.getRepository(IncidentEntity);
    expect(entityToState(await incidents.findOneByOrFail({ id: 'inc-old' }))).toMatchObject({
      status: 'resolved',
      confirmedAt: null,
      confirmedBy: null,
      dismissReason: null,
      location: { lat: 12.05, lon: 108.44 },
    });
    await incidents.update(
      { id: 'inc-old' },
      { confirmedAt: 1_800_000_000_000, confirmedBy: 'operator', dismissReason: 'fog' },
    );
    expect(entityToState(await incidents.findOneByOrFail({ id: 'inc-old' }))).toMatchObject({
      confirmedAt: 1_800_000_000_000,
      confirmedBy: 'operator',
      dismissReason: 'fog',
    });

    await next.getRepository(TriageOverrideEntity).save({
      deviceId: 'cam-fog',
      type: 'fire.smoke',
      minConfidence: 0.8,
      baseConfidence: 0.6,
      raisedAt: 1_800_000_000_000,
      raisedBy: 'hub',
      reason: '10 of 10',
      undoneAt: null,
    });
    await next.getRepository(RuleAuditEntity).insert({
      at: 1_800_000_000_000,
      actor: 'hub',
      action: 'raised',
      deviceId: 'cam-fog',
      type: 'fire.smoke',
      fromConfidence: 0.6,
      toConfidence: 0.8,
      note: '10 of 10',
    });
    expect(await next.getRepository(TriageOverrideEntity).find()).toEqual([
      expect.objectContaining({
        deviceId: 'cam-fog',
        minConfidence: 0.8,
        raisedAt: 1_800_000_000_000,
      }),
    ]);
    expect(await next.getRepository(RuleAuditEntity).count()).toBe(1);
  } finally {
    await next.destroy();
  }
}

describe('the triage migration on a database of the previous release', () => {
  it('SQLite', () => withScratchSqlite(migrateAcrossRelease));

  it('PostgreSQL', () => withScratchPostgres(migrateAcrossRelease));
});
