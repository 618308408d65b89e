import type { Incident } from '@ioc/shared';

/**
 * Whether an incident may leave the hub (open data, the province): not while it waits for
 * triage, and never when it was dismissed there — an unverified detection is not an alert.
 */
export function isVerified(incident: Pick<Incident, 'status' | 'dismissReason'>): boolean {
  return incident.status !== 'unverified' && !incident.dismissReason;
}
