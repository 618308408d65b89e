import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Federation (docs/federation.md). A district keeps its forwarding cursor (the last incident
 * `seq` its province acknowledged); a province keeps each district's incidents in a table
 * of their own, apart from its `incidents`, so they never meet its correlation.
 */
export class Federation1733600000000 implements MigrationInterface {
  name = 'Federation1733600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'federation_cursor',
        columns: [
          { name: 'upstream', type: 'varchar', length: '64', isPrimary: true },
          { name: 'seq', type: 'bigint', isNullable: false },
          { name: 'updatedAt', type: 'bigint', isNullable: false },
        ],
      }),
      true,
    );
    await queryRunner.createTable(
      new Table({
        name: 'district_incidents',
        columns: [
          { name: 'districtId', type: 'varchar', length: '64', isPrimary: true },
          { name: 'id', type: 'varchar', length: '64', isPrimary: true },
          { name: 'seq', type: 'bigint', isNullable: false },
          { name: 'status', type: 'varchar', length: '16', isNullable: false },
          { name: 'severity', type: 'varchar', length: '16', isNullable: false },
          { name: 'body', type: 'text', isNullable: false },
          { name: 'receivedAt', type: 'bigint', isNullable: false },
        ],
        indices: [{ name: 'IDX_district_incidents_received', columnNames: ['receivedAt'] }],
      }),
      true,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('district_incidents', true);
    await queryRunner.dropTable('federation_cursor', true);
  }
}
