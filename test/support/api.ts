import type { MqttClient } from 'mqtt';
import { topics, type EventType, type Incident, type IncidentList } from '@ioc/shared';
import { expectEventually } from './eventually';
import type { HubProcess } from './hub-process';

export interface ApiResponse<T = unknown> {
  status: number;
  body: T;
  contentType: string | null;
}

/** One HTTP call to the hub; the body is parsed as JSON when it is JSON, else kept as text. */
export async function call<T = unknown>(
  hub: HubProcess,
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  path: string,
  token: string | null,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<ApiResponse<T>> {
  const response = await fetch(`${hub.baseUrl}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...headers,
    },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  const contentType = response.headers.get('content-type');
  const text = await response.text();
  const parsed: unknown = contentType?.includes('json') && text ? JSON.parse(text) : text;
  return { status: response.status, body: parsed as T, contentType };
}

/** Logs in with any username and password (HubProcess.login only knows the demo users). */
export async function loginAs(
  hub: HubProcess,
  username: string,
  password: string,
): Promise<ApiResponse<{ accessToken: string }>> {
  return call(hub, 'POST', '/api/auth/login', null, { username, password });
}

let counter = 0;

/**
 * Publishes one event from a fresh device at a given place and waits for its incident
 * (found over HTTP by that device among the incident's sources).
 */
export async function openIncident(
  hub: HubProcess,
  device: MqttClient,
  token: string,
  options: { lat: number; lon?: number; type?: EventType; deviceId?: string },
): Promise<Incident> {
  const n = ++counter;
  const deviceId = options.deviceId ?? `e2e-dev-${n}`;
  const type = options.type ?? 'urban.crowd';
  await device.publishAsync(
    topics.events(deviceId, hub.topicRoot),
    JSON.stringify({
      id: `ev-${n}`,
      ts: new Date().toISOString(),
      type,
      location: { lat: options.lat, lon: options.lon ?? 108.44 },
    }),
    { qos: 1 },
  );
  return expectEventually(async () => {
    const { items } = await hub.get<IncidentList>(
      `/api/incidents?category=${type.split('.')[0]}&limit=5000`,
      token,
    );
    const found = items.find((i) => i.sources.includes(deviceId));
    if (!found) throw new Error(`no incident yet from ${deviceId}`);
    return found;
  });
}

/** A place far from every other one handed out in this process: incidents never merge. */
let lane = 0;
export function freshLatitude(): number {
  lane += 1;
  return 10.5 + lane * 0.03;
}
