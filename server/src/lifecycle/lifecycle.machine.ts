import {
  allowedActions,
  type AuditCode,
  type AuditParams,
  TRANSITIONS,
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
    case 'acknowledge':
      state.acknowledgedBy = actor;
      state.acknowledgedAt = now;
      break;
    case 'dispatch':
      units.reserve(command.unitId, state.id);
      state.assignedUnitId = command.unitId;
      note = withPrefix(`unit ${command.unitId}`, userNote);
      coded = { code: 'lifecycle.dispatched', params: { unitId: command.unitId, userNote } };
      break;
    case 'resolve':
      if (state.assignedUnitId) units.release(state.assignedUnitId, state.id);
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
      if (state.assignedUnitId) units.release(state.assignedUnitId, state.id);
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
