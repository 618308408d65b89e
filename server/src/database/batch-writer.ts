/**
 * The port the continuous writes go through (event batches, incident upserts, audit,
 * device rows, telemetry): one implementation per database, chosen once in
 * DatabaseModule. Repositories declare their statements at construction and hand over
 * positional rows, so no per-row entity or query builder stands on the hot path
 * (docs/benchmarks.md).
 */
export interface BatchWriter {
  /** Declares a statement; call before start() (repositories do it in their constructor). */
  register(statement: BatchStatement): void;
  /** Opens what the writes need (the SQLite writer and checkpointer threads). */
  start(): void;
  /**
   * One transaction: for each named statement, its rows (values in `columns` order), in
   * the order the statements were registered. Resolves once committed, with the rows an
   * `ignore` statement skipped because their key was stored already. A failure carries
   * the database's error code (`code`), for isRowLevelError.
   */
  write(rowsByStatement: Readonly<Record<string, unknown[][]>>): Promise<WriteResult>;
  /**
   * One bounded DELETE (retention), in a transaction of its own, queued with the writes
   * (on SQLite, on the writer thread: no second connection contends with it). `sql` takes
   * `?` placeholders. Resolves with the rows deleted.
   */
  prune(sql: string, params: readonly unknown[]): Promise<number>;
  /** A boolean as this database binds it (better-sqlite3 takes no booleans). */
  bool(value: boolean): boolean | number;
  close(): Promise<void>;
}

export interface BatchStatement {
  name: string;
  table: string;
  columns: readonly string[];
  /** PostgreSQL element type of each column that is not `varchar`, for `unnest`. */
  pgTypes: Readonly<Record<string, string>>;
  /**
   * `ignore`: a row whose key exists already is skipped (and reported in WriteResult);
   * `update`: it replaces the stored row but for `keep`; absent: a plain insert.
   */
  onConflict?:
    | { kind: 'ignore'; key: readonly string[] }
    | { kind: 'update'; key: string | readonly string[]; keep: readonly string[] };
  /**
   * An update of stored rows instead of an insert: the columns that are not in `key` are
   * set on the row whose `key` columns match (a row matching none changes nothing).
   */
  update?: { key: readonly string[] };
  /**
   * A compare-and-set: rows `[next, key, expected]` run `UPDATE table SET column = next
   * WHERE key = ? AND column = expected`; a row that matches none aborts the whole
   * transaction with a VersionConflictError naming its keys. `columns` stays
   * `[column, key, column]` for the PostgreSQL types.
   */
  compareAndSet?: { key: string; column: string };
}

/** The SQLite statement of a compareAndSet (one row at a time). */
export function sqliteCompareAndSet(
  statement: BatchStatement,
  cas: NonNullable<BatchStatement['compareAndSet']>,
): string {
  return `UPDATE "${statement.table}" SET "${cas.column}" = ? WHERE "${cas.key}" = ? AND "${cas.column}" = ?`;
}

/** What a compare-and-set error carries: a code of our own, never a database's. */
export const VERSION_CONFLICT_CODE = 'IOC_VERSION_CONFLICT';

/** A compareAndSet row found its row changed behind this writer: nothing was committed. */
export class VersionConflictError extends Error {
  readonly code = VERSION_CONFLICT_CODE;
  constructor(readonly keys: readonly string[]) {
    super(`stored rows changed since they were read: ${keys.join(', ')}`);
  }
}

export function isVersionConflict(error: unknown): error is VersionConflictError {
  return error instanceof VersionConflictError;
}

/** `UPDATE "table" SET "a" = ?, … WHERE "k" = ? AND …` (SQLite), the columns in order. */
export function sqliteUpdate(statement: BatchStatement, key: readonly string[]): string {
  const set = statement.columns.filter((c) => !key.includes(c));
  if (
    set.length + key.length !== statement.columns.length ||
    statement.columns.slice(set.length).some((c, i) => c !== key[i])
  )
    throw new Error(`update ${statement.name}: list the set columns first, then the key`);
  return `UPDATE "${statement.table}" SET ${set.map((c) => `"${c}" = ?`).join(', ')} WHERE ${key.map((c) => `"${c}" = ?`).join(' AND ')}`;
}

export interface WriteResult {
  /** For each `ignore` statement that skipped rows: their indexes in the rows written. */
  skipped: Readonly<Record<string, readonly number[]>>;
}

export const NOTHING_SKIPPED: WriteResult = { skipped: {} };

/**
 * Whether a failed write was refused because of what one of its rows holds (a value the
 * column cannot take, a constraint), rather than because the database is away or busy:
 * only then does splitting the batch find a row to refuse. PostgreSQL classes 22 (data
 * exception) and 23 (integrity constraint); SQLite's constraint, type and size errors.
 */
export function isRowLevelError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return false;
  return /^2[23][0-9A-Z]{3}$/.test(code) || /^SQLITE_(CONSTRAINT|MISMATCH|TOOBIG|RANGE)/.test(code);
}

/** Injection token of the BatchWriter. */
export const BATCH_WRITER = Symbol('BatchWriter');

const quoted = (columns: readonly string[]): string => columns.map((c) => `"${c}"`).join(', ');

/** `INSERT INTO "table" ("a", "b")`, the head both implementations share. */
export function insertHead(statement: BatchStatement): string {
  return `INSERT INTO "${statement.table}" (${quoted(statement.columns)})`;
}

/** The `ON CONFLICT (key) DO UPDATE SET …` tail of an upsert, or ''. */
export function upsertTail(statement: BatchStatement): string {
  const conflict = statement.onConflict;
  if (conflict?.kind !== 'update') return '';
  const key = typeof conflict.key === 'string' ? [conflict.key] : conflict.key;
  const set = statement.columns
    .filter((c) => !key.includes(c) && !conflict.keep.includes(c))
    .map((c) => `"${c}" = EXCLUDED."${c}"`)
    .join(', ');
  return ` ON CONFLICT (${quoted(key)}) DO UPDATE SET ${set}`;
}

/** An Error with the database's code, as isRowLevelError reads it. */
export function codedError(message: string, code: string | undefined): Error {
  return Object.assign(new Error(message), code ? { code } : {});
}
