import { Table, TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Triage and learning from false alarms: who confirmed an `unverified` incident and when
 * (the SLA runs from then), why one was dismissed; the per-device raised confidence bars
 * and their audit. Nullable columns: incidents stored before triage read as never triaged.
 */
export class Triage1733950000000 implements MigrationInterface {
  name = 'Triage1733950000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumns('incidents', [
      new TableColumn({ name: 'confirmedAt', type: 'bigint', isNullable: true }),
      new TableColumn({ name: 'confirmedBy', type: 'varchar', length: '64', isNullable: true }),
      new TableColumn({ name: 'dismissReason', type: 'varchar', length: '16', isNullable: true }),
    ]);
    await queryRunner.createTable(
      new Table({
        name: 'triage_overrides',
        columns: [
          { name: 'deviceId', type: 'varchar', length: '64', isPrimary: true },
          { name: 'type', type: 'varchar', length: '64', isPrimary: true },
          { name: 'minConfidence', type: 'double precision', isNullable: true },
          { name: 'baseConfidence', type: 'double precision', isNullable: false },
          { name: 'raisedAt', type: 'bigint', isNullable: false },
          { name: 'raisedBy', type: 'varchar', length: '64', isNullable: false },
          { name: 'reason', type: 'text', isNullable: false },
          // Set when an admin undid the raise: learning counts only incidents after it.
          { name: 'undoneAt', type: 'bigint', isNullable: true },
        ],
      }),
      true,
    );
    await queryRunner.createTable(
      new Table({
        name: 'rule_audit',
        columns: [
          {
            name: 'id',
            type: 'integer',
            isPrimary: true,
            isGenerated: true,
            generationStrategy: 'increment',
          },
          { name: 'at', type: 'bigint', isNullable: false },
          { name: 'actor', type: 'varchar', length: '64', isNullable: false },
          { name: 'action', type: 'varchar', length: '16', isNullable: false },
          { name: 'deviceId', type: 'varchar', length: '64', isNullable: false },
          { name: 'type', type: 'varchar', length: '64', isNullable: false },
          { name: 'fromConfidence', type: 'double precision', isNullable: true },
          { name: 'toConfidence', type: 'double precision', isNullable: true },
          { name: 'note', type: 'text', isNullable: false },
        ],
      }),
      true,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('rule_audit', true);
    await queryRunner.dropTable('triage_overrides', true);
    await queryRunner.dropColumns('incidents', ['dismissReason', 'confirmedBy', 'confirmedAt']);
  }
}
