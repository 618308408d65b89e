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
/** The checkpointer's pause between passes once the WAL nears its restart length. */
const CLOSE_PASS_MS = 5;
const init = workerData as SqliteWriterInit;
/** IOC_TRACE_WRITES=1 (AppConfig.traceWrites): times logged (profiling, docs/benchmarks.md). */
const TRACE = init.trace;
const db = new Database(init.file, { timeout: init.busyTimeoutMs });
applySqlitePragmas(db, init.synchronous, init.role === 'writer' ? WRITER_CACHE_MB : undefined);

const walFrames = new Int32Array(init.walFrames);

if (init.role === 'checkpointer') {
  // PASSIVE never waits for, nor blocks, the writer or a reader. It copies the WAL back
  // into the database file, but under continuous writes it never ends on an empty WAL
  // (frames arrive while it copies), so the WAL never starts over by itself: it tells the
  // writer how long the WAL is, and the writer closes the gap (below). The writer stalls
  // for as long as its own pass takes, which grows with the frames left to copy: from half
  // the restart length, passes follow each other closely, so that only the frames of the
  // last few milliseconds are left to the writer (a pass every 250 ms left it up to 2,000
  // frames: stalls of 26 ms at the median, up to 67 ms; docs/benchmarks.md). Should the
  // WAL still grow far past the size limit, a TRUNCATE checkpoint, which waits for the
  // writer, empties it: at most every 10 s, as on a WAL of hundreds of MB it stalled the
  // writer for a quarter of a second.
  let lastTruncate = 0;
  let lastFrames = 0;
  let timer: NodeJS.Timeout | null = null;
  const checkpoint = (): void => {
    let frames = lastFrames;
    try {
      const [passive] = db.pragma('wal_checkpoint(PASSIVE)') as CheckpointResult[];
      frames = passive?.log ?? 0;
      Atomics.store(walFrames, 0, frames);
      const now = Date.now();
      if (frames > init.truncateAboveFrames && now - lastTruncate >= 10_000) {
        lastTruncate = now;
        db.pragma('wal_checkpoint(TRUNCATE)');
        if (TRACE) console.log(`[wal] truncated after ${frames} frames`);
      }
    } catch {
      // Busy: the next pass tries again.
    }
    // Only while the WAL still grows: an idle writer leaves nothing for a pass to do.
    const closing = frames > init.restartAboveFrames / 2 && frames !== lastFrames;
    lastFrames = frames;
    timer = setTimeout(checkpoint, closing ? CLOSE_PASS_MS : init.checkpointEveryMs);
  };
  timer = setTimeout(checkpoint, init.checkpointEveryMs);
  parentPort?.on('message', (request: SqliteWriterRequest) => {
    if (request.kind !== 'close') return;
    if (timer) clearTimeout(timer);
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
      const started = TRACE ? performance.now() : 0;
      rows.forEach((row, index) => {
        const { changes } = statement.run(...row);
        // A compare-and-set row is [next, key, expected]: its key is what the caller reloads.
        if (cas && changes === 0) conflicts.push(String(row[1]));
        if (reports && changes === 0) ((skipped ??= {})[table] ??= []).push(index);
      });
      if (TRACE) traceStatement(table, rows.length, performance.now() - started);
    });
    // Thrown inside the transaction, so nothing of this batch is committed.
    if (conflicts.length > 0) throw new CompareAndSetFailed(conflicts.splice(0));
    return skipped;
  });
  const timedBatch = (tables: unknown[][][]): Record<number, number[]> | null => {
    if (!TRACE) return writeBatch(tables);
    batchStatementsMs = 0;
    const started = performance.now();
    const result = writeBatch(tables);
    // What is not a statement's: BEGIN and COMMIT (the WAL writes), and the rest.
    commitMs += performance.now() - started - batchStatementsMs;
    traceSecond();
    return result;
  };
  let batchStatementsMs = 0;
  // IOC_TRACE_WRITES=1: time per statement and in COMMIT, once a second.
  const spent = new Map<number, { rows: number; ms: number }>();
  let traceFrom = performance.now();
  let commitMs = 0;
  const traceStatement = (table: number, rows: number, ms: number): void => {
    const entry = spent.get(table) ?? { rows: 0, ms: 0 };
    entry.rows += rows;
    entry.ms += ms;
    spent.set(table, entry);
    batchStatementsMs += ms;
  };
  const traceSecond = (): void => {
    if (performance.now() - traceFrom < 1000) return;
    const parts = [...spent]
      .filter(([, e]) => e.rows > 0)
      .map(
        ([table, e]) =>
          `${init.statements[table]!.slice(0, 40)}… ${e.rows} rows ${e.ms.toFixed(0)} ms (${((e.ms * 1000) / Math.max(e.rows, 1)).toFixed(1)} µs/row)`,
      );
    console.log(`[writer] commit ${commitMs.toFixed(0)} ms; ${parts.join('; ')}`);
    spent.clear();
    commitMs = 0;
    traceFrom = performance.now();
  };
  /** Retention's few DELETE statements, each prepared once. */
  const prunes = new Map<string, Database.Statement>();
  // The WAL starts over only when a write transaction begins on a fully checkpointed WAL,
  // which the checkpointer alone never leaves under load. Once the WAL is long, the writer,
  // between two transactions, checkpoints the frames the checkpointer has not copied yet
  // (few: it did the rest); its next transaction then writes the WAL from the start, and
  // journal_size_limit cuts the file back. The cost is one short stall of the writer (an
  // fsync, 10-60 ms here) per restartAboveFrames frames, where a TRUNCATE every 10 s
  // stalled it for 250-450 ms on a WAL of hundreds of MB.
  const restartWal = (): void => {
    if (Atomics.load(walFrames, 0) <= init.restartAboveFrames) return;
    try {
      const started = performance.now();
      const [result] = db.pragma('wal_checkpoint(PASSIVE)') as CheckpointResult[];
      // Busy: the checkpointer is at it; the next transaction asks again.
      if (result?.busy === 0) Atomics.store(walFrames, 0, 0);
      if (TRACE)
        console.log(
          `[wal] writer checkpoint ${(performance.now() - started).toFixed(1)} ms ${JSON.stringify(result)}`,
        );
    } catch {
      // Busy: a later transaction tries again.
    }
  };
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
          : { kind: 'written', id: request.id, skipped: timedBatch(request.tables) };
      parentPort?.postMessage(reply);
      restartWal();
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

/** A row of `PRAGMA wal_checkpoint`: frames in the WAL, and those copied back. */
interface CheckpointResult {
  busy: number;
  log: number;
  checkpointed: number;
}
