/** What the main thread and the SQLite writer thread say to each other. */
export interface SqliteWriterInit {
  role: 'writer' | 'checkpointer';
  file: string;
  /** Prepared once; request `tables[i]` holds the rows for `statements[i]`. */
  statements: string[];
  /** Whether `statements[i]` may skip a row (INSERT OR IGNORE), to be reported. */
  reportsSkips: boolean[];
  /** Whether `statements[i]` is a compare-and-set: a row that changes nothing aborts the batch. */
  compareAndSet: boolean[];
  synchronous: SqliteSynchronous;
  busyTimeoutMs: number;
  /** The checkpointer's period (PASSIVE). */
  checkpointEveryMs: number;
  /**
   * Once the WAL holds more frames than this, the writer completes a checkpoint between
   * two transactions, so that its next one starts the WAL over (see the worker).
   */
  restartAboveFrames: number;
  /** IOC_TRACE_WRITES: statement, commit and checkpoint times logged once a second. */
  trace: boolean;
  /** A WAL that still grew past this many frames is truncated by the checkpointer. */
  truncateAboveFrames: number;
  /** Int32 [0]: the WAL's frames at the checkpointer's last pass, read by the writer. */
  walFrames: SharedArrayBuffer;
}

export type SqliteSynchronous = 'NORMAL' | 'FULL';

export const WAL_SIZE_LIMIT_BYTES = 64 * 1024 * 1024;

export type SqliteWriterRequest =
  | { kind: 'write'; id: number; tables: unknown[][][] }
  | { kind: 'prune'; id: number; sql: string; params: unknown[] }
  | { kind: 'close' };

export type SqliteWriterReply =
  | { kind: 'written'; id: number; skipped: Record<number, number[]> | null }
  | { kind: 'pruned'; id: number; changes: number }
  | { kind: 'failed'; id: number; message: string; code?: string; conflicts?: string[] }
  | { kind: 'closed' };

/**
 * Settings of every connection to the hub's SQLite file: the main one (TypeORM) and the
 * writer's threads. WAL lets HTTP reads run while ingest writes. `synchronous` NORMAL
 * makes a commit survive a crash of the process (the WAL is in the OS's cache), FULL also
 * a power cut (an fsync per commit); SQLITE_SYNCHRONOUS chooses. No connection checkpoints when it commits: the checkpointer thread
 * does, so no commit waits for one (docs/benchmarks.md). The writer's connection gets a
 * larger page cache (`cacheMb`) for the index pages being appended to; beyond 16 MB it
 * bought nothing measurable but memory.
 */
export function applySqlitePragmas(
  db: { pragma: (sql: string) => unknown },
  synchronous: SqliteSynchronous,
  cacheMb?: number,
): void {
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${synchronous}`);
  db.pragma('wal_autocheckpoint = 0');
  // A checkpoint that resets the WAL cuts the file back to this size (bytes).
  db.pragma(`journal_size_limit = ${WAL_SIZE_LIMIT_BYTES}`);
  if (cacheMb) db.pragma(`cache_size = -${cacheMb * 1024}`);
}
