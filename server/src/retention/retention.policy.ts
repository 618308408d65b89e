import { INCIDENT_STATUSES, isActiveStatus, type IncidentStatus } from '@ioc/shared';

/**
 * What retention deletes, and when to stop (docs/contract.md §9 `RETENTION_DAYS`). Pure:
 * RetentionRepository's SQL says the same thing to the database, and the specs of both
 * hold it to this.
 */
export const RETENTION_TABLES = [
  'events',
  'telemetry',
  'rejections',
  'incident_history',
  'device_history',
] as const;
export type RetentionTable = (typeof RETENTION_TABLES)[number];

/**
 * Rows per DELETE: small enough that a statement takes milliseconds, so the group commit
 * queued behind it on the writer is hardly delayed.
 */
export const PRUNE_BATCH_ROWS = 2000;
/** A pause between two DELETEs, so ingest's commits take turns with them. */
export const PRUNE_PAUSE_MS = 20;

const DAY_MS = 24 * 3600 * 1000;

/** Incidents whose events may go: those no longer worked on (their timeline is done). */
export const PRUNABLE_INCIDENT_STATUSES: readonly IncidentStatus[] = INCIDENT_STATUSES.filter(
  (s) => !isActiveStatus(s),
);

/** Rows older than this (epoch ms) may be deleted; null: retention is off (`days` 0). */
export function retentionHorizon(days: number, now: number): number | null {
  return days > 0 ? now - Math.round(days * DAY_MS) : null;
}

/** A full batch means more may be left; a short one that the table is done for this run. */
export function morePossible(deleted: number, batchRows = PRUNE_BATCH_ROWS): boolean {
  return deleted >= batchRows;
}

/** What the policy looks at in a stored event. */
export interface StoredEventAge {
  receivedAt: number;
  /** null: not yet correlated (write-ahead); the start-up replay needs it. */
  incidentId: string | null;
  /** Its incident's status, when it has one. */
  incidentStatus: IncidentStatus | null;
}

/**
 * An event goes once the hub received it before the horizon, it is correlated, and its
 * incident is resolved or closed. Kept: uncorrelated events (the replay after a crash
 * needs them), and every event of an active incident, however old (its timeline is still
 * being read). Incidents, their audit and their sources are never deleted.
 */
export function eventPrunable(event: StoredEventAge, horizon: number): boolean {
  return (
    event.receivedAt < horizon &&
    event.incidentId !== null &&
    event.incidentStatus !== null &&
    PRUNABLE_INCIDENT_STATUSES.includes(event.incidentStatus)
  );
}

/** Telemetry goes by its reading time (it has no other), rejections by when the hub refused them. */
export function readingPrunable(ts: number, horizon: number): boolean {
  return ts < horizon;
}

/** What the policy looks at in a history row (incident_history, device_history). */
export interface HistoryRowAge {
  at: number;
  /** The time of the next row of the same incident or device; null: it is the latest. */
  nextAt: number | null;
}

/**
 * A history row goes once it was superseded before the horizon: the situation at any
 * moment within retention still finds each incident's and device's state then, and the
 * latest state of every one is kept for ever (as the incident itself is).
 */
export function historyPrunable(row: HistoryRowAge, horizon: number): boolean {
  return row.at < horizon && row.nextAt !== null && row.nextAt <= horizon;
}
