import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * A response unit's name per language (`names: {vi?, en?}`), as devices have had since the
 * language migration; units stored before keep null and show their one `name`.
 */
export class UnitNames1733910000000 implements MigrationInterface {
  name = 'UnitNames1733910000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn(
      'units',
      new TableColumn({ name: 'names', type: 'text', isNullable: true }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('units', 'names');
  }
}
