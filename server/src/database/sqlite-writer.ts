import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { codedError, VersionConflictError } from './batch-writer';
import type {
  SqliteWriterInit,
  SqliteWriterReply,
  SqliteWriterRequest,
} from './sqlite-writer.protocol';

/** Rows INSERT OR IGNORE skipped, by table index; null: none. */
export type TableSkips = Record<number, number[]> | null;

/**
 * The second part of a staged write: given the first part's skips, its rows by table
 * index (null: none). Runs while the writer holds the transaction open.
 */
export type SecondPart = (skipped: TableSkips) => unknown[][][] | null;

interface Pending {
  resolve: (outcome: TableSkips | number) => void;
  reject: (error: Error) => void;
  then?: SecondPart;
}

type WriterSettings = Omit<SqliteWriterInit, 'role' | 'walFrames'>;

const WORKER_FILE = join(__dirname, 'sqlite-writer.worker.js');

/**
 * Runs the hot write path's transactions on a thread of their own, and WAL checkpoints on
 * another (better-sqlite3 is synchronous: on the event loop, inserts, commits and
 * checkpoints take two fifths of the hub's busy time and grow with the table,
 * docs/benchmarks.md). Requests are handled in the order they are sent; each resolves once
 * its transaction is committed, so a read on the main connection after that sees it. A
 * write given a second part is one transaction in two parts: once the writer has run the
 * first part (uncommitted), the second part is computed here, synchronously, from what the
 * first skipped, and sent back to the same transaction, which commits both or neither
 * (sqlite-writer.protocol.ts). If the writer thread dies, what it had not confirmed is
 * rejected (the caller keeps and retries its batch) and the next write starts a new one.
 */
export class SqliteWriter {
  private writer: Worker | null = null;
  private checkpointer: Worker | null = null;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  /** The WAL's length as the checkpointer last saw it, shared by both threads. */
  private readonly walFrames = new SharedArrayBuffer(4);

  constructor(private readonly settings: WriterSettings) {}

  /** Starts both threads (the checkpointer also serves the main connection's writes). */
  start(): void {
    this.writer ??= this.spawnWriter();
    this.checkpointer ??= this.spawnCheckpointer();
  }

  /**
   * Resolves with the rows INSERT OR IGNORE skipped, by table index (null: none); with
   * `then`, the first part's, once both parts are committed. Should `then` throw, the
   * first part is rolled back and the write rejects with its error.
   */
  write(tables: unknown[][][], then?: SecondPart): Promise<TableSkips> {
    return this.request(
      (id) => ({ kind: 'write', id, tables, ...(then ? { staged: true as const } : {}) }),
      then,
    ) as Promise<TableSkips>;
  }

  /** Runs one DELETE on the writer thread, in turn with the writes; resolves with its changes. */
  prune(sql: string, params: unknown[]): Promise<number> {
    return this.request((id) => ({ kind: 'prune', id, sql, params })) as Promise<number>;
  }

  private request(
    message: (id: number) => SqliteWriterRequest,
    then?: SecondPart,
  ): Promise<TableSkips | number> {
    const writer = this.writer ?? this.spawnWriter();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, ...(then ? { then } : {}) });
      writer.postMessage(message(id));
    });
  }

  /**
   * The first part of staged write `id` is in, uncommitted: sends its second part, or an
   * abort. Synchronous, as the writer holds its transaction (and every write behind it)
   * until it hears back.
   */
  private finish(worker: Worker, id: number, skipped: TableSkips): void {
    const pending = this.pending.get(id);
    try {
      if (!pending?.then) throw new Error(`SQLite write ${id} has no second part`);
      const tables = pending.then(skipped);
      worker.postMessage({ kind: 'finish', id, tables } satisfies SqliteWriterRequest);
    } catch (error) {
      this.pending.delete(id);
      worker.postMessage({ kind: 'abort', id } satisfies SqliteWriterRequest);
      pending?.reject(error instanceof Error ? error : new Error(String(error)));
    }
  }

  async close(): Promise<void> {
    const threads = [this.writer, this.checkpointer].filter(
      (thread): thread is Worker => thread !== null,
    );
    this.writer = null;
    this.checkpointer = null;
    await Promise.all(threads.map(closeThread));
  }

  private spawnWriter(): Worker {
    const worker = new Worker(WORKER_FILE, {
      workerData: {
        ...this.settings,
        role: 'writer',
        walFrames: this.walFrames,
      } satisfies SqliteWriterInit,
    });
    worker.on('message', (reply: SqliteWriterReply) => {
      if (reply.kind === 'closed') return;
      if (reply.kind === 'staged') {
        this.finish(worker, reply.id, reply.skipped);
        return;
      }
      const pending = this.pending.get(reply.id);
      if (!pending) return;
      this.pending.delete(reply.id);
      if (reply.kind === 'written') pending.resolve(reply.skipped);
      else if (reply.kind === 'pruned') pending.resolve(reply.changes);
      else if (reply.conflicts) pending.reject(new VersionConflictError(reply.conflicts));
      else pending.reject(codedError(reply.message, reply.code));
    });
    const fail = (error: Error): void => {
      if (this.writer === worker) this.writer = null;
      for (const pending of this.pending.values()) pending.reject(error);
      this.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`SQLite writer thread exited (code ${code})`)));
    this.writer = worker;
    return worker;
  }

  private spawnCheckpointer(): Worker {
    const worker = new Worker(WORKER_FILE, {
      workerData: {
        ...this.settings,
        role: 'checkpointer',
        walFrames: this.walFrames,
      } satisfies SqliteWriterInit,
    });
    // A checkpointer that dies is started again after a pause: without it the WAL only grows.
    worker.on('error', () => undefined);
    worker.on('exit', () => {
      if (this.checkpointer !== worker) return;
      this.checkpointer = null;
      setTimeout(() => {
        if (this.writer) this.checkpointer ??= this.spawnCheckpointer();
      }, 1000).unref();
    });
    worker.unref();
    return worker;
  }
}

function closeThread(worker: Worker): Promise<void> {
  return new Promise<void>((resolve) => {
    worker.once('exit', () => resolve());
    worker.on('message', (reply: SqliteWriterReply) => {
      if (reply.kind === 'closed') void worker.terminate();
    });
    worker.postMessage({ kind: 'close' } satisfies SqliteWriterRequest);
  });
}
