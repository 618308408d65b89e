import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Federation's durable outbox (docs/federation.md): one row per forwarded incident change,
 * the incident as it was at that change, written in the change's own transaction and
 * deleted once the province acknowledged it. The old cursor table stays: a district that
 * upgrades with changes past its cursor has them copied into the outbox at start.
 */
export class FederationOutbox1733800000000 implements MigrationInterface {
  name = 'FederationOutbox1733800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'federation_outbox',
        columns: [
          { name: 'seq', type: 'bigint', isPrimary: true },
          { name: 'incidentId', type: 'varchar', length: '64', isNullable: false },
          { name: 'body', type: 'text', isNullable: false },
          { name: 'createdAt', type: 'bigint', isNullable: false },
        ],
      }),
      true,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('federation_outbox', true);
  }
}
