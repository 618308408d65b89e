import type { DataSource } from 'typeorm';
import { insertHead, upsertTail, type BatchStatement, type BatchWriter } from './batch-writer';

interface Prepared {
  sql: string;
  width: number;
}

/**
 * One `INSERT … SELECT * FROM unnest($1::type[], …)` per statement and write, all in one
 * transaction: a parameter per column rather than per value, whatever the batch size.
 */
export class PostgresBatchWriter implements BatchWriter {
  private readonly statements = new Map<string, Prepared>();

  constructor(private readonly dataSource: DataSource) {}

  register(statement: BatchStatement): void {
    if (this.statements.has(statement.name)) return;
    const arrays = statement.columns
      .map((c, i) => `$${i + 1}::${statement.pgTypes[c] ?? 'varchar'}[]`)
      .join(', ');
    const tail =
      statement.onConflict?.kind === 'ignore' ? ' ON CONFLICT DO NOTHING' : upsertTail(statement);
    this.statements.set(statement.name, {
      sql: `${insertHead(statement)} SELECT * FROM unnest(${arrays})${tail}`,
      width: statement.columns.length,
    });
  }

  start(): void {}

  async write(rowsByStatement: Readonly<Record<string, unknown[][]>>): Promise<void> {
    for (const name of Object.keys(rowsByStatement))
      if (!this.statements.has(name)) throw new Error(`no PostgreSQL statement ${name}`);
    const work: { statement: Prepared; rows: unknown[][] }[] = [];
    // Registration order, as on SQLite: incidents before the events that refer to them.
    for (const [name, statement] of this.statements) {
      const rows = rowsByStatement[name];
      if (rows && rows.length > 0) work.push({ statement, rows });
    }
    if (work.length === 0) return;
    await this.dataSource.transaction(async (manager) => {
      for (const { statement, rows } of work) {
        const columns = Array.from({ length: statement.width }, (_, i) =>
          rows.map((row) => row[i]),
        );
        await manager.query(statement.sql, columns);
      }
    });
  }

  bool(value: boolean): boolean {
    return value;
  }

  async close(): Promise<void> {}
}
