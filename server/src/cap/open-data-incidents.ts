import { ACTIVE_STATUSES, type Incident } from '@ioc/shared';
import type { Request } from 'express';
import type { IncidentQueryService } from '../incidents/incident-query.service';
import { isVerified } from '../triage/publication';

/**
 * What the open-data outputs publish (docs/integration.md): incidents being worked on, and
 * resolved ones until they are closed, so a reader sees the all-clear or the `Cancel`.
 * Device faults are the hub's own maintenance, not alerts for the public.
 */
export async function openDataIncidents(
  incidents: IncidentQueryService,
  limit: number,
): Promise<Incident[]> {
  const { items } = await incidents.list({ status: [...ACTIVE_STATUSES, 'resolved'], limit });
  return items.filter(isOpenData);
}

export function isOpenData(
  incident: Pick<Incident, 'category' | 'status' | 'dismissReason'>,
): boolean {
  return incident.category !== 'device' && incident.status !== 'closed' && isVerified(incident);
}

/** The hub's URL as its reader called it: the base of the links the open-data outputs carry. */
export function requestOrigin(request: Request): string {
  return `${request.protocol}://${request.get('host') ?? 'localhost'}`;
}
