import { DataSource, type DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from '../../src/database/data-source.factory';
import { ENTITIES } from '../../src/database/entities';
import { SlaIndex1734000000000 } from '../../src/database/migrations/1734000000000-sla-index';
import { SlaRepository } from '../../src/sla/sla.repository';
import { withScratchSqlite, withScratchPostgres } from './scratch-databases';

// Incidents stored by the previous release keep their SLA: after the upgrade the check finds
// the overdue ones (created, or confirmed, before the limit) through its new index.
const BEFORE = MIGRATIONS.slice(0, MIGRATIONS.indexOf(SlaIndex1734000000000));
const NOW = 10_000_000;
const LIMITS = { low: 4_000_000, medium: 2_000_000, high: 1_000_000, critical: 500_000 };

function incident(
  id: string,
  seq: number,
  severity: string,
  createdAt: number,
  confirmedAt: number | null = null,
  status = 'open',
): string {
  return (
    `INSERT INTO "incidents" ("id", "category", "type", "types", "severity", "baseSeverity", "status", "lat", "lon", "zone", "firstSeen", "lastSeen", "eventCount", "sources", "version", "seq", "escalated", "conditionCleared", "createdAt", "updatedAt", "confirmedAt") ` +
    `VALUES ('${id}', 'fire', 'fire.smoke', '["fire.smoke"]', '${severity}', '${severity}', '${status}', 12.05, 108.44, 'langbiang', 1, 2, 1, '["cam-1"]', 1, ${seq}, false, false, ${createdAt}, ${createdAt}, ${confirmedAt ?? 'NULL'})`
  );
}

async function migrateAcrossRelease(options: DataSourceOptions): Promise<void> {
  const previous = new DataSource({ ...options, entities: [], migrations: BEFORE });
  await previous.initialize();
  await previous.runMigrations({ transaction: 'each' });
  await previous.query(incident('high-overdue', 1, 'high', NOW - 1_500_000));
  await previous.query(incident('high-fresh', 2, 'high', NOW - 500_000));
  await previous.query(incident('low-fresh', 3, 'low', NOW - 1_500_000));
  // Confirmed from triage: its SLA runs from the confirmation.
  await previous.query(incident('confirmed-late', 4, 'high', NOW - 3_000_000, NOW - 200_000));
  await previous.query(incident('confirmed-early', 5, 'high', NOW - 3_000_000, NOW - 1_200_000));
  await previous.query(incident('resolved', 6, 'critical', NOW - 3_000_000, null, 'resolved'));
  await previous.destroy();

  const next = new DataSource({ ...options, entities: ENTITIES, migrations: MIGRATIONS });
  await next.initialize();
  try {
    await next.runMigrations({ transaction: 'each' });
    const runner = next.createQueryRunner();
    const table = await runner.getTable('incidents');
    await runner.release();
    // (TypeORM lists PostgreSQL's index columns in table order: compared as a set.)
    const columns = table?.indices.find((i) => i.name === 'IDX_incidents_sla')?.columnNames;
    expect([...(columns ?? [])].sort()).toEqual(['createdAt', 'escalated', 'severity', 'status']);
    const overdue = await new SlaRepository(next).overdue(LIMITS, NOW);
    expect(overdue.sort()).toEqual(['confirmed-early', 'high-overdue']);
  } finally {
    await next.destroy();
  }
}

describe('the SLA index migration on a database of the previous release', () => {
  it('SQLite', () => withScratchSqlite(migrateAcrossRelease));

  it('PostgreSQL', () => withScratchPostgres(migrateAcrossRelease));
});
