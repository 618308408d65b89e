import { IncidentSchema, type Incident, type IncidentStatus } from '@ioc/shared';
import { requestJson } from './http-client';
import { parseEach } from './parse';

/** The statuses the console shows: everything not yet resolved or closed. */
export const ACTIVE_STATUSES: readonly IncidentStatus[] = ['open', 'acknowledged', 'dispatched'];

export interface IncidentPage {
  items: Incident[];
  total: number;
  /** The hub's committed seq when it answered: resync from here, not from 0. */
  lastSeq: number;
}

export async function fetchActiveIncidents(limit = 1000): Promise<IncidentPage> {
  const query = new URLSearchParams({ status: ACTIVE_STATUSES.join(','), limit: String(limit) });
  const body = await requestJson(`/api/incidents?${query.toString()}`);
  const record = body && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  const items = parseEach(IncidentSchema, record.items, 'incident');
  const total = typeof record.total === 'number' ? record.total : items.length;
  const lastSeq = typeof record.lastSeq === 'number' ? record.lastSeq : Math.max(0, ...items.map((i) => i.seq));
  return { items, total, lastSeq };
}
