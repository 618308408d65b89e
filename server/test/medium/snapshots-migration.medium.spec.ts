import { DataSource, type DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from '../../src/database/data-source.factory';
import { ENTITIES, EventEntity, SnapshotEntity } from '../../src/database/entities';
import { Snapshots1733960000000 } from '../../src/database/migrations/1733960000000-snapshots';
import { withScratchPostgres, withScratchSqlite } from './scratch-databases';

// A database written by the release before snapshots opens with all its events, and then
// holds images per event, found by the join the incident detail uses.
const BEFORE = MIGRATIONS.filter((m) => m !== Snapshots1733960000000);

const INSERT_INCIDENT = `INSERT INTO "incidents" ("id", "category", "type", "types", "severity", "baseSeverity", "status", "lat", "lon", "zone", "firstSeen", "lastSeen", "eventCount", "sources", "version", "seq", "escalated", "conditionCleared", "createdAt", "updatedAt", "assignedUnitIds") VALUES ('inc-old', 'fire', 'fire.smoke', '["fire.smoke"]', 'medium', 'medium', 'open', 12.05, 108.44, 'langbiang', 1, 2, 1, '["cam-1"]', 1, 1, false, false, 1, 2, '[]')`;
const INSERT_EVENT = `INSERT INTO "events" ("deviceId", "eventId", "incidentId", "ts", "receivedAt", "type", "confidence", "severity", "lat", "lon", "attributes", "source", "reason") VALUES ('cam-1', 'e-old', 'inc-old', 1, 1, 'fire.smoke', 0.8, NULL, 12.05, 108.44, NULL, 'device', '{"rule":"opened","category":"fire","distanceM":null,"radiusM":null,"gapMs":null,"windowMs":0,"text":""}')`;

async function migrateAcrossRelease(options: DataSourceOptions): Promise<void> {
  const previous = new DataSource({ ...options, migrations: BEFORE });
  await previous.initialize();
  await previous.runMigrations({ transaction: 'each' });
  await previous.query(INSERT_INCIDENT);
  await previous.query(INSERT_EVENT);
  await previous.destroy();

  const next = new DataSource({ ...options, entities: ENTITIES, migrations: MIGRATIONS });
  await next.initialize();
  try {
    await next.runMigrations({ transaction: 'each' });
    const events = await next.getRepository(EventEntity).findBy({ incidentId: 'inc-old' });
    expect(events.map((e) => e.eventId)).toEqual(['e-old']);
    const snapshots = next.getRepository(SnapshotEntity);
    expect(await snapshots.count()).toBe(0);
    await snapshots.insert({
      id: 'a'.repeat(32),
      deviceId: 'cam-1',
      eventId: 'e-old',
      contentType: 'image/jpeg',
      bytes: 1234,
      receivedAt: 5,
    });
    const ofIncident = await snapshots
      .createQueryBuilder('s')
      .innerJoin(EventEntity, 'e', 'e.deviceId = s.deviceId AND e.eventId = s.eventId')
      .where('e.incidentId = :id', { id: 'inc-old' })
      .getMany();
    expect(ofIncident).toEqual([
      expect.objectContaining({ eventId: 'e-old', contentType: 'image/jpeg', receivedAt: 5 }),
    ]);
  } finally {
    await next.destroy();
  }
}

describe('the snapshots migration on a database of the previous release', () => {
  it('SQLite', () => withScratchSqlite(migrateAcrossRelease));

  it('PostgreSQL', () => withScratchPostgres(migrateAcrossRelease));
});
