/**
 * The rows of one upsert with a single row per key, the newest (last in the list) kept, in
 * the order their keys first came. PostgreSQL refuses an `INSERT … ON CONFLICT DO UPDATE`
 * that touches one row twice ("cannot affect row a second time"); SQLite would apply both
 * in turn, and the last would win there too, so both databases store the same.
 */
export function lastPerKey(rows: readonly unknown[][], key: readonly number[]): unknown[][] {
  const keyOf = (row: unknown[]): string => key.map((i) => String(row[i])).join('\u0001');
  const at = new Map<string, number>();
  const kept: unknown[][] = [];
  for (const row of rows) {
    const k = keyOf(row);
    const index = at.get(k);
    if (index === undefined) {
      at.set(k, kept.length);
      kept.push(row);
    } else kept[index] = row;
  }
  return kept.length === rows.length ? (rows as unknown[][]) : kept;
}
