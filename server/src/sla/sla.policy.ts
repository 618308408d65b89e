import type { Severity } from '@ioc/shared';
import { DomainError } from '../common/domain-error';
import type { IncidentState } from '../correlation/incident-state';
import type { IncidentAuditInput } from '../incidents/incident-write.service';

/**
 * SLA of docs/contract.md §6 as pure functions: an incident still `open` longer than its severity's
 * limit becomes `escalated`. Time runs from `createdAt` (when the hub opened it), a stored
 * time, so the rule holds across restarts; a late event's old timestamp does not count.
 */
export type SlaLimits = Partial<Record<Severity, number>>;

export function scaleLimits(limits: SlaLimits, scale: number): SlaLimits {
  const scaled: SlaLimits = {};
  for (const [severity, ms] of Object.entries(limits) as [Severity, number][])
    scaled[severity] = Math.max(1, Math.round(ms * scale));
  return scaled;
}

type SlaView = Pick<IncidentState, 'status' | 'escalated' | 'severity' | 'createdAt'> &
  Partial<Pick<IncidentState, 'confirmedAt'>>;

/** When the SLA clock started: at the confirmation of a triaged incident, else its opening. */
export function slaStart(incident: SlaView): number {
  return incident.confirmedAt ?? incident.createdAt;
}

export function isOverdue(incident: SlaView, limits: SlaLimits, now: number): boolean {
  const limit = limits[incident.severity];
  return (
    incident.status === 'open' &&
    !incident.escalated &&
    limit !== undefined &&
    now - slaStart(incident) > limit
  );
}

/** The escalation change, for IncidentWriteService.applyChange; throws when it is no longer due. */
export function escalate(
  state: IncidentState,
  limits: SlaLimits,
  now: number,
): IncidentAuditInput[] {
  if (!isOverdue(state, limits, now))
    throw new DomainError('CONFLICT', `incident ${state.id} is not due for escalation`);
  state.escalated = true;
  state.version += 1;
  const openMs = now - slaStart(state);
  const note = `open for ${formatDuration(openMs)}, past the ${formatDuration(limits[state.severity] ?? 0)} SLA for ${state.severity} severity`;
  return [
    {
      actor: 'hub',
      action: 'escalated',
      fromStatus: state.status,
      toStatus: state.status,
      note,
      code: 'sla.escalated',
      params: {
        openMs,
        limitMs: limits[state.severity] ?? 0,
        severity: state.severity,
      },
    },
  ];
}

export function formatDuration(ms: number): string {
  const totalSeconds = Math.round(ms / 1000);
  if (totalSeconds < 60) return ms < 1000 ? `${ms} ms` : `${totalSeconds} s`;
  const minutes = Math.floor(totalSeconds / 60);
  const seconds = totalSeconds % 60;
  return seconds ? `${minutes} min ${seconds} s` : `${minutes} min`;
}
