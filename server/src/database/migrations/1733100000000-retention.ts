import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';

/** As shared's SOURCES_LISTED; a migration keeps its own copy, since it must not change. */
const SOURCES_LISTED = 20;
const PAGE = 500;

/**
 * Retention (docs/contract.md §9 `RETENTION_DAYS`): indexes on the times telemetry and
 * rejections are pruned by (events already have one on `receivedAt`). Incident sources:
 * every source moves to `incident_sources`, the incident keeps a count and the first
 * SOURCES_LISTED, so its row and its pushes stop growing with each new device.
 */
export class Retention1733100000000 implements MigrationInterface {
  name = 'Retention1733100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const postgres = queryRunner.connection.driver.options.type === 'postgres';
    await queryRunner.query('CREATE INDEX "IDX_telemetry_ts" ON "telemetry" ("ts")');
    await queryRunner.query('CREATE INDEX "IDX_rejections_at" ON "ingest_rejections" ("at")');
    await queryRunner.createTable(
      new Table({
        name: 'incident_sources',
        columns: [
          { name: 'incidentId', type: 'varchar', length: '64', isPrimary: true },
          { name: 'source', type: 'varchar', length: '200', isPrimary: true },
          { name: 'ordinal', type: 'integer' },
        ],
      }),
    );
    // ADD COLUMN in place on both databases (TypeORM's addColumn rebuilds a SQLite table).
    await queryRunner.query(
      'ALTER TABLE "incidents" ADD COLUMN "sourceCount" integer NOT NULL DEFAULT 0',
    );
    await moveSources(queryRunner, postgres);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    // Lists cut to SOURCES_LISTED stay cut: the rest was only in incident_sources.
    await queryRunner.query('ALTER TABLE "incidents" DROP COLUMN "sourceCount"');
    await queryRunner.dropTable('incident_sources', true);
    await queryRunner.query('DROP INDEX "IDX_rejections_at"');
    await queryRunner.query('DROP INDEX "IDX_telemetry_ts"');
  }
}

/** Page by page (a large database is not read whole): the full list out, a short one kept. */
async function moveSources(queryRunner: QueryRunner, postgres: boolean): Promise<void> {
  const p = (n: number): string => (postgres ? `$${n}` : '?');
  let after = '';
  for (;;) {
    const rows = (await queryRunner.query(
      `SELECT "id", "sources" FROM "incidents" WHERE "id" > ${p(1)} ORDER BY "id" LIMIT ${PAGE}`,
      [after],
    )) as { id: string; sources: string }[];
    if (rows.length === 0) return;
    for (const row of rows) {
      const sources = [...new Set(parseList(row.sources))];
      await insertSources(queryRunner, row.id, sources, p);
      await queryRunner.query(
        `UPDATE "incidents" SET "sourceCount" = ${p(1)}, "sources" = ${p(2)} WHERE "id" = ${p(3)}`,
        [sources.length, JSON.stringify(sources.slice(0, SOURCES_LISTED)), row.id],
      );
    }
    after = rows[rows.length - 1]!.id;
  }
}

async function insertSources(
  queryRunner: QueryRunner,
  incidentId: string,
  sources: readonly string[],
  p: (n: number) => string,
): Promise<void> {
  // 3 parameters a row; 300 rows stay far below either database's parameter limit.
  for (let start = 0; start < sources.length; start += 300) {
    const chunk = sources.slice(start, start + 300);
    const values = chunk.map((_, i) => `(${p(i * 3 + 1)}, ${p(i * 3 + 2)}, ${p(i * 3 + 3)})`);
    await queryRunner.query(
      `INSERT INTO "incident_sources" ("incidentId", "source", "ordinal") VALUES ${values.join(', ')}`,
      chunk.flatMap((source, i) => [incidentId, source, start + i]),
    );
  }
}

function parseList(text: string): string[] {
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
  } catch {
    return [];
  }
}
