import type { IncidentStatus, Resolution } from '@ioc/shared';
import { DomainError } from '../common/domain-error';
import { toIncident, type IncidentState } from '../correlation/incident-state';
import type { IncidentAuditInput } from '../incidents/incidents.service';

/**
 * The incident lifecycle of docs/contract.md §6 as one table and pure functions (no I/O), used by
 * LifecycleService inside IncidentsService.applyChange:
 *
 *   open ─acknowledge─► acknowledged ─dispatch─► dispatched ─resolve─► resolved ─close─► closed
 *     └──────────resolve───────┴──────────resolve──────────┘
 */
export const LIFECYCLE_ACTIONS = ['acknowledge', 'dispatch', 'resolve', 'close'] as const;
export type LifecycleAction = (typeof LIFECYCLE_ACTIONS)[number];

interface TransitionRule {
  from: readonly IncidentStatus[];
  to: IncidentStatus;
  /** The audit `action`, past tense like correlation's `opened`. */
  audit: string;
}

export const TRANSITIONS: Readonly<Record<LifecycleAction, TransitionRule>> = {
  acknowledge: { from: ['open'], to: 'acknowledged', audit: 'acknowledged' },
  dispatch: { from: ['acknowledged'], to: 'dispatched', audit: 'dispatched' },
  resolve: { from: ['open', 'acknowledged', 'dispatched'], to: 'resolved', audit: 'resolved' },
  close: { from: ['resolved'], to: 'closed', audit: 'closed' },
};

/** Where `action` takes an incident in `from`, or null when it is not allowed there. */
export function transitionTarget(
  from: IncidentStatus,
  action: LifecycleAction,
): IncidentStatus | null {
  const rule = TRANSITIONS[action];
  return rule.from.includes(from) ? rule.to : null;
}

export function allowedActions(status: IncidentStatus): LifecycleAction[] {
  return LIFECYCLE_ACTIONS.filter((action) => transitionTarget(status, action) !== null);
}

export type LifecycleCommand =
  | { action: 'acknowledge'; version: number; note?: string }
  | { action: 'dispatch'; version: number; note?: string; unitId: string }
  | { action: 'resolve'; version: number; note?: string; resolution: Resolution }
  | { action: 'close'; version: number; note?: string };

/**
 * What a transition needs of the response units, synchronously: `reserve` throws a
 * DomainError when the unit is unknown or not available.
 */
export interface UnitBook {
  reserve(unitId: string, incidentId: string): void;
  release(unitId: string, incidentId: string): void;
}

/**
 * Applies one command to the live aggregate, or throws without touching it. The version
 * is checked first: of two requests made on the same version, the second always gets
 * 409 with the state the first left (who acknowledged, which unit…), never a 422.
 */
export function applyTransition(
  state: IncidentState,
  command: LifecycleCommand,
  actor: string,
  now: number,
  units: UnitBook,
): IncidentAuditInput[] {
  assertVersion(state, command.version);
  const from = state.status;
  const to = transitionTarget(from, command.action);
  if (!to) {
    throw new DomainError(
      'ILLEGAL_TRANSITION',
      `cannot ${command.action} an incident that is ${from} (allowed: ${allowedActions(from).join(', ') || 'none'})`,
      {
        status: from,
        allowed: allowedActions(from),
      },
    );
  }
  const userNote = command.note?.trim() ? command.note.trim() : null;
  let note = userNote;
  switch (command.action) {
    case 'acknowledge':
      state.acknowledgedBy = actor;
      state.acknowledgedAt = now;
      break;
    case 'dispatch':
      units.reserve(command.unitId, state.id);
      state.assignedUnitId = command.unitId;
      note = withPrefix(`unit ${command.unitId}`, userNote);
      break;
    case 'resolve':
      if (state.assignedUnitId) units.release(state.assignedUnitId, state.id);
      state.resolvedAt = now;
      state.resolution = command.resolution;
      note = withPrefix(`resolution ${command.resolution}`, userNote);
      break;
    case 'close':
      // A unit is normally freed at resolve; this only matters for data from before that rule.
      if (state.assignedUnitId) units.release(state.assignedUnitId, state.id);
      break;
  }
  state.status = to;
  state.version += 1;
  return [
    { actor, action: TRANSITIONS[command.action].audit, fromStatus: from, toStatus: to, note },
  ];
}

/** A note: allowed in every status (the audit trail is append-only), bumps the version. */
export function applyNote(state: IncidentState, text: string, actor: string): IncidentAuditInput[] {
  state.version += 1;
  return [
    { actor, action: 'note', fromStatus: state.status, toStatus: state.status, note: text.trim() },
  ];
}

export function assertVersion(state: IncidentState, version: number): void {
  if (state.version !== version) {
    throw new DomainError(
      'VERSION_CONFLICT',
      `incident ${state.id} changed: it is at version ${state.version}, the request was made on ${version}`,
      toIncident(state),
    );
  }
}

function withPrefix(prefix: string, note: string | null): string {
  return note ? `${prefix}: ${note}` : prefix;
}
