import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';

/** Each account's token version: tokens carry it, and a change of it revokes older tokens. */
export class UserTokenVersion1733000000000 implements MigrationInterface {
  name = 'UserTokenVersion1733000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn(
      'users',
      new TableColumn({ name: 'tokenVersion', type: 'integer', default: 0, isNullable: false }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('users', 'tokenVersion');
  }
}
