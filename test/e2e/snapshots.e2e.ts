import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MqttClient } from 'mqtt';
import {
  apiRoutes,
  topics,
  type DeviceCredentials,
  type Incident,
  type IncidentDetail,
  type IncidentList,
  type Rejection,
  type SnapshotRef,
} from '@ioc/shared';
import {
  closeAsFalseAlarm,
  fetchImage as fetchFrom,
  startSnapshotHub,
  type SnapshotCameras,
} from '../support/cameras';
import { expectEventually } from '../support/eventually';
import { type HubProcess } from '../support/hub-process';
import { TINY_PNG, jpegLike, uploadSnapshot } from '../support/images';
import { counterValue, metricsText } from '../support/metrics';
import type { RawDatabase } from '../support/raw-database';

const DAY = 24 * 3600 * 1000;

/**
 * Snapshots (issue 19, docs/contract.md §3 and §7): a camera's images of its events, over
 * MQTT and over HTTP, with the device identity rules of issue 14; served to signed-in users
 * only; deleted with their events by retention.
 */
describe('snapshots', () => {
  let hub: HubProcess;
  let raw: RawDatabase;
  let admin: string;
  let operator: string;
  let dispatcher: string;
  let dataDir: string;
  let snapshotDir: string;
  let cameras: SnapshotCameras;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'ioc-snapshots-'));
    snapshotDir = join(dataDir, 'images');
    ({ hub, raw, admin, operator, dispatcher, cameras } = await startSnapshotHub(
      'snapshots',
      dataDir,
      'e2e-snap',
      { SNAPSHOT_DIR: snapshotDir },
    ));
  });

  afterAll(async () => {
    cameras?.close();
    await raw?.close();
    await hub?.dispose();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const provision = (id: string) => cameras.provision(id);
  const connectAs = (credentials: DeviceCredentials) => cameras.connect(credentials);
  const publishEvent = (client: MqttClient, deviceId: string, id: string) =>
    cameras.publishEvent(client, deviceId, id);

  async function incidentOf(deviceId: string): Promise<Incident> {
    return expectEventually(async () => {
      const { items } = await hub.get<IncidentList>('/api/incidents?category=fire', operator);
      const found = items.find((i) => i.sources.includes(deviceId));
      if (!found) throw new Error(`no incident from ${deviceId} yet`);
      return found;
    });
  }

  const detail = (id: string): Promise<IncidentDetail> =>
    hub.get<IncidentDetail>(apiRoutes.incident(id), operator);

  const snapshotsOf = async (incidentId: string, eventId: string): Promise<SnapshotRef[]> =>
    (await detail(incidentId)).events.find((e) => e.eventId === eventId)?.snapshots ?? [];

  const rejected = async (reason: string): Promise<number> =>
    counterValue(await metricsText(hub.baseUrl), 'ioc_events_rejected_total', { reason });

  const fetchImage = (url: string, token: string | null) => fetchFrom(hub, url, token);

  let cam: DeviceCredentials;
  let other: DeviceCredentials;
  let camClient: MqttClient;
  let incident: Incident;
  let mqttImage: SnapshotRef;

  it('takes an image over MQTT once its event is stored, lists it on the event, serves it with a token only', async () => {
    [cam, other] = await Promise.all([provision('cam-snap-1'), provision('cam-snap-2')]);
    camClient = await connectAs(cam);
    await publishEvent(camClient, cam.username, 'smoke-1');
    const image = jpegLike(200 * 1024);
    // The PUBACK of the image: stored (file and row) when it arrives.
    await camClient.publishAsync(topics.snapshot(cam.username, 'smoke-1', hub.topicRoot), image, {
      qos: 1,
    });
    incident = await incidentOf(cam.username);
    const listed = await snapshotsOf(incident.id, 'smoke-1');
    expect(listed).toHaveLength(1);
    mqttImage = listed[0] as SnapshotRef;
    expect(mqttImage).toMatchObject({
      contentType: 'image/jpeg',
      bytes: image.length,
      url: apiRoutes.snapshot(mqttImage.id),
    });

    const served = await fetchImage(mqttImage.url, operator);
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('image/jpeg');
    expect(served.headers.get('cache-control')).toBe('no-store');
    expect(Buffer.from(await served.arrayBuffer()).equals(image)).toBe(true);

    // An <img src> sends no token: refused.
    expect((await fetchImage(mqttImage.url, null)).status).toBe(401);
    expect((await fetchImage(mqttImage.url, 'not-a-token')).status).toBe(401);
    expect((await fetchImage(apiRoutes.snapshot('0'.repeat(32)), operator)).status).toBe(404);

    // The file is the owner's only, in the snapshot folder.
    const files = readdirSync(snapshotDir, { recursive: true }).map(String);
    expect(files.some((name) => name.endsWith(mqttImage.id))).toBe(true);
  });

  it('takes an image over HTTP with the device credentials; a resend is the same image', async () => {
    await publishEvent(camClient, cam.username, 'smoke-2');
    await expectEventually(async () =>
      expect((await detail(incident.id)).events.map((e) => e.eventId)).toContain('smoke-2'),
    );
    const path = apiRoutes.deviceSnapshot(cam.username, 'smoke-2');
    const first = await uploadSnapshot(hub.baseUrl, path, cam, TINY_PNG, 'image/png');
    expect(first.status).toBe(201);
    expect(first.body.created).toBe(true);
    const again = await uploadSnapshot(hub.baseUrl, path, cam, TINY_PNG, 'image/png');
    expect(again.status).toBe(200);
    expect(again.body.created).toBe(false);
    const listed = await snapshotsOf(incident.id, 'smoke-2');
    expect(listed.map((s) => s.contentType)).toEqual(['image/png']);
    const served = await fetchImage((listed[0] as SnapshotRef).url, operator);
    expect(Buffer.from(await served.arrayBuffer()).equals(TINY_PNG)).toBe(true);
  });

  it('refuses a 5 MB image and a non-image with their reasons, counted and listed', async () => {
    const path = apiRoutes.deviceSnapshot(cam.username, 'smoke-2');
    const tooLargeBefore = await rejected('snapshot_too_large');
    const big = await uploadSnapshot(hub.baseUrl, path, cam, jpegLike(5 * 1024 * 1024));
    expect(big.status).toBe(413);
    expect(big.body.details?.reason).toBe('snapshot_too_large');
    expect(await rejected('snapshot_too_large')).toBe(tooLargeBefore + 1);

    const html = Buffer.from('<html><script>alert(1)</script></html>');
    const notImage = await uploadSnapshot(hub.baseUrl, path, cam, html, 'image/jpeg');
    expect(notImage.status).toBe(415);
    expect(notImage.body.details?.reason).toBe('unsupported_image');

    // Over MQTT: acknowledged (the refusal is stored), counted and listed with its reason.
    const unsupportedBefore = await rejected('unsupported_image');
    await camClient.publishAsync(
      topics.snapshot(cam.username, 'smoke-1', hub.topicRoot),
      Buffer.from('GIF89a not ours'),
      { qos: 1 },
    );
    expect(await rejected('unsupported_image')).toBe(unsupportedBefore + 1);
    const { items } = await hub.get<{ items: Rejection[] }>(apiRoutes.rejections(), operator);
    expect(items[0]).toMatchObject({
      topic: topics.snapshot(cam.username, 'smoke-1', hub.topicRoot),
      reason: 'unsupported_image',
    });
    // Nothing was added to the event.
    expect(await snapshotsOf(incident.id, 'smoke-1')).toHaveLength(1);
    expect(await snapshotsOf(incident.id, 'smoke-2')).toHaveLength(1);
  });

  it("keeps another device from attaching an image to a camera's event", async () => {
    const path = apiRoutes.deviceSnapshot(cam.username, 'smoke-1');
    // HTTP: its own credentials on the camera's path; no credentials; a wrong password.
    const forbidden = await uploadSnapshot(hub.baseUrl, path, other, TINY_PNG, 'image/png');
    expect(forbidden.status).toBe(403);
    expect((await uploadSnapshot(hub.baseUrl, path, null, TINY_PNG, 'image/png')).status).toBe(401);
    const wrong = { username: cam.username, password: `${cam.password}x` };
    expect((await uploadSnapshot(hub.baseUrl, path, wrong, TINY_PNG, 'image/png')).status).toBe(
      401,
    );
    // A bearer token is not a device credential.
    const asUser = await fetch(`${hub.baseUrl}${path}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'image/png' },
      body: TINY_PNG,
    });
    expect(asUser.status).toBe(401);

    // MQTT: the broker refuses a publish under the camera's topics (connection closed) ...
    const denied = counterValue(await metricsText(hub.baseUrl), 'ioc_mqtt_auth_failures_total', {
      reason: 'publish_denied',
    });
    const intruder = await connectAs(other);
    // No PUBACK comes: the connection closes.
    intruder.publish(topics.snapshot(cam.username, 'smoke-1', hub.topicRoot), TINY_PNG, {
      qos: 1,
    });
    await expectEventually(() => expect(intruder.connected).toBe(false));
    expect(
      counterValue(await metricsText(hub.baseUrl), 'ioc_mqtt_auth_failures_total', {
        reason: 'publish_denied',
      }),
    ).toBe(denied + 1);
    // ... and under its own topics the camera's event id is not one of its events.
    const unknownBefore = await rejected('unknown_event');
    const own = await connectAs(other);
    await own.publishAsync(topics.snapshot(other.username, 'smoke-1', hub.topicRoot), TINY_PNG, {
      qos: 1,
    });
    expect(await rejected('unknown_event')).toBe(unknownBefore + 1);
    expect(await snapshotsOf(incident.id, 'smoke-1')).toHaveLength(1);
  });

  it('deletes the images with their events under retention', async () => {
    await closeAsFalseAlarm(hub, dispatcher, incident.id, (await detail(incident.id)).version);
    const file = join(snapshotDir, mqttImage.id.slice(0, 2), mqttImage.id);
    expect(existsSync(file)).toBe(true);
    await raw.run('UPDATE "events" SET "receivedAt" = "receivedAt" - ? WHERE "deviceId" = ?', [
      40 * DAY,
      cam.username,
    ]);
    await expectEventually(() => expect(existsSync(file)).toBe(false), 20_000);
    expect((await fetchImage(mqttImage.url, operator)).status).toBe(404);
    expect(await raw.all('SELECT "id" FROM "snapshots"')).toEqual([]);
    expect(
      counterValue(await metricsText(hub.baseUrl), 'ioc_snapshots_deleted_total'),
    ).toBeGreaterThanOrEqual(2);
  });
});
