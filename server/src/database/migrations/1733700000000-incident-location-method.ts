import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * How each incident's place was found (reported, triangulated from camera bearings, or one
 * camera's ray), its uncertainty and the rays. Nullable: older rows read as `reported`.
 */
export class IncidentLocationMethod1733700000000 implements MigrationInterface {
  name = 'IncidentLocationMethod1733700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumns('incidents', [
      new TableColumn({ name: 'locationMethod', type: 'varchar', length: '16', isNullable: true }),
      new TableColumn({ name: 'locationUncertaintyM', type: 'double precision', isNullable: true }),
      new TableColumn({ name: 'rays', type: 'text', isNullable: true }),
    ]);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumns('incidents', ['rays', 'locationUncertaintyM', 'locationMethod']);
  }
}
