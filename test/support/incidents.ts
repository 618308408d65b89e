import type { Incident, IncidentList } from '@ioc/shared';
import { call } from './api';
import { expectEventually } from './eventually';
import type { HubProcess } from './hub-process';

/** The incident a device's event opened (or joined), once the hub lists it. */
export function incidentFromDevice(
  hub: HubProcess,
  token: string,
  deviceId: string,
): Promise<Incident> {
  return expectEventually(async () => {
    const { items } = await hub.get<IncidentList>('/api/incidents?limit=500', token);
    const found = items.find((i) => i.sources.includes(deviceId));
    if (!found) throw new Error(`no incident from ${deviceId} yet`);
    return found;
  });
}

/**
 * Acknowledges an incident over HTTP at its current version (a dispatcher's token). The SLA
 * escalator may raise the version between the read and the POST (tests run with a small
 * SLA_SCALE); then, as a dispatcher would, it retries on the version the 409 carries.
 */
export async function acknowledgeIncident(
  hub: HubProcess,
  token: string,
  id: string,
): Promise<void> {
  await changeIncident(hub, token, id, 'acknowledge');
}

/**
 * POSTs a change (`acknowledge`, `dispatch`, `notes`, …) at the incident's current version,
 * retrying on the version a 409 carries; resolves with the incident as changed.
 */
export async function changeIncident(
  hub: HubProcess,
  token: string,
  id: string,
  action: string,
  body: Record<string, unknown> = {},
): Promise<Incident> {
  let { version } = await hub.get<Incident>(`/api/incidents/${id}`, token);
  for (let attempt = 0; attempt < 5; attempt++) {
    const answer = await call<Incident>(hub, 'POST', `/api/incidents/${id}/${action}`, token, {
      ...body,
      version,
    });
    if (answer.status === 200 || answer.status === 201) return answer.body;
    const current = (answer.body as { details?: Incident }).details;
    if (answer.status !== 409 || !current)
      throw new Error(`${action} ${id}: ${answer.status} ${JSON.stringify(answer.body)}`);
    version = current.version;
  }
  throw new Error(`${action} ${id}: still conflicting after 5 attempts`);
}
