import { severityRank, type Incident } from '@ioc/shared';

/**
 * The triage queue's order: unverified incidents only, the most severe first, then the
 * newest (latest `lastSeen`) — "newest critical first". Ties by id, so the order is stable.
 */
export function triageOrder(incidents: Iterable<Incident>): Incident[] {
  const queue: Incident[] = [];
  for (const incident of incidents) if (incident.status === 'unverified') queue.push(incident);
  return queue.sort(
    (a, b) =>
      severityRank(b.severity) - severityRank(a.severity) ||
      Date.parse(b.lastSeen) - Date.parse(a.lastSeen) ||
      a.id.localeCompare(b.id),
  );
}

/** The selection after the queue changed: the same incident if still there, else the same place. */
export function keepSelection(
  queue: readonly Incident[],
  selectedId: string | null,
  previousIndex: number,
): number {
  if (queue.length === 0) return -1;
  const index = selectedId === null ? -1 : queue.findIndex((i) => i.id === selectedId);
  if (index >= 0) return index;
  return Math.min(Math.max(previousIndex, 0), queue.length - 1);
}
