import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { codedError, VersionConflictError } from './batch-writer';
import type {
  SqliteWriterInit,
  SqliteWriterReply,
  SqliteWriterRequest,
} from './sqlite-writer.protocol';

interface Pending {
  resolve: (outcome: Record<number, number[]> | number | null) => void;
  reject: (error: Error) => void;
}

type WriterSettings = Omit<SqliteWriterInit, 'role' | 'walFrames'>;

const WORKER_FILE = join(__dirname, 'sqlite-writer.worker.js');

/**
 * Runs the hot write path's transactions on a thread of their own, and WAL checkpoints on
 * another (better-sqlite3 is synchronous: on the event loop, inserts, commits and
 * checkpoints take two fifths of the hub's busy time and grow with the table,
 * docs/benchmarks.md). Requests are handled in the order they are sent; each resolves once
 * its transaction is committed, so a read on the main connection after that sees it. If
 * the writer thread dies, what it had not confirmed is rejected (the caller keeps and
 * retries its batch) and the next write starts a new one.
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

  /** Resolves with the rows INSERT OR IGNORE skipped, by table index (null: none). */
  write(tables: unknown[][][]): Promise<Record<number, number[]> | null> {
    return this.request((id) => ({ kind: 'write', id, tables })) as Promise<Record<
      number,
      number[]
    > | null>;
  }

  /** Runs one DELETE on the writer thread, in turn with the writes; resolves with its changes. */
  prune(sql: string, params: unknown[]): Promise<number> {
    return this.request((id) => ({ kind: 'prune', id, sql, params })) as Promise<number>;
  }

  private request(
    message: (id: number) => SqliteWriterRequest,
  ): Promise<Record<number, number[]> | number | null> {
    const writer = this.writer ?? this.spawnWriter();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      writer.postMessage(message(id));
    });
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
