import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MqttClient } from 'mqtt';
import {
  apiRoutes,
  type DeviceCredentials,
  type Incident,
  type IncidentDetail,
  type IncidentList,
  type SnapshotRef,
} from '@ioc/shared';
import {
  closeAsFalseAlarm,
  fetchImage,
  startSnapshotHub,
  SnapshotCameras,
} from '../support/cameras';
import { LiveClient } from '../support/clients';
import { expectEventually } from '../support/eventually';
import { freePort } from '../support/ports';
import { HubProcess } from '../support/hub-process';
import { TINY_PNG, jpegLike, uploadSnapshot } from '../support/images';
import { counterValue, metricsText } from '../support/metrics';
import type { RawDatabase } from '../support/raw-database';
import { S3Server } from '../support/s3-server';

const DAY = 24 * 3600 * 1000;
const PREFIX = 'hub-e2e/';

/**
 * Snapshots in an S3-compatible bucket (SNAPSHOT_STORE=s3, issue 19): the built hub against
 * s3rver. Images over MQTT and HTTP become objects, are served to signed-in users only, go
 * with their events under retention; consoles are told of a new frame; a bucket that does
 * not answer is reported and its images refused with a reason, not lost silently.
 */
describe('snapshots in an S3-compatible store', () => {
  let s3: S3Server;
  let hub: HubProcess;
  let raw: RawDatabase;
  let operator: string;
  let dispatcher: string;
  let dataDir: string;
  let cameras: SnapshotCameras;

  beforeAll(async () => {
    s3 = await S3Server.start('ioc-e2e-snapshots');
    dataDir = mkdtempSync(join(tmpdir(), 'ioc-snapshots-s3-'));
    ({ hub, raw, operator, dispatcher, cameras } = await startSnapshotHub(
      'snapshots-s3',
      dataDir,
      'e2e-s3',
      s3.hubEnv(PREFIX),
    ));
  });

  afterAll(async () => {
    cameras?.close();
    await raw?.close();
    await hub?.dispose();
    await s3?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const detail = (id: string): Promise<IncidentDetail> =>
    hub.get<IncidentDetail>(apiRoutes.incident(id), operator);

  const snapshotsOf = async (incidentId: string, eventId: string): Promise<SnapshotRef[]> =>
    (await detail(incidentId)).events.find((e) => e.eventId === eventId)?.snapshots ?? [];

  let cam: DeviceCredentials;
  let camClient: MqttClient;
  let incident: Incident;
  const stored: SnapshotRef[] = [];

  it('stores an image over MQTT as an object, serves its bytes to a signed-in user only', async () => {
    const health = await (await fetch(`${hub.baseUrl}/health`)).json();
    expect(health).toMatchObject({ status: 'ok', snapshotStore: 'up' });
    cam = await cameras.provision('cam-s3-1');
    camClient = await cameras.connect(cam);
    await cameras.publishEvent(camClient, cam.username, 'smoke-1');
    const image = jpegLike(150 * 1024);
    // The PUBACK comes once the object is in the bucket and its row committed.
    await cameras.publishImage(camClient, cam.username, 'smoke-1', image);
    incident = await expectEventually(async () => {
      const { items } = await hub.get<IncidentList>('/api/incidents?category=fire', operator);
      const found = items.find((i) => i.sources.includes(cam.username));
      if (!found) throw new Error('no incident yet');
      return found;
    });
    const [ref] = await snapshotsOf(incident.id, 'smoke-1');
    expect(ref).toBeDefined();
    stored.push(ref as SnapshotRef);
    expect(await s3.keys()).toContain(`${PREFIX}${ref!.id}`);

    const served = await fetchImage(hub, ref!.url, operator);
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('image/jpeg');
    expect(Buffer.from(await served.arrayBuffer()).equals(image)).toBe(true);
    expect((await fetchImage(hub, ref!.url, null)).status).toBe(401);
    expect((await fetchImage(hub, ref!.url, 'not-a-token')).status).toBe(401);
  });

  it('stores an image over HTTP as an object and pushes it to consoles (live frames)', async () => {
    const console = new LiveClient(hub.baseUrl, operator);
    try {
      await console.connected();
      await cameras.publishEvent(camClient, cam.username, 'smoke-2');
      await expectEventually(async () =>
        expect((await detail(incident.id)).events.map((e) => e.eventId)).toContain('smoke-2'),
      );
      const path = apiRoutes.deviceSnapshot(cam.username, 'smoke-2');
      const answer = await uploadSnapshot(hub.baseUrl, path, cam, TINY_PNG, 'image/png');
      expect(answer.status).toBe(201);
      const [ref] = await snapshotsOf(incident.id, 'smoke-2');
      stored.push(ref as SnapshotRef);
      expect(await s3.keys()).toEqual(
        expect.arrayContaining(stored.map((s) => `${PREFIX}${s.id}`)),
      );
      const served = await fetchImage(hub, ref!.url, operator);
      expect(Buffer.from(await served.arrayBuffer()).equals(TINY_PNG)).toBe(true);
      // The console that shows the incident learns of the frame without reloading.
      await expectEventually(() =>
        expect(console.snapshots).toContainEqual({
          incidentId: incident.id,
          deviceId: cam.username,
          eventId: 'smoke-2',
          snapshot: ref,
        }),
      );
    } finally {
      console.close();
    }
  });

  it('refuses a 5 MB image, nothing added to the bucket', async () => {
    const before = await s3.keys();
    const path = apiRoutes.deviceSnapshot(cam.username, 'smoke-2');
    const big = await uploadSnapshot(hub.baseUrl, path, cam, jpegLike(5 * 1024 * 1024));
    expect(big.status).toBe(413);
    expect(big.body.details?.reason).toBe('snapshot_too_large');
    expect(await s3.keys()).toEqual(before);
  });

  it('deletes the objects with their events under retention', async () => {
    await closeAsFalseAlarm(hub, dispatcher, incident.id, (await detail(incident.id)).version);
    await raw.run('UPDATE "events" SET "receivedAt" = "receivedAt" - ? WHERE "deviceId" = ?', [
      40 * DAY,
      cam.username,
    ]);
    await expectEventually(async () => expect(await s3.keys()).toEqual([]), 20_000);
    expect((await fetchImage(hub, stored[0]!.url, operator)).status).toBe(404);
    expect(await raw.all('SELECT "id" FROM "snapshots"')).toEqual([]);
  });

  it('reports a bucket that does not answer and refuses its images with a reason, counted', async () => {
    // A port nothing listens on: the start-up check fails, the hub runs on.
    const away = await HubProcess.start('snapshots-s3-away', {
      broker: 'embedded',
      database: 'sqlite',
      anonymousDevices: false,
      env: { ...s3.hubEnv(PREFIX), SNAPSHOT_S3_ENDPOINT: `http://127.0.0.1:${await freePort()}` },
    });
    try {
      const health = await (await fetch(`${away.baseUrl}/health`)).json();
      expect(health).toMatchObject({ status: 'ok', snapshotStore: 'down' });
      expect(away.logs).not.toContain('S3RVER');
      const awayCameras = new SnapshotCameras(away, await away.login('admin'), 12.1, 'e2e-s3a');
      const device = await awayCameras.provision('cam-s3-away');
      const client = await awayCameras.connect(device);
      await awayCameras.publishEvent(client, device.username, 'fog-1');
      const before = counterValue(await metricsText(away.baseUrl), 'ioc_events_rejected_total', {
        reason: 'snapshot_store_unavailable',
      });
      // Acknowledged once the refusal is recorded (contract §3), like every refusal.
      await awayCameras.publishImage(client, device.username, 'fog-1', TINY_PNG);
      const path = apiRoutes.deviceSnapshot(device.username, 'fog-1');
      const answer = await uploadSnapshot(away.baseUrl, path, device, TINY_PNG, 'image/png');
      expect(answer.status).toBe(503);
      expect(answer.body.details?.reason).toBe('snapshot_store_unavailable');
      expect(
        counterValue(await metricsText(away.baseUrl), 'ioc_events_rejected_total', {
          reason: 'snapshot_store_unavailable',
        }),
      ).toBe(before + 2);
      awayCameras.close();
    } finally {
      await away.dispose();
    }
  });
});
