import { DataSource, type DataSourceOptions } from 'typeorm';
import { MIGRATIONS, openDataSource } from '../../src/database/data-source.factory';
import { ENTITIES, FederationCursorEntity } from '../../src/database/entities';
import { FederationOutbox1733800000000 } from '../../src/database/migrations/1733800000000-federation-outbox';
import { PostgresBatchWriter } from '../../src/database/postgres-batch-writer';
import {
  federationOutboxRow,
  FederationOutboxRepository,
} from '../../src/federation/federation-outbox.repository';
import { withScratchPostgres, withScratchSqlite } from './scratch-databases';

// Federation's outbox: the migration on a database of the previous release (its cursor
// kept, the outbox empty), and the BatchWriter statement on PostgreSQL.

async function migrateAcrossRelease(options: DataSourceOptions): Promise<void> {
  const previous = new DataSource({
    ...options,
    entities: ENTITIES,
    migrations: MIGRATIONS.slice(0, MIGRATIONS.indexOf(FederationOutbox1733800000000)),
  });
  await previous.initialize();
  await previous.runMigrations({ transaction: 'each' });
  await previous.query(
    `INSERT INTO "federation_cursor" ("upstream", "seq", "updatedAt") VALUES ('lac-duong', 42, 1)`,
  );
  await previous.destroy();

  const next = new DataSource({ ...options, entities: ENTITIES, migrations: MIGRATIONS });
  await next.initialize();
  try {
    await next.runMigrations({ transaction: 'each' });
    const cursor = await next
      .getRepository(FederationCursorEntity)
      .findOneByOrFail({ upstream: 'lac-duong' });
    expect(cursor.seq).toBe(42);
    const outbox = new FederationOutboxRepository(next, { register: () => undefined } as never);
    expect(await outbox.count()).toBe(0);
    await outbox.insert([{ seq: 43, incidentId: 'inc-1', body: '{}', createdAt: 1 }]);
    expect(await outbox.oldest(10)).toEqual([
      { seq: 43, incidentId: 'inc-1', body: '{}', createdAt: 1 },
    ]);
  } finally {
    await next.destroy();
  }
}

describe('the federation outbox migration on a database of the previous release', () => {
  it('SQLite', () => withScratchSqlite(migrateAcrossRelease));
  it('PostgreSQL', () => withScratchPostgres(migrateAcrossRelease));
});

describe('the federation outbox through the PostgreSQL BatchWriter', () => {
  it('stores rows in the batch, reads them in seq order and deletes the acknowledged ones', async () => {
    await withScratchPostgres(async (options) => {
      if (options.type !== 'postgres' || !options.url) throw new Error('a PostgreSQL URL');
      const dataSource = await openDataSource({ kind: 'postgres', url: options.url });
      const writer = new PostgresBatchWriter(dataSource);
      try {
        const outbox = new FederationOutboxRepository(dataSource, writer);
        writer.start();
        const body = (status: string) => JSON.stringify({ id: 'inc-1', status });
        await writer.write({
          federationOutbox: [
            federationOutboxRow(7, 'inc-1', body('acknowledged'), 100),
            federationOutboxRow(5, 'inc-1', body('open'), 100),
            federationOutboxRow(9, 'inc-1', body('dispatched'), 100),
          ],
        });
        expect((await outbox.oldest(2)).map((r) => [r.seq, r.body])).toEqual([
          [5, body('open')],
          [7, body('acknowledged')],
        ]);
        await outbox.acknowledged(7);
        expect((await outbox.oldest(10)).map((r) => r.seq)).toEqual([9]);
        expect(await outbox.count()).toBe(1);
      } finally {
        await writer.close();
        await dataSource.destroy();
      }
    });
  });
});
