import {
  allowedActions,
  type AuditCode,
  type AuditParams,
  TRANSITIONS,
  UNIT_CHANGE_STATUSES,
  transitionTarget,
  type IncidentStatus,
  type LifecycleCommand,
} from '@ioc/shared';
import { DomainError } from '../common/domain-error';
import { toIncident, type IncidentState } from '../correlation/incident-state';

export type { LifecycleCommand } from '@ioc/shared';

/*
 * The incident lifecycle of docs/contract.md §6 applied to the live aggregate: pure functions,
 * no I/O, used by LifecycleService inside IncidentsService.applyChange. Which transitions exist
 * is shared's table (TRANSITIONS), the same one the console reads.
 */

/** One line for the audit trail; the caller stores it with the change. */
export interface LifecycleAudit {
  actor: string;
  action: string;
  fromStatus: IncidentStatus | null;
  toStatus: IncidentStatus | null;
  note: string | null;
  code?: AuditCode | null;
  params?: AuditParams | null;
}

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
): LifecycleAudit[] {
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
  let coded: Pick<LifecycleAudit, 'code' | 'params'> = {};
  switch (command.action) {
    case 'confirm':
      // The SLA runs from here, not from when the hub opened it unverified.
      state.confirmedAt = now;
      state.confirmedBy = actor;
      break;
    case 'dismiss':
      state.resolvedAt = now;
      state.resolution = 'false_alarm';
      state.dismissReason = command.reason;
      note = withPrefix(`false alarm: ${command.reason}`, userNote);
      coded = { code: 'triage.dismissed', params: { reason: command.reason, userNote } };
      break;
    case 'acknowledge':
      state.acknowledgedBy = actor;
      state.acknowledgedAt = now;
      break;
    case 'dispatch':
      units.reserve(command.unitId, state.id);
      state.assignedUnitId = command.unitId;
      state.assignedUnitIds = [command.unitId];
      note = withPrefix(`unit ${command.unitId}`, userNote);
      coded = { code: 'lifecycle.dispatched', params: { unitId: command.unitId, userNote } };
      break;
    case 'resolve':
      releaseAll(state, units);
      state.resolvedAt = now;
      state.resolution = command.resolution;
      note = withPrefix(`resolution ${command.resolution}`, userNote);
      coded = {
        code: 'lifecycle.resolved',
        params: { resolution: command.resolution, userNote },
      };
      break;
    case 'close':
      // A unit is normally freed at resolve; this only matters for data from before that rule.
      releaseAll(state, units);
      break;
  }
  state.status = to;
  state.version += 1;
  return [
    {
      actor,
      action: TRANSITIONS[command.action].audit,
      fromStatus: from,
      toStatus: to,
      note,
      ...coded,
    },
  ];
}

/** What a unit change does: send one more unit, or bring one back. */
export type UnitChange =
  | { kind: 'add'; unitId: string; version: number; note?: string }
  | { kind: 'release'; unitId: string; version: number; note?: string };

/**
 * One more unit on a dispatched incident, or one released (it becomes available). Same
 * order of checks as a transition: version (409), then status (422), then the unit. The
 * last unit cannot be released — resolve the incident, or add the replacement first.
 */
export function applyUnitChange(
  state: IncidentState,
  change: UnitChange,
  actor: string,
  units: UnitBook,
): LifecycleAudit[] {
  assertVersion(state, change.version);
  if (!UNIT_CHANGE_STATUSES.includes(state.status)) {
    throw new DomainError(
      'ILLEGAL_TRANSITION',
      `units can be added or released only while an incident is dispatched; it is ${state.status}`,
      { status: state.status, allowed: allowedActions(state.status) },
    );
  }
  const assigned = state.assignedUnitIds;
  if (change.kind === 'add') {
    if (assigned.includes(change.unitId)) {
      throw new DomainError('CONFLICT', `unit ${change.unitId} is already on this incident`);
    }
    units.reserve(change.unitId, state.id);
    state.assignedUnitIds = [...assigned, change.unitId];
  } else {
    if (!assigned.includes(change.unitId)) {
      throw new DomainError('NOT_FOUND', `unit ${change.unitId} is not on this incident`);
    }
    if (assigned.length === 1) {
      throw new DomainError(
        'LAST_UNIT',
        `unit ${change.unitId} is the only unit on this incident: add another first, or resolve it`,
      );
    }
    units.release(change.unitId, state.id);
    state.assignedUnitIds = assigned.filter((id) => id !== change.unitId);
  }
  state.assignedUnitId = state.assignedUnitIds[0] ?? null;
  state.version += 1;
  const userNote = change.note?.trim() ? change.note.trim() : null;
  return [
    {
      actor,
      action: change.kind === 'add' ? 'unit_added' : 'unit_released',
      fromStatus: state.status,
      toStatus: state.status,
      note: withPrefix(`unit ${change.unitId}`, userNote),
    },
  ];
}

/** Frees every unit still out on the incident; the list stays as the record of who went. */
function releaseAll(state: IncidentState, units: UnitBook): void {
  const ids = state.assignedUnitIds.length
    ? state.assignedUnitIds
    : state.assignedUnitId
      ? [state.assignedUnitId]
      : [];
  for (const id of ids) units.release(id, state.id);
}

/** A note: allowed in every status (the audit trail is append-only), bumps the version. */
export function applyNote(state: IncidentState, text: string, actor: string): LifecycleAudit[] {
  state.version += 1;
  return [
    { actor, action: 'note', fromStatus: state.status, toStatus: state.status, note: text.trim() },
  ];
}

/**
 * The public answer to the incident's citizen reports, separate from the internal notes: it
 * replaces any earlier answer, and the audit trail keeps each one.
 */
export function applyAnswer(
  state: IncidentState,
  text: string,
  actor: string,
  now: number,
): LifecycleAudit[] {
  const answer = text.trim();
  if (!answer) throw new DomainError('VALIDATION', 'an answer needs some text');
  state.answer = { text: answer, by: actor, at: now };
  state.version += 1;
  return [
    { actor, action: 'answered', fromStatus: state.status, toStatus: state.status, note: answer },
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
