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
applySqlitePragmas(db, init.role === 'writer' ? WRITER_CACHE_MB : undefined);

if (init.role === 'checkpointer') {
  // PASSIVE never waits for, nor blocks, the writer or a reader.
  const timer = setInterval(() => db.pragma('wal_checkpoint(PASSIVE)'), init.checkpointEveryMs);
  parentPort?.on('message', (request: SqliteWriterRequest) => {
    if (request.kind !== 'close') return;
    clearInterval(timer);
    db.close();
    parentPort?.postMessage({ kind: 'closed' } satisfies SqliteWriterReply);
  });
} else {
  const statements = init.statements.map((sql) => db.prepare(sql));
  const writeBatch = db.transaction((tables: unknown[][][]) => {
    tables.forEach((rows, table) => {
      const statement = statements[table];
      if (!statement) throw new Error(`no statement for table ${table}`);
      for (const row of rows) statement.run(...row);
    });
  });
  parentPort?.on('message', (request: SqliteWriterRequest) => {
    if (request.kind === 'close') {
      db.close();
      parentPort?.postMessage({ kind: 'closed' } satisfies SqliteWriterReply);
      return;
    }
    try {
      writeBatch(request.tables);
      parentPort?.postMessage({ kind: 'written', id: request.id } satisfies SqliteWriterReply);
    } catch (error) {
      parentPort?.postMessage({
        kind: 'failed',
        id: request.id,
        message: (error as Error).message,
      } satisfies SqliteWriterReply);
    }
  });
}
