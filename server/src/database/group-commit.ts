import { Inject, Injectable, Logger } from '@nestjs/common';
import { SCHEDULER, type Scheduler, type Timer } from '../common/scheduler';
import { WriteLoopTrace } from './write-loop-trace';
import {
  BATCH_WRITER,
  isRowLevelError,
  isVersionConflict,
  type BatchWriter,
  type WriteResult,
} from './batch-writer';

/** Called exactly once: no argument once durable, an error when it could not be stored. */
export type Done = (error?: Error) => void;

/**
 * Rows that stand on their own (one device message's events, readings, a rejection), so a
 * batch can be split between units to find a row the database refuses.
 */
export interface CommitUnit {
  statement: string;
  rows: unknown[][];
  /**
   * After the commit that holds the rows, before `done`: `skipped` lists the rows (indexes
   * in `rows`) an `ignore` statement found stored already, or is null.
   */
  committed?(skipped: readonly number[] | null): void;
  /** The database refused a row of this unit; the handler then owns `done`. */
  refused?(error: Error): void;
  /** A failed commit fails `done` at once rather than holding the unit for a retry. */
  failFast?: boolean;
  done: Done;
}

/** What a contributor adds to a cycle's transaction, and hears about its outcome. */
export interface Contribution {
  rows: Readonly<Record<string, unknown[][]>>;
  committed(): void;
  /** The transaction failed: nothing of it is stored. */
  failed(error: Error): void;
}

/** A part of the hub whose derived rows travel with the next commit (IncidentWriteService). */
export interface CommitContributor {
  /** The rows for this cycle, or null; `final` while draining: take everything. */
  take(final: boolean): Contribution | null;
}

/** Back-off after a failed commit: doubles from the first to the last, then stays. */
export const RETRY_FIRST_MS = 100;
export const RETRY_MAX_MS = 2000;
/** How long drain() waits for the database before it gives back what it could not store. */
export const DRAIN_TIMEOUT_MS = 5000;

const SHUTTING_DOWN = 'the hub is shutting down: not stored';

/**
 * The hub's one write loop (natural group commit): while a transaction is in flight,
 * arriving work accumulates; when it ends, the next transaction takes everything pending.
 * No window at low rates, big batches under a flood. Each unit's `done` runs after the
 * commit that holds it (for MQTT: the PUBACK). A row-level refusal splits the batch until
 * the refused units are found; any other failure keeps everything (no `done` runs), reports
 * the database unhealthy and retries with back-off. docs/architecture.md, the write path.
 */
@Injectable()
export class GroupCommit {
  private readonly logger = new Logger('write-loop');
  private readonly contributors: CommitContributor[] = [];
  private pending: CommitUnit[] = [];
  private running = false;
  private requested = false;
  private kick: Timer | null = null;
  private retry: Timer | null = null;
  private failures = 0;
  private closing = false;
  private idleWaiters: (() => void)[] = [];
  private lastCommitMs = 0;
  private trace: WriteLoopTrace | null = null;

  constructor(
    @Inject(BATCH_WRITER) private readonly writer: BatchWriter,
    @Inject(SCHEDULER) private readonly scheduler: Scheduler,
  ) {}

  /** False from a failed commit (not a refused row) until the next one succeeds. */
  get healthy(): boolean {
    return this.failures === 0;
  }

  /** Units waiting for a transaction (they are not acknowledged yet). */
  get backlog(): number {
    return this.pending.length;
  }

  /** How long the last transaction took, in milliseconds. */
  get lastCommitDurationMs(): number {
    return this.lastCommitMs;
  }

  /** IOC_TRACE_WRITES=1: where the loop's time goes, logged once a second. */
  enableTrace(): void {
    this.trace ??= new WriteLoopTrace();
  }

  addContributor(contributor: CommitContributor): void {
    this.contributors.push(contributor);
  }

  /** Queues rows for the next transaction; refused at once while shutting down. */
  enqueue(unit: CommitUnit): void {
    if (this.closing) {
      unit.done(new Error(SHUTTING_DOWN));
      return;
    }
    this.pending.push(unit);
    this.request();
  }

  /** Asks for a transaction as soon as the one in flight (if any) ends. */
  request(): void {
    if (this.running || this.retry) {
      this.requested = true;
      return;
    }
    // A zero timer, not a synchronous start: the messages of one loop turn share a commit.
    this.kick ??= this.scheduler.after(0, () => {
      this.kick = null;
      this.cycle();
    });
  }

  /** Resolves once nothing is pending or in flight. */
  whenIdle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /**
   * For a graceful stop: new work is refused (the transport must not acknowledge it), what
   * is in hand is committed, contributors give everything. If the database does not take it
   * within `timeoutMs`, what is left is handed back with an error, not acknowledged.
   */
  async drain(timeoutMs = DRAIN_TIMEOUT_MS): Promise<void> {
    this.closing = true;
    this.request();
    let expired = false;
    const deadline = this.scheduler.after(timeoutMs, () => {
      expired = true;
      this.giveBack(new Error(SHUTTING_DOWN));
    });
    await this.whenIdle();
    deadline.cancel();
    if (expired) this.logger.warn('stopped before the database took everything pending');
  }

  private isIdle(): boolean {
    return !this.running && !this.kick && !this.retry && this.pending.length === 0;
  }

  private cycle(): void {
    if (this.running) return;
    const cycleStart = this.trace ? performance.now() : 0;
    const units = this.pending;
    this.pending = [];
    this.requested = false;
    // Running from here: a contributor that leaves work for the next cycle asks for it.
    this.running = true;
    const contributions: Contribution[] = [];
    for (const contributor of this.contributors) {
      const contribution = contributor.take(this.closing);
      if (contribution) contributions.push(contribution);
    }
    if (units.length === 0 && contributions.length === 0) {
      this.running = false;
      if (this.requested) this.request();
      else this.settleIdle();
      return;
    }
    void this.commit(units, contributions, cycleStart).then(() => {
      this.running = false;
      if (this.retry) return;
      if (this.pending.length > 0 || this.requested) this.cycle();
      else this.settleIdle();
    });
  }

  private settleIdle(): void {
    if (!this.isIdle()) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }

  private async commit(
    units: CommitUnit[],
    contributions: Contribution[],
    cycleStart = 0,
  ): Promise<void> {
    const rows = rowsOf(units);
    const offsets = offsetsOf(units);
    for (const contribution of contributions)
      for (const [name, part] of Object.entries(contribution.rows))
        if (part.length > 0) (rows[name] ??= []).push(...part);
    const started = Date.now();
    const writeStart = this.trace ? performance.now() : 0;
    let result: WriteResult;
    try {
      result = await this.writer.write(rows);
    } catch (error) {
      const failure = error instanceof Error ? error : new Error(String(error));
      if (isVersionConflict(failure)) {
        this.conflicted(units, contributions, failure);
        return;
      }
      if (isRowLevelError(failure) && units.length > 0) {
        await this.split(units, contributions, failure);
        return;
      }
      for (const contribution of contributions) contribution.failed(failure);
      this.failed(units, failure);
      return;
    }
    this.lastCommitMs = Date.now() - started;
    const writeEnd = this.trace ? performance.now() : 0;
    this.succeeded();
    for (const contribution of contributions) contribution.committed();
    finish(units, offsets, result);
    this.trace?.cycle(
      units.length,
      rows,
      writeStart - cycleStart,
      writeEnd - writeStart,
      performance.now() - writeEnd,
    );
  }

  /**
   * A row was refused: the contributions (rows the hub derived) are written alone, then the
   * units in halves, each half its own transaction, down to the refused units.
   */
  private async split(
    units: CommitUnit[],
    contributions: Contribution[],
    cause: Error,
  ): Promise<void> {
    this.logger.warn(`a row was refused (${cause.message}); splitting ${units.length} units`);
    if (contributions.length > 0) {
      const rows: Record<string, unknown[][]> = {};
      for (const contribution of contributions)
        for (const [name, part] of Object.entries(contribution.rows))
          (rows[name] ??= []).push(...part);
      try {
        await this.writer.write(rows);
      } catch (error) {
        const failure = error instanceof Error ? error : new Error(String(error));
        if (isVersionConflict(failure)) {
          this.conflicted(units, contributions, failure);
          return;
        }
        for (const contribution of contributions) contribution.failed(failure);
        this.failed(units, failure);
        return;
      }
      for (const contribution of contributions) contribution.committed();
    }
    const stack: CommitUnit[][] = [units];
    while (stack.length > 0) {
      const part = stack.pop()!;
      try {
        finish(part, offsetsOf(part), await this.writer.write(rowsOf(part)));
      } catch (error) {
        const failure = error instanceof Error ? error : new Error(String(error));
        if (!isRowLevelError(failure)) {
          this.failed([part, ...stack.reverse()].flat(), failure);
          return;
        }
        if (part.length === 1) {
          const unit = part[0]!;
          if (unit.refused) unit.refused(failure);
          else unit.done(failure);
          continue;
        }
        const middle = part.length >> 1;
        stack.push(part.slice(middle), part.slice(0, middle));
      }
    }
    this.succeeded();
  }

  /**
   * A compare-and-set found a row changed behind this hub: the database is healthy and
   * nothing was stored. Contributors hear it (they reload what conflicted and give the rest
   * again); the units go back in front and the next cycle starts at once, without back-off.
   */
  private conflicted(units: CommitUnit[], contributions: Contribution[], error: Error): void {
    for (const contribution of contributions) contribution.failed(error);
    this.pending = units.concat(this.pending);
    this.requested = true;
  }

  private succeeded(): void {
    if (this.failures > 0) this.logger.log('the database takes writes again');
    this.failures = 0;
  }

  /** Nothing was stored: the units go back in front, and the loop waits before it tries again. */
  private failed(units: CommitUnit[], error: Error): void {
    this.failures += 1;
    const waitMs = Math.min(RETRY_FIRST_MS * 2 ** (this.failures - 1), RETRY_MAX_MS);
    // Warn, not error: the hub holds the work and acknowledges nothing until it is stored.
    this.logger.warn(
      `write failed (${units.length} units held, retry in ${waitMs} ms): ${error.message}`,
    );
    const held = units.filter((unit) => !unit.failFast);
    for (const unit of units) if (unit.failFast) unit.done(error);
    this.pending = held.concat(this.pending);
    this.retry = this.scheduler.after(waitMs, () => {
      this.retry = null;
      this.cycle();
    });
  }

  /** Drain's deadline passed: everything still held fails, unacknowledged. */
  private giveBack(error: Error): void {
    this.retry?.cancel();
    this.retry = null;
    const units = this.pending;
    this.pending = [];
    for (const unit of units) unit.done(error);
    this.settleIdle();
  }
}

function rowsOf(units: readonly CommitUnit[]): Record<string, unknown[][]> {
  const rows: Record<string, unknown[][]> = {};
  for (const unit of units) {
    const list = (rows[unit.statement] ??= []);
    for (const row of unit.rows) list.push(row);
  }
  return rows;
}

/** Where each unit's rows start in its statement's list (rowsOf's order). */
function offsetsOf(units: readonly CommitUnit[]): number[] {
  const next: Record<string, number> = {};
  return units.map((unit) => {
    const at = next[unit.statement] ?? 0;
    next[unit.statement] = at + unit.rows.length;
    return at;
  });
}

function finish(units: readonly CommitUnit[], offsets: number[], result: WriteResult): void {
  for (let i = 0; i < units.length; i++) {
    const unit = units[i]!;
    const skipped = result.skipped[unit.statement];
    let own: number[] | null = null;
    if (skipped && skipped.length > 0) {
      const start = offsets[i]!;
      const end = start + unit.rows.length;
      for (const index of skipped)
        if (index >= start && index < end) (own ??= []).push(index - start);
    }
    unit.committed?.(own);
    unit.done();
  }
}
