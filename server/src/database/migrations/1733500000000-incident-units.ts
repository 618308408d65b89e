import { Table, TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Several units per incident: `assignedUnitIds` (JSON text, like `sources`). An incident
 * from the previous release keeps its one unit as a list of one. And the wall screens'
 * read-only credentials (`wall_tokens`).
 */
export class IncidentUnits1733500000000 implements MigrationInterface {
  name = 'IncidentUnits1733500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn(
      'incidents',
      new TableColumn({
        name: 'assignedUnitIds',
        type: 'text',
        default: "'[]'",
        isNullable: false,
      }),
    );
    // Unit ids are [A-Za-z0-9_.-] (CreateUnitRequestSchema), so plain concatenation is valid JSON.
    await queryRunner.query(
      `UPDATE "incidents" SET "assignedUnitIds" = '["' || "assignedUnitId" || '"]' WHERE "assignedUnitId" IS NOT NULL`,
    );
    const str = (name: string, length: number) => ({
      name,
      type: 'varchar',
      length: String(length),
    });
    await queryRunner.createTable(
      new Table({
        name: 'wall_tokens',
        columns: [
          { ...str('id', 64), isPrimary: true },
          str('label', 100),
          str('username', 64),
          str('createdBy', 64),
          { name: 'createdAt', type: 'bigint' },
          { name: 'expiresAt', type: 'bigint' },
          { name: 'revokedAt', type: 'bigint', isNullable: true },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('wall_tokens', true);
    await queryRunner.dropColumn('incidents', 'assignedUnitIds');
  }
}
