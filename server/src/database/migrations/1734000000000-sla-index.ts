import { TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The SLA check's index (sla.repository.ts): once a second it looks for open, unescalated
 * incidents created before their severity's limit. With only the `status` index it read
 * every open incident each time; on SQLite, where the writer thread's commits empty the
 * main connection's page cache, that was 4-87 ms of the event loop a second under load
 * (docs/benchmarks.md). With this index each severity is one range scan of the overdue.
 */
export class SlaIndex1734000000000 implements MigrationInterface {
  name = 'SlaIndex1734000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createIndex(
      'incidents',
      new TableIndex({
        name: 'IDX_incidents_sla',
        columnNames: ['status', 'escalated', 'severity', 'createdAt'],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('incidents', 'IDX_incidents_sla');
  }
}
