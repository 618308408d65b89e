import type { CitizenReportStatus, IncidentStatus } from '@ioc/shared';

/**
 * What a citizen report's status is, from its incident (docs/contract.md §7): closed once the
 * incident is; answered once a public answer is written; in progress while it is worked on
 * (acknowledged, dispatched, resolved but not closed); received while it is open.
 */
export function citizenStatus(incident: {
  status: IncidentStatus;
  answer: unknown;
}): CitizenReportStatus {
  if (incident.status === 'closed') return 'closed';
  if (incident.answer) return 'answered';
  switch (incident.status) {
    case 'unverified':
    case 'open':
      return 'received';
    case 'acknowledged':
    case 'dispatched':
    case 'resolved':
      return 'in_progress';
  }
}
