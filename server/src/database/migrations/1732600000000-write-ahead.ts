import { Table, TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Write-ahead ingest (docs/architecture.md, the write path): an accepted event is stored
 * before it is correlated, so `events.incidentId` is NULL until its incident is written
 * with it; a partial index finds those rows at start-up for the replay. Rejections are
 * stored too, since a device deletes a rejected message once it is acknowledged.
 */
export class WriteAhead1732600000000 implements MigrationInterface {
  name = 'WriteAhead1732600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const postgres = queryRunner.connection.driver.options.type === 'postgres';
    await setIncidentNullable(queryRunner, postgres, true);
    await queryRunner.query(
      'CREATE INDEX "IDX_events_unlinked" ON "events" ("receivedAt") WHERE "incidentId" IS NULL',
    );
    await queryRunner.createTable(
      new Table({
        name: 'ingest_rejections',
        columns: [
          {
            name: 'id',
            type: postgres ? 'bigint' : 'integer',
            isPrimary: true,
            isGenerated: true,
            generationStrategy: 'increment',
          },
          { name: 'at', type: 'bigint' },
          { name: 'topic', type: 'varchar', length: '512' },
          { name: 'reason', type: 'varchar', length: '32' },
          { name: 'message', type: 'text' },
          { name: 'payload', type: 'text' },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('ingest_rejections', true);
    await queryRunner.query('DROP INDEX "IDX_events_unlinked"');
    // Rows still waiting for their incident cannot go back under NOT NULL.
    await queryRunner.query('DELETE FROM "events" WHERE "incidentId" IS NULL');
    await setIncidentNullable(
      queryRunner,
      queryRunner.connection.driver.options.type === 'postgres',
      false,
    );
  }
}

/**
 * PostgreSQL alters the column in place (TypeORM's changeColumn would drop and re-add it,
 * losing every stored link); SQLite cannot, so TypeORM rebuilds the table with its rows.
 */
async function setIncidentNullable(
  queryRunner: QueryRunner,
  postgres: boolean,
  nullable: boolean,
): Promise<void> {
  if (postgres) {
    await queryRunner.query(
      `ALTER TABLE "events" ALTER COLUMN "incidentId" ${nullable ? 'DROP' : 'SET'} NOT NULL`,
    );
    return;
  }
  await queryRunner.changeColumn(
    'events',
    'incidentId',
    new TableColumn({ name: 'incidentId', type: 'varchar', length: '64', isNullable: nullable }),
  );
}
