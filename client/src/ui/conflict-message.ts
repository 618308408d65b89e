import type { AuditEntry, Incident, IncidentStatus } from '@ioc/shared';
import { formatClock } from '../i18n/format';
import { t } from '../i18n/i18n';

/**
 * What someone else did, for a 409: "acknowledged by dispatcher2 at 10:04". Taken from
 * the audit entry that brought the incident to its current status, or from the
 * incident's own acknowledgement fields when the audit trail is not loaded yet.
 */
export function describeChange(
  incident: Incident,
  audit: readonly AuditEntry[],
  statusSeen: IncidentStatus,
): string {
  if (incident.status === statusSeen) {
    const last = audit.at(-1);
    return t('conflict.changed', {
      actor: last?.actor ?? '—',
      time: formatClock(last?.at ?? incident.updatedAt),
    });
  }
  const entry = [...audit].reverse().find((e) => e.to === incident.status && e.from !== e.to);
  let actor = entry?.actor ?? null;
  let at = entry?.at ?? null;
  if (incident.status === 'acknowledged' && incident.acknowledgedBy) {
    actor = incident.acknowledgedBy;
    at = incident.acknowledgedAt ?? at;
  }
  return t(`conflict.${incident.status}`, {
    actor: actor ?? '—',
    time: formatClock(at ?? incident.updatedAt),
  });
}
