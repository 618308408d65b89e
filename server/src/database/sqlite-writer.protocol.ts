/** What the main thread and the SQLite writer thread say to each other. */
export interface SqliteWriterInit {
  role: 'writer' | 'checkpointer';
  file: string;
  /** Prepared once; request `tables[i]` holds the rows for `statements[i]`. */
  statements: string[];
  busyTimeoutMs: number;
  /** The checkpointer's period. */
  checkpointEveryMs: number;
}

export type SqliteWriterRequest =
  { kind: 'write'; id: number; tables: unknown[][][] } | { kind: 'close' };

export type SqliteWriterReply =
  | { kind: 'written'; id: number }
  | { kind: 'failed'; id: number; message: string }
  | { kind: 'closed' };

/**
 * Settings of every connection to the hub's SQLite file: the main one (TypeORM) and the
 * writer's threads. WAL lets HTTP reads run while ingest writes; NORMAL sync is durable at
 * each checkpoint. No connection checkpoints when it commits: the checkpointer thread
 * does, so no commit waits for one (docs/benchmarks.md). The writer's connection gets a
 * larger page cache (`cacheMb`) for the index pages being appended to; beyond 16 MB it
 * bought nothing measurable but memory.
 */
export function applySqlitePragmas(
  db: { pragma: (sql: string) => unknown },
  cacheMb?: number,
): void {
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('wal_autocheckpoint = 0');
  if (cacheMb) db.pragma(`cache_size = -${cacheMb * 1024}`);
}
