import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Response units. The demo units are not seeded here: like the demo users they
 * exist only outside production, so UnitsService seeds them at start-up.
 */
export class ResponseUnits1732500000000 implements MigrationInterface {
  name = 'ResponseUnits1732500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const str = (name: string, length: number, nullable = false) => ({
      name,
      type: 'varchar',
      length: String(length),
      isNullable: nullable,
    });
    await queryRunner.createTable(
      new Table({
        name: 'units',
        columns: [
          { ...str('id', 64), isPrimary: true },
          str('name', 200),
          str('kind', 32),
          str('homeZone', 64, true),
          { name: 'lat', type: 'double precision' },
          { name: 'lon', type: 'double precision' },
          str('status', 16),
          str('incidentId', 64, true),
          { name: 'updatedAt', type: 'bigint' },
        ],
      }),
    );
    // Stats read the audit trail by action and time.
    await queryRunner.createIndex(
      'incident_audit',
      new TableIndex({ name: 'IDX_audit_action_at', columnNames: ['action', 'at'] }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('incident_audit', 'IDX_audit_action_at');
    await queryRunner.dropTable('units', true);
  }
}
