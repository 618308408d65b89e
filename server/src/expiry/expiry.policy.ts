import type { AuditParams, Severity } from '@ioc/shared';
import { DomainError } from '../common/domain-error';
import type { CorrelationRules } from '../correlation/correlation-rules';
import type { IncidentState } from '../correlation/incident-state';
import type { IncidentAuditInput } from '../incidents/incident-write.service';

/*
 * Noise that ends (docs/correlation.md), as pure functions: the hub resolves, as `expired`,
 * an open low or info incident whose category window passed with no new event, and an
 * incident whose threshold condition cleared and stayed cleared for the hold time (as
 * Alertmanager resolves alerts that stop firing). Quiet is measured on the hub's clock from
 * `updatedAt`, which every joining event, note or transition moves.
 */

export const QUIET_SEVERITIES: readonly Severity[] = ['info', 'low'];

export type ExpiryRules = Pick<
  CorrelationRules,
  'categories' | 'expireWhenQuiet' | 'clearedHoldMs'
>;

type ExpiryView = Pick<
  IncidentState,
  'category' | 'severity' | 'status' | 'conditionCleared' | 'updatedAt' | 'assignedUnitId'
>;

export type ExpiryDue =
  | { kind: 'quiet'; quietMs: number; windowMs: number }
  | { kind: 'cleared'; quietMs: number; holdMs: number };

/** Why the incident is due to expire now, or null when it is not. */
export function expiryDue(incident: ExpiryView, rules: ExpiryRules, now: number): ExpiryDue | null {
  const quietMs = now - incident.updatedAt;
  // A cleared condition: open or acknowledged, not while a unit is out on it.
  if (
    incident.conditionCleared &&
    rules.clearedHoldMs !== null &&
    (incident.status === 'open' || incident.status === 'acknowledged') &&
    incident.assignedUnitId === null &&
    quietMs >= rules.clearedHoldMs
  )
    return { kind: 'cleared', quietMs, holdMs: rules.clearedHoldMs };
  // Quiet noise: only while nobody has taken it on.
  const windowMs = rules.categories[incident.category].windowMs;
  if (
    incident.status === 'open' &&
    QUIET_SEVERITIES.includes(incident.severity) &&
    rules.expireWhenQuiet[incident.category] &&
    quietMs >= windowMs
  )
    return { kind: 'quiet', quietMs, windowMs };
  return null;
}

/** The expiry, for IncidentWriteService.applyChange; throws when it is no longer due. */
export function expire(
  state: IncidentState,
  rules: ExpiryRules,
  now: number,
): IncidentAuditInput[] {
  const due = expiryDue(state, rules, now);
  if (!due) throw new DomainError('CONFLICT', `incident ${state.id} is not due to expire`);
  const from = state.status;
  state.status = 'resolved';
  state.resolvedAt = now;
  state.resolution = 'expired';
  state.version += 1;
  const minutes = (ms: number): string => `${Math.round(ms / 60_000)} min`;
  const note =
    due.kind === 'quiet'
      ? `expired: no new event for ${minutes(due.quietMs)} (window ${minutes(due.windowMs)})`
      : `expired: the condition stayed cleared for ${minutes(due.quietMs)} (hold ${minutes(due.holdMs)})`;
  const params: AuditParams =
    due.kind === 'quiet'
      ? { quietMs: due.quietMs, windowMs: due.windowMs }
      : { quietMs: due.quietMs, holdMs: due.holdMs };
  return [
    {
      actor: 'hub',
      action: 'resolved',
      fromStatus: from,
      toStatus: 'resolved',
      note,
      code: due.kind === 'quiet' ? 'expiry.quiet' : 'expiry.cleared',
      params,
    },
  ];
}
