import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * One language at a time: hub-written audit entries as a code with parameters, rendered by
 * the console in its own language (older rows keep null and show their stored note), and
 * device names per language from the birth.
 */
export class Language1733400000000 implements MigrationInterface {
  name = 'Language1733400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumns('incident_audit', [
      new TableColumn({ name: 'code', type: 'varchar', length: '48', isNullable: true }),
      new TableColumn({ name: 'params', type: 'text', isNullable: true }),
    ]);
    await queryRunner.addColumn(
      'devices',
      new TableColumn({ name: 'names', type: 'text', isNullable: true }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('devices', 'names');
    await queryRunner.dropColumn('incident_audit', 'params');
    await queryRunner.dropColumn('incident_audit', 'code');
  }
}
