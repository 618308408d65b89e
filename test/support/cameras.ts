import mqtt, { type MqttClient } from 'mqtt';
import {
  apiRoutes,
  topics,
  type DeviceCredentials,
  type Incident,
  type ProvisionedDevice,
} from '@ioc/shared';
import { join } from 'node:path';
import { call, freshLatitude } from './api';
import { HubProcess } from './hub-process';
import { openRawDatabase, type RawDatabase } from './raw-database';

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

/** A hub for the snapshot suites, its raw database, a token per role and its cameras. */
export interface SnapshotHub {
  hub: HubProcess;
  raw: RawDatabase;
  admin: string;
  operator: string;
  dispatcher: string;
  cameras: SnapshotCameras;
}

/**
 * Starts a hub on the embedded broker and SQLite in `dataDir`, devices by credentials only,
 * retention sweeping every second; `env` adds the store's settings.
 */
export async function startSnapshotHub(
  name: string,
  dataDir: string,
  cameraPrefix: string,
  env: Record<string, string>,
): Promise<SnapshotHub> {
  const hub = await HubProcess.start(name, {
    broker: 'embedded',
    database: 'sqlite',
    anonymousDevices: false,
    env: { ...env, DATA_DIR: dataDir, RETENTION_DAYS: '30', RETENTION_INTERVAL_SECONDS: '1' },
  });
  const raw = await openRawDatabase({ sqliteFile: join(dataDir, 'ioc.sqlite') });
  const [admin, operator, dispatcher] = await Promise.all([
    hub.login('admin'),
    hub.login('operator'),
    hub.login('dispatcher'),
  ]);
  const cameras = new SnapshotCameras(hub, admin, freshLatitude(), cameraPrefix);
  return { hub, raw, admin, operator, dispatcher, cameras };
}
