import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The replay's history (docs/contract.md §7 `GET /api/situation`): each committed incident
 * change and each device change as /live pushed it. A database written before this
 * release gets one baseline row per incident and device at start-up (HistoryRepository),
 * from its current row: JSON is built in TypeScript, not in two SQL dialects.
 */
export class SituationHistory1733900000000 implements MigrationInterface {
  name = 'SituationHistory1733900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'incident_history',
        columns: [
          { name: 'seq', type: 'bigint', isPrimary: true },
          { name: 'incidentId', type: 'varchar', length: '64' },
          { name: 'at', type: 'bigint' },
          { name: 'status', type: 'varchar', length: '16' },
          { name: 'body', type: 'text' },
        ],
        indices: [
          new TableIndex({ name: 'IDX_incident_history_at', columnNames: ['at'] }),
          new TableIndex({
            name: 'IDX_incident_history_incident',
            columnNames: ['incidentId', 'seq'],
          }),
        ],
      }),
      true,
    );
    await queryRunner.createTable(
      new Table({
        name: 'device_history',
        columns: [
          {
            name: 'id',
            type: 'integer',
            isPrimary: true,
            isGenerated: true,
            generationStrategy: 'increment',
          },
          { name: 'deviceId', type: 'varchar', length: '64' },
          { name: 'at', type: 'bigint' },
          { name: 'status', type: 'varchar', length: '16' },
          { name: 'body', type: 'text' },
        ],
        indices: [
          new TableIndex({ name: 'IDX_device_history_at', columnNames: ['at'] }),
          new TableIndex({ name: 'IDX_device_history_device', columnNames: ['deviceId', 'id'] }),
        ],
      }),
      true,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('device_history', true);
    await queryRunner.dropTable('incident_history', true);
  }
}
