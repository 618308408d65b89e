import type { IncidentState } from '../correlation/incident-state';

/**
 * What a person or a timer changes on an incident (transitions, notes, units, escalation,
 * triage), as opposed to what correlation derives from events. After a compare-and-set
 * conflict the hub takes these from the stored row: the database is their arbiter, while
 * correlation's figures stay those of the one instance that correlates.
 */
const LIFECYCLE_FIELDS = [
  'status',
  'version',
  'escalated',
  'conditionCleared',
  'assignedUnitId',
  'assignedUnitIds',
  'acknowledgedBy',
  'acknowledgedAt',
  'resolvedAt',
  'resolution',
  'answer',
  'confirmedAt',
  'confirmedBy',
  'dismissReason',
  'updatedAt',
] as const satisfies readonly (keyof IncidentState)[];

/** Puts the stored lifecycle of an incident onto the live aggregate (same object, in place). */
export function adoptStoredLifecycle(live: IncidentState, stored: IncidentState): void {
  const target = live as unknown as Record<string, unknown>;
  const source = stored as unknown as Record<string, unknown>;
  for (const field of LIFECYCLE_FIELDS) target[field] = source[field];
}
