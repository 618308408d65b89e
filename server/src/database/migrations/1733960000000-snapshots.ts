import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Event images (issue 19): one row per stored image, the image itself in the snapshot store
 * (a file in DATA_DIR/snapshots by default). The row goes in only once the image is durable.
 */
export class Snapshots1733960000000 implements MigrationInterface {
  name = 'Snapshots1733960000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'snapshots',
        columns: [
          { name: 'id', type: 'varchar', length: '64', isPrimary: true },
          { name: 'deviceId', type: 'varchar', length: '64' },
          { name: 'eventId', type: 'varchar', length: '128' },
          { name: 'contentType', type: 'varchar', length: '32' },
          { name: 'bytes', type: 'integer' },
          { name: 'receivedAt', type: 'bigint' },
        ],
        indices: [{ name: 'IDX_snapshots_event', columnNames: ['deviceId', 'eventId'] }],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('snapshots');
  }
}
