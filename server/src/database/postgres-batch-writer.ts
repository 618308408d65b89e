import type { DataSource } from 'typeorm';
import {
  codedError,
  insertHead,
  isVersionConflict,
  VersionConflictError,
  NOTHING_SKIPPED,
  upsertTail,
  type BatchStatement,
  type BatchWriter,
  type WriteResult,
} from './batch-writer';
import { lastPerKey } from './last-per-key';

interface Prepared {
  sql: string;
  width: number;
  /** For an `ignore` statement: the key's column positions, returned for inserted rows. */
  key: number[] | null;
  /** For an `update` upsert: the key's column positions, one row per key in a statement. */
  upsertKey: number[] | null;
  /** A compare-and-set (RETURNING its key): a row that matched none aborts the transaction. */
  compareAndSet: boolean;
}

/** A check run first in a transaction, through its query function; throws to abort it. */
export type TransactionFence = (
  query: (sql: string, params: unknown[]) => Promise<unknown>,
) => Promise<void>;

const keyOf = (row: unknown[], key: number[]): string =>
  key.map((i) => String(row[i])).join('\u0001');

/**
 * One `INSERT … SELECT * FROM unnest($1::type[], …)` per statement and write, all in one
 * transaction: a parameter per column rather than per value, whatever the batch size.
 */
export class PostgresBatchWriter implements BatchWriter {
  private readonly statements = new Map<string, Prepared>();
  /** Cluster mode: run first in every transaction; throws when this instance may not write. */
  private fence: TransactionFence | null = null;

  /** Cluster mode, while leading: a check that aborts a stale leader's transaction. */
  setFence(fence: TransactionFence | null): void {
    this.fence = fence;
  }

  constructor(private readonly dataSource: DataSource) {}

  register(statement: BatchStatement): void {
    if (this.statements.has(statement.name)) return;
    const types = statement.columns.map(
      (c, i) => `$${i + 1}::${statement.pgTypes[c] ?? 'varchar'}[]`,
    );
    const cas = statement.compareAndSet;
    if (cas) {
      this.statements.set(statement.name, {
        sql:
          `UPDATE "${statement.table}" AS t SET "${cas.column}" = u.next ` +
          `FROM unnest(${types.join(', ')}) AS u(next, key, expected) ` +
          `WHERE t."${cas.key}" = u.key AND t."${cas.column}" = u.expected RETURNING t."${cas.key}" AS key`,
        width: 3,
        key: null,
        upsertKey: null,
        compareAndSet: true,
      });
      return;
    }
    if (statement.update) {
      const key = statement.update.key;
      const set = statement.columns.filter((c) => !key.includes(c));
      this.statements.set(statement.name, {
        sql:
          `UPDATE "${statement.table}" AS t SET ${set.map((c) => `"${c}" = u."${c}"`).join(', ')} ` +
          `FROM unnest(${types.join(', ')}) AS u(${statement.columns.map((c) => `"${c}"`).join(', ')}) ` +
          `WHERE ${key.map((c) => `t."${c}" = u."${c}"`).join(' AND ')}`,
        width: statement.columns.length,
        key: null,
        upsertKey: null,
        compareAndSet: false,
      });
      return;
    }
    const conflict = statement.onConflict;
    const tail =
      conflict?.kind === 'ignore'
        ? ` ON CONFLICT DO NOTHING RETURNING ${conflict.key.map((c) => `"${c}"`).join(', ')}`
        : upsertTail(statement);
    this.statements.set(statement.name, {
      sql: `${insertHead(statement)} SELECT * FROM unnest(${types.join(', ')})${tail}`,
      width: statement.columns.length,
      key:
        conflict?.kind === 'ignore' ? conflict.key.map((c) => statement.columns.indexOf(c)) : null,
      upsertKey:
        conflict?.kind === 'update'
          ? (typeof conflict.key === 'string' ? [conflict.key] : conflict.key).map((c) =>
              statement.columns.indexOf(c),
            )
          : null,
      compareAndSet: false,
    });
  }

  start(): void {}

  async write(rowsByStatement: Readonly<Record<string, unknown[][]>>): Promise<WriteResult> {
    for (const name of Object.keys(rowsByStatement))
      if (!this.statements.has(name)) throw new Error(`no PostgreSQL statement ${name}`);
    const work: { name: string; statement: Prepared; rows: unknown[][] }[] = [];
    // Registration order, as on SQLite: incidents before the events that refer to them.
    for (const [name, statement] of this.statements) {
      const given = rowsByStatement[name];
      if (!given || given.length === 0) continue;
      // Units of one group commit may carry the same key (a device written twice in a batch).
      const rows = statement.upsertKey ? lastPerKey(given, statement.upsertKey) : given;
      work.push({ name, statement, rows });
    }
    if (work.length === 0) return NOTHING_SKIPPED;
    const skipped: Record<string, number[]> = {};
    try {
      await this.dataSource.transaction(async (manager) => {
        if (this.fence) await this.fence((sql, params) => manager.query(sql, params));
        for (const { name, statement, rows } of work) {
          const columns = Array.from({ length: statement.width }, (_, i) =>
            rows.map((row) => row[i]),
          );
          const result: unknown = await manager.query(statement.sql, columns);
          if (statement.compareAndSet) {
            // UPDATE … RETURNING resolves with [rows, count] through TypeORM's driver.
            const matched = Array.isArray(result) && Array.isArray(result[0]) ? result[0] : result;
            const found = new Set(
              (Array.isArray(matched) ? (matched as { key: unknown }[]) : []).map((r) =>
                String(r.key),
              ),
            );
            const lost = rows.map((row) => String(row[1])).filter((k) => !found.has(k));
            if (lost.length > 0) throw new VersionConflictError(lost);
            continue;
          }
          const key = statement.key;
          if (!key || !Array.isArray(result) || result.length === rows.length) continue;
          const inserted = new Set(
            (result as Record<string, unknown>[]).map((r) =>
              keyOf(
                Object.values(r),
                key.map((_, i) => i),
              ),
            ),
          );
          skipped[name] = rows.flatMap((row, index) =>
            inserted.has(keyOf(row, key)) ? [] : [index],
          );
        }
      });
    } catch (error) {
      if (isVersionConflict(error)) throw error;
      // TypeORM wraps the driver's error; keep its SQLSTATE where isRowLevelError looks.
      const driver = (error as { driverError?: { code?: unknown } }).driverError;
      const code = driver?.code ?? (error as { code?: unknown }).code;
      throw codedError((error as Error).message, typeof code === 'string' ? code : undefined);
    }
    return { skipped };
  }

  async prune(sql: string, params: readonly unknown[]): Promise<number> {
    let n = 0;
    const numbered = sql.replace(/\?/g, () => `$${++n}`);
    // A DELETE through the driver resolves with [rows, count].
    const result: unknown = await this.dataSource.query(numbered, [...params]);
    return Array.isArray(result) && typeof result[1] === 'number' ? result[1] : 0;
  }

  bool(value: boolean): boolean {
    return value;
  }

  async close(): Promise<void> {}
}
