import { isActiveStatus } from './schemas/incident.schema';
import type { Device } from './schemas/device.schema';
import type { Incident } from './schemas/incident.schema';
import { SITUATION_FINISHED_MS, type SituationChange } from './schemas/situation.schema';

/**
 * The situation at a moment, folded from recorded changes (docs/contract.md §7). Pure: the
 * hub answers `GET /api/situation` with it and the console replays `…/changes` through it.
 */
export interface SituationState {
  incidents: Map<string, Incident>;
  devices: Map<string, Device>;
}

export function emptySituation(): SituationState {
  return { incidents: new Map(), devices: new Map() };
}

/** Applies one change: the newer state (higher seq) of an incident wins, a device's latest. */
export function applySituationChange(state: SituationState, change: SituationChange): void {
  if (change.kind === 'device') {
    state.devices.set(change.device.id, change.device);
    return;
  }
  const known = state.incidents.get(change.incident.id);
  if (!known || known.seq < change.incident.seq)
    state.incidents.set(change.incident.id, change.incident);
}

/**
 * Whether an incident, in its state at `at`, belongs to the situation then: active, or
 * finished no longer than SITUATION_FINISHED_MS before (as a console keeps it listed).
 */
export function inSituation(incident: Incident, at: number): boolean {
  if (isActiveStatus(incident.status)) return true;
  return Date.parse(incident.updatedAt) >= at - SITUATION_FINISHED_MS;
}

/** Why `at` cannot be asked for, or null: not in the future, not before the retention horizon. */
export function situationTimeProblem(
  at: number,
  now: number,
  horizon: number | null,
): string | null {
  if (!Number.isFinite(at)) return 'at is not a time';
  if (at > now) return 'at is in the future';
  if (horizon !== null && at < horizon)
    return `at is before the retention horizon (${new Date(horizon).toISOString()})`;
  return null;
}
