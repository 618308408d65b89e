import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Device identity (issue 14): each device's credential digest, and retirement. Devices of
 * an earlier release keep their rows, unprovisioned until an admin provisions them.
 */
export class DeviceIdentity1733200000000 implements MigrationInterface {
  name = 'DeviceIdentity1733200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumns('devices', [
      new TableColumn({ name: 'secretDigest', type: 'varchar', length: '64', isNullable: true }),
      new TableColumn({ name: 'retired', type: 'boolean', default: false, isNullable: false }),
    ]);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('devices', 'retired');
    await queryRunner.dropColumn('devices', 'secretDigest');
  }
}
