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
    await queryRunner.changeColumn(
      'events',
      'incidentId',
      new TableColumn({ name: 'incidentId', type: 'varchar', length: '64', isNullable: true }),
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_events_unlinked" ON "events" ("receivedAt") WHERE "incidentId" IS NULL',
    );
    const postgres = queryRunner.connection.driver.options.type === 'postgres';
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
    await queryRunner.changeColumn(
      'events',
      'incidentId',
      new TableColumn({ name: 'incidentId', type: 'varchar', length: '64', isNullable: false }),
    );
  }
}
