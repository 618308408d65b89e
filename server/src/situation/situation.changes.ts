import type { SituationChange } from '@ioc/shared';

/** A stored history row, either table: when, and its JSON. */
export interface HistoryRow {
  at: number;
  body: string;
}

export interface ChangesPage {
  changes: SituationChange[];
  /** Complete up to here (ms). */
  until: number;
}

/**
 * Merges a page of incident rows and a page of device rows (each oldest first, each read
 * with one row more than `limit`) into one list in time order. When a table had more, the
 * page ends before the time of its first row left out, so asking again from `until` (its
 * lower bound exclusive) misses nothing. Pure, for the changes route and its spec.
 */
export function mergeChanges(
  incidents: readonly HistoryRow[],
  devices: readonly HistoryRow[],
  to: number,
  limit: number,
): ChangesPage {
  let until = to;
  if (incidents.length > limit) until = Math.min(until, incidents[limit]!.at - 1);
  if (devices.length > limit) until = Math.min(until, devices[limit]!.at - 1);
  const changes: (SituationChange & { ms: number })[] = [];
  for (const row of incidents)
    if (row.at <= until)
      changes.push({
        kind: 'incident',
        at: new Date(row.at).toISOString(),
        incident: JSON.parse(row.body) as never,
        ms: row.at,
      });
  for (const row of devices)
    if (row.at <= until)
      changes.push({
        kind: 'device',
        at: new Date(row.at).toISOString(),
        device: JSON.parse(row.body) as never,
        ms: row.at,
      });
  // Stable: each table's own order (seq, id) is kept among changes of one millisecond.
  changes.sort((a, b) => a.ms - b.ms);
  return { changes: changes.map(({ ms: _ms, ...change }) => change), until };
}
