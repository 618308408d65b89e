import mqtt, { type MqttClient } from 'mqtt';
import {
  apiRoutes,
  topics,
  type DeviceCredentials,
  type Incident,
  type ProvisionedDevice,
} from '@ioc/shared';
import { call } from './api';
import type { HubProcess } from './hub-process';

/** Cameras that send events and their images (issue 19), each connected as itself. */
export class SnapshotCameras {
  private readonly open: MqttClient[] = [];

  constructor(
    private readonly hub: HubProcess,
    private readonly adminToken: string,
    private readonly lat: number,
    private readonly clientPrefix: string,
  ) {}

  /** Registers a camera near `lat` and answers its MQTT credentials. */
  async provision(id: string): Promise<DeviceCredentials> {
    const response = await call<ProvisionedDevice>(
      this.hub,
      'POST',
      apiRoutes.devices(),
      this.adminToken,
      {
        id,
        kind: 'camera',
        name: `Snapshot camera ${id}`,
        location: { lat: this.lat, lon: 108.44 },
        zone: 'langbiang',
        capabilities: ['fire.smoke'],
      },
    );
    expect(response.status).toBe(201);
    return response.body.credentials;
  }

  async connect(credentials: DeviceCredentials): Promise<MqttClient> {
    const client = await mqtt.connectAsync(this.hub.mqttUrl, {
      clientId: `${this.clientPrefix}-${credentials.username}-${this.open.length}`,
      reconnectPeriod: 0,
      ...credentials,
    });
    client.on('error', () => undefined);
    this.open.push(client);
    return client;
  }

  /** A smoke event at QoS 1: resolves on its PUBACK (stored). */
  publishEvent(client: MqttClient, deviceId: string, id: string): Promise<unknown> {
    return client.publishAsync(
      topics.events(deviceId, this.hub.topicRoot),
      JSON.stringify({ id, ts: new Date().toISOString(), type: 'fire.smoke', confidence: 0.9 }),
      { qos: 1 },
    );
  }

  /** An image of one of the device's events at QoS 1: resolves on its PUBACK. */
  publishImage(client: MqttClient, deviceId: string, eventId: string, image: Buffer) {
    return client.publishAsync(topics.snapshot(deviceId, eventId, this.hub.topicRoot), image, {
      qos: 1,
    });
  }

  close(): void {
    for (const client of this.open) client.end(true);
  }
}

/** GET of an image URL, with a bearer token or without. */
export function fetchImage(hub: HubProcess, url: string, token: string | null): Promise<Response> {
  return fetch(
    `${hub.baseUrl}${url}`,
    token ? { headers: { authorization: `Bearer ${token}` } } : {},
  );
}

/** Acknowledge, resolve as a false alarm and close: retention may then take its events. */
export async function closeAsFalseAlarm(
  hub: HubProcess,
  dispatcher: string,
  incidentId: string,
  version: number,
): Promise<void> {
  for (const [action, body] of [
    ['acknowledge', {}],
    ['resolve', { resolution: 'false_alarm' }],
    ['close', {}],
  ] as const) {
    const answer = await call<Incident>(
      hub,
      'POST',
      apiRoutes.transition(incidentId, action),
      dispatcher,
      { version, ...body },
    );
    expect(answer.status).toBe(200);
    version = answer.body.version;
  }
}
