import {
  insertHead,
  NOTHING_SKIPPED,
  sqliteCompareAndSet,
  sqliteUpdate,
  upsertTail,
  type BatchStatement,
  type BatchWriter,
  type WriteResult,
} from './batch-writer';
import { SqliteWriter } from './sqlite-writer';
import { WAL_SIZE_LIMIT_BYTES, type SqliteSynchronous } from './sqlite-writer.protocol';

/** How long a write waits for another connection's transaction before it fails (and is retried). */
const SQLITE_BUSY_TIMEOUT_MS = 5000;
/** A passive WAL checkpoint this often (it never blocks a writer or a reader). */
const SQLITE_CHECKPOINT_EVERY_MS = 250;
/** Frames of 4 KiB: past half the size limit the writer lets the WAL start over (sqlite-writer.worker.ts). */
const SQLITE_RESTART_ABOVE_FRAMES = WAL_SIZE_LIMIT_BYTES / 4096 / 2;
/** A WAL four times the size limit (the writer could not restart it) is truncated. */
const SQLITE_TRUNCATE_ABOVE_FRAMES = (WAL_SIZE_LIMIT_BYTES / 4096) * 4;

/**
 * Every continuous write goes through one SQLite writer thread (sqlite-writer.ts). Not
 * only for speed: better-sqlite3 is synchronous, so a write on the main connection while
 * the writer thread holds a transaction would make the event loop sleep in SQLite's busy
 * handler, reading nothing from the broker; with Mosquitto that stall fills the broker's
 * queue for the hub and loses messages (docs/benchmarks.md).
 */
export class SqliteBatchWriter implements BatchWriter {
  private readonly statements = new Map<
    string,
    { index: number; sql: string; reportsSkips: boolean; compareAndSet: boolean }
  >();
  private writer: SqliteWriter | null = null;
  private closed = false;

  constructor(
    private readonly file: string,
    private readonly synchronous: SqliteSynchronous,
    private readonly trace = false,
  ) {}

  register(statement: BatchStatement): void {
    if (this.writer)
      throw new Error(`SQLite statement ${statement.name} registered after the writer started`);
    if (this.statements.has(statement.name)) return;
    const columns = statement.columns.map(() => '?').join(', ');
    // The primary key makes a repeat a no-op: OR IGNORE, as PostgreSQL's ON CONFLICT DO NOTHING.
    const head = insertHead(statement);
    const sql = statement.compareAndSet
      ? sqliteCompareAndSet(statement, statement.compareAndSet)
      : statement.update
        ? sqliteUpdate(statement, statement.update.key)
        : statement.onConflict?.kind === 'ignore'
          ? `${head.replace('INSERT INTO', 'INSERT OR IGNORE INTO')} VALUES (${columns})`
          : `${head} VALUES (${columns})${upsertTail(statement)}`;
    this.statements.set(statement.name, {
      index: this.statements.size,
      sql,
      reportsSkips: statement.onConflict?.kind === 'ignore',
      compareAndSet: statement.compareAndSet !== undefined,
    });
  }

  start(): void {
    this.writerFor().start();
  }

  async write(rowsByStatement: Readonly<Record<string, unknown[][]>>): Promise<WriteResult> {
    if (this.closed) throw new Error('the SQLite writer is closed');
    const tables: unknown[][][] = Array.from({ length: this.statements.size }, () => []);
    const names: string[] = [];
    for (const [name, rows] of Object.entries(rowsByStatement)) {
      const statement = this.statements.get(name);
      if (!statement) throw new Error(`no SQLite statement ${name}`);
      tables[statement.index] = rows;
      names[statement.index] = name;
    }
    const skipped = await this.writerFor().write(tables);
    if (!skipped) return NOTHING_SKIPPED;
    const byName: Record<string, number[]> = {};
    for (const [index, rows] of Object.entries(skipped)) byName[names[Number(index)]!] = rows;
    return { skipped: byName };
  }

  async prune(sql: string, params: readonly unknown[]): Promise<number> {
    if (this.closed) throw new Error('the SQLite writer is closed');
    return this.writerFor().prune(sql, [...params]);
  }

  bool(value: boolean): number {
    return value ? 1 : 0;
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.writer?.close();
    this.writer = null;
  }

  private writerFor(): SqliteWriter {
    const ordered = [...this.statements.values()].sort((a, b) => a.index - b.index);
    this.writer ??= new SqliteWriter({
      file: this.file,
      statements: ordered.map((s) => s.sql),
      reportsSkips: ordered.map((s) => s.reportsSkips),
      compareAndSet: ordered.map((s) => s.compareAndSet),
      synchronous: this.synchronous,
      busyTimeoutMs: SQLITE_BUSY_TIMEOUT_MS,
      checkpointEveryMs: SQLITE_CHECKPOINT_EVERY_MS,
      restartAboveFrames: SQLITE_RESTART_ABOVE_FRAMES,
      truncateAboveFrames: SQLITE_TRUNCATE_ABOVE_FRAMES,
      trace: this.trace,
    });
    return this.writer;
  }
}
