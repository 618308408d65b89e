import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import {
  applySqlitePragmas,
  type SqliteWriterInit,
  type SqliteWriterReply,
  type SqliteWriterRequest,
} from './sqlite-writer.protocol';

/**
 * A thread of the SQLite writer (see sqlite-writer.ts), with its own connection to the
 * hub's database file. The `writer` runs one transaction per batch; the `checkpointer`
 * folds the WAL back into the database file, beside the writer instead of inside one of
 * its commits (a checkpoint takes tens of milliseconds, and the events of every batch
 * behind it waited that long).
 */
const WRITER_CACHE_MB = 16;
const init = workerData as SqliteWriterInit;
const db = new Database(init.file, { timeout: init.busyTimeoutMs });
applySqlitePragmas(db, init.synchronous, init.role === 'writer' ? WRITER_CACHE_MB : undefined);

if (init.role === 'checkpointer') {
  // PASSIVE never waits for, nor blocks, the writer or a reader. Now and then a TRUNCATE
  // one (it waits for the writer's current commit, up to the busy timeout) resets the WAL
  // to empty, so the file does not keep the size of the biggest burst it ever held.
  let lastTruncate = Date.now();
  const checkpoint = (): void => {
    const truncate = Date.now() - lastTruncate >= init.truncateEveryMs;
    try {
      db.pragma(truncate ? 'wal_checkpoint(TRUNCATE)' : 'wal_checkpoint(PASSIVE)');
    } catch {
      // Busy: the next period tries again.
    }
    if (truncate) lastTruncate = Date.now();
  };
  const timer = setInterval(checkpoint, init.checkpointEveryMs);
  parentPort?.on('message', (request: SqliteWriterRequest) => {
    if (request.kind !== 'close') return;
    clearInterval(timer);
    db.close();
    parentPort?.postMessage({ kind: 'closed' } satisfies SqliteWriterReply);
  });
} else {
  const statements = init.statements.map((sql) => db.prepare(sql));
  const conflicts: string[] = [];
  /** Indexes of the rows an INSERT OR IGNORE skipped, by table; null when none was. */
  const writeBatch = db.transaction((tables: unknown[][][]) => {
    let skipped: Record<number, number[]> | null = null;
    tables.forEach((rows, table) => {
      const statement = statements[table];
      if (!statement) throw new Error(`no statement for table ${table}`);
      const reports = init.reportsSkips[table] === true;
      const cas = init.compareAndSet[table] === true;
      rows.forEach((row, index) => {
        const { changes } = statement.run(...row);
        // A compare-and-set row is [next, key, expected]: its key is what the caller reloads.
        if (cas && changes === 0) conflicts.push(String(row[1]));
        if (reports && changes === 0) ((skipped ??= {})[table] ??= []).push(index);
      });
    });
    // Thrown inside the transaction, so nothing of this batch is committed.
    if (conflicts.length > 0) throw new CompareAndSetFailed(conflicts.splice(0));
    return skipped;
  });
  /** Retention's few DELETE statements, each prepared once. */
  const prunes = new Map<string, Database.Statement>();
  const prune = (sql: string, params: unknown[]): number => {
    let statement = prunes.get(sql);
    if (!statement) prunes.set(sql, (statement = db.prepare(sql)));
    return statement.run(...params).changes;
  };
  parentPort?.on('message', (request: SqliteWriterRequest) => {
    if (request.kind === 'close') {
      db.close();
      parentPort?.postMessage({ kind: 'closed' } satisfies SqliteWriterReply);
      return;
    }
    try {
      const reply: SqliteWriterReply =
        request.kind === 'prune'
          ? { kind: 'pruned', id: request.id, changes: prune(request.sql, request.params) }
          : { kind: 'written', id: request.id, skipped: writeBatch(request.tables) };
      parentPort?.postMessage(reply);
    } catch (error) {
      conflicts.length = 0;
      const code = (error as { code?: unknown }).code;
      parentPort?.postMessage({
        kind: 'failed',
        id: request.id,
        message: (error as Error).message,
        ...(typeof code === 'string' ? { code } : {}),
        ...(error instanceof CompareAndSetFailed ? { conflicts: error.keys } : {}),
      } satisfies SqliteWriterReply);
    }
  });
}

/** Rows of a compare-and-set matched none (their keys): rolls the batch back. */
class CompareAndSetFailed extends Error {
  constructor(readonly keys: string[]) {
    super(`stored rows changed since they were read: ${keys.join(', ')}`);
  }
}
