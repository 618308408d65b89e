import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { SqliteWriter } from './sqlite-writer';

/** How long a write waits for another connection's transaction before it fails (and is retried). */
const SQLITE_BUSY_TIMEOUT_MS = 5000;
/** A passive WAL checkpoint this often (it never blocks a writer or a reader). */
const SQLITE_CHECKPOINT_EVERY_MS = 250;

/**
 * Every write the hub makes continuously (event batches, incident upserts, audit, device
 * lastSeen, telemetry) goes through one SQLite writer thread (sqlite-writer.ts) when the
 * database is SQLite. Not only for speed: better-sqlite3 is synchronous, so a write on the
 * main connection while the writer thread held a transaction made the event loop sleep in
 * SQLite's busy handler, reading nothing from the broker. With Mosquitto that stall was
 * what filled the broker's queue for the hub and lost messages (docs/benchmarks.md).
 *
 * Owners register their statements by name before `start()`; a write names the rows for
 * each statement and runs as one transaction.
 */
@Injectable()
export class SqliteWritesService {
  private readonly statements = new Map<string, { index: number; sql: string }>();
  private writer: SqliteWriter | null = null;
  private closed = false;

  constructor(private readonly dataSource: DataSource) {}

  /** True when the database is SQLite, so writes must come here. */
  get enabled(): boolean {
    return this.dataSource.options.type !== 'postgres';
  }

  /** Prepares `sql` on the writer thread under `name`; call before start(). */
  register(name: string, sql: string): void {
    if (this.writer)
      throw new Error(`SQLite statement ${name} registered after the writer started`);
    if (!this.statements.has(name)) this.statements.set(name, { index: this.statements.size, sql });
  }

  /** Starts the writer and checkpointer threads, so the WAL is checkpointed before the first batch. */
  start(): void {
    if (this.enabled) this.writerFor().start();
  }

  /** One transaction: for each named statement, its rows in order. Resolves once committed. */
  write(rowsByStatement: Record<string, unknown[][]>): Promise<void> {
    if (this.closed) return Promise.reject(new Error('the SQLite writer is closed'));
    const tables: unknown[][][] = Array.from({ length: this.statements.size }, () => []);
    for (const [name, rows] of Object.entries(rowsByStatement)) {
      const statement = this.statements.get(name);
      if (!statement) return Promise.reject(new Error(`no SQLite statement ${name}`));
      tables[statement.index] = rows;
    }
    return this.writerFor().write(tables);
  }

  /** Stops both threads; DatabaseModule calls it after every other shutdown hook has written. */
  async close(): Promise<void> {
    this.closed = true;
    await this.writer?.close();
    this.writer = null;
  }

  private writerFor(): SqliteWriter {
    this.writer ??= new SqliteWriter({
      file: String(this.dataSource.options.database),
      statements: [...this.statements.values()].sort((a, b) => a.index - b.index).map((s) => s.sql),
      busyTimeoutMs: SQLITE_BUSY_TIMEOUT_MS,
      checkpointEveryMs: SQLITE_CHECKPOINT_EVERY_MS,
    });
    return this.writer;
  }
}
