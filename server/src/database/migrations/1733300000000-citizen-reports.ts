import { Table, TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Citizens hear back (docs/contract.md §7): an incident's public answer, the citizen reports
 * with their tracking codes, and the outbox of webhook notifications, written in the
 * transaction of the change that causes them.
 */
export class CitizenReports1733300000000 implements MigrationInterface {
  name = 'CitizenReports1733300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const postgres = queryRunner.connection.driver.options.type === 'postgres';
    await queryRunner.addColumns('incidents', [
      new TableColumn({ name: 'answerText', type: 'text', isNullable: true }),
      new TableColumn({ name: 'answeredBy', type: 'varchar', length: '64', isNullable: true }),
      new TableColumn({ name: 'answeredAt', type: 'bigint', isNullable: true }),
    ]);
    await queryRunner.createTable(
      new Table({
        name: 'citizen_reports',
        columns: [
          { name: 'trackingCode', type: 'varchar', length: '32', isPrimary: true },
          { name: 'appId', type: 'varchar', length: '64' },
          { name: 'via', type: 'varchar', length: '16' },
          { name: 'eventId', type: 'varchar', length: '128' },
          { name: 'incidentId', type: 'varchar', length: '64' },
          { name: 'status', type: 'varchar', length: '16' },
          { name: 'answeredAt', type: 'bigint', isNullable: true },
          { name: 'createdAt', type: 'bigint' },
          { name: 'updatedAt', type: 'bigint' },
        ],
        indices: [{ name: 'IDX_citizen_reports_incident', columnNames: ['incidentId'] }],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'citizen_webhook_outbox',
        columns: [
          {
            name: 'id',
            type: postgres ? 'bigint' : 'integer',
            isPrimary: true,
            isGenerated: true,
            generationStrategy: 'increment',
          },
          { name: 'deliveryId', type: 'varchar', length: '36', isUnique: true },
          { name: 'appId', type: 'varchar', length: '64' },
          { name: 'sequence', type: 'bigint' },
          { name: 'body', type: 'text' },
          { name: 'createdAt', type: 'bigint' },
          { name: 'attempts', type: 'integer', default: 0 },
          { name: 'nextAttemptAt', type: 'bigint' },
          { name: 'lastError', type: 'text', isNullable: true },
          { name: 'deliveredAt', type: 'bigint', isNullable: true },
          { name: 'deadAt', type: 'bigint', isNullable: true },
        ],
      }),
    );
    await queryRunner.createIndex(
      'citizen_webhook_outbox',
      new TableIndex({
        name: 'IDX_citizen_webhook_outbox_sequence',
        columnNames: ['appId', 'sequence'],
        isUnique: true,
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('citizen_webhook_outbox', true);
    await queryRunner.dropTable('citizen_reports', true);
    for (const column of ['answeredAt', 'answeredBy', 'answerText'])
      await queryRunner.dropColumn('incidents', column);
  }
}
