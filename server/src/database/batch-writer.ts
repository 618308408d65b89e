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
   * the order the statements were registered. Resolves once committed.
   */
  write(rowsByStatement: Readonly<Record<string, unknown[][]>>): Promise<void>;
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
   * `ignore`: a row whose key exists already is skipped; `update`: it replaces the stored
   * row but for `keep`; absent: a plain insert.
   */
  onConflict?: { kind: 'ignore' } | { kind: 'update'; key: string; keep: readonly string[] };
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
  const set = statement.columns
    .filter((c) => c !== conflict.key && !conflict.keep.includes(c))
    .map((c) => `"${c}" = EXCLUDED."${c}"`)
    .join(', ');
  return ` ON CONFLICT ("${conflict.key}") DO UPDATE SET ${set}`;
}
