import { randomBytes } from 'node:crypto';
import {
  apiRoutes,
  topics,
  type Device,
  type DeviceCredentials,
  type ErrorBody,
  type Incident,
  type IncidentList,
  type LiveAck,
  type ProvisionedDevice,
  type ResyncResult,
} from '@ioc/shared';
import { call } from '../support/api';
import { connectMqtt, LiveClient } from '../support/clients';
import { durabilityFigures, readStored } from '../support/durability';
import { expectEventually } from '../support/eventually';
import { Flood, spreadPlaces } from '../support/flood';
import { HubProcess } from '../support/hub-process';
import { TINY_PNG, uploadSnapshot } from '../support/images';
import { MosquittoProcess } from '../support/mosquitto-process';
import { createPostgresDatabase } from '../support/postgres';

// Several hub instances on one PostgreSQL, one Redis and one Mosquitto with a shared
// subscription (docs/scale-out.md): each stores and acknowledges what it receives, one
// leads and correlates everything stored, a change made anywhere reaches every console.

const REDIS_URL = process.env.E2E_REDIS_URL ?? 'redis://127.0.0.1:6379';
const PLACES = spreadPlaces(50);
const CAMERAS = 50;
/** The leader's takeover budget (docs/scale-out.md). */
const FAILOVER_BUDGET_MS = 5000;

interface Health {
  leader: boolean;
}

async function leaderOf(hubs: HubProcess[]): Promise<HubProcess[]> {
  const leading = await Promise.all(
    hubs.map(async (hub) => {
      const response = await fetch(`${hub.baseUrl}/health`).catch(() => null);
      return response !== null && ((await response.json()) as Health).leader;
    }),
  );
  return hubs.filter((_, i) => leading[i]);
}

describe('several instances on PostgreSQL, Redis and Mosquitto', () => {
  const suffix = randomBytes(3).toString('hex');
  const topicRoot = `e2eha${suffix}`;
  let mosquitto: MosquittoProcess;
  let database: { url: string; drop: () => Promise<void> };
  const hubs: HubProcess[] = [];
  /** Σ eventCount the hub must hold: every event the flood saw acknowledged so far. */
  let acknowledgedSoFar = 0;

  const startHub = (n: number): Promise<HubProcess> =>
    HubProcess.start(`scale-out-${n}`, {
      broker: 'mosquitto',
      database: 'postgres',
      brokerUrl: mosquitto.url,
      databaseUrl: database.url,
      // The machine is shared: under load a start-up took 90 s before its first line.
      startTimeoutMs: 240_000,
      env: {
        REDIS_URL,
        CLUSTER_KEY_PREFIX: `ioc-e2e-${suffix}`,
        JWT_SECRET: `scale-out-secret-${suffix}`,
        MQTT_SHARE_GROUP: 'hubs',
        MQTT_TOPIC_ROOT: topicRoot,
        MQTT_CLIENT_ID: `ioc-hub-${suffix}-${n}`,
      },
    });

  beforeAll(async () => {
    mosquitto = await MosquittoProcess.start(`scale-out-mosquitto-${suffix}`);
    database = await createPostgresDatabase();
    // One after the other: the first runs the migrations, the others find them done.
    hubs.push(await startHub(0));
    for (const n of [1, 2]) hubs.push(await startHub(n));
  }, 780_000);

  afterAll(async () => {
    for (const hub of hubs) await hub.dispose();
    await mosquitto?.dispose();
    await database?.drop();
  });

  async function flood(rate: number): Promise<Flood> {
    return Flood.start({
      url: mosquitto.url,
      topicRoot,
      prefix: `c${randomBytes(3).toString('hex')}`,
      devices: CAMERAS,
      rate,
      places: PLACES,
    });
  }

  /** Waits until the incidents hold every acknowledged event, then checks them all. */
  async function expectAllStoredOnce(run: Flood, via: HubProcess): Promise<void> {
    const token = await via.login('operator');
    await expectEventually(
      async () => {
        const { items } = await via.get<IncidentList>('/api/incidents?limit=5000', token);
        const stored = items.reduce((sum, i) => sum + i.eventCount, 0);
        if (stored < acknowledgedSoFar)
          throw new Error(`${stored} of ${acknowledgedSoFar} acknowledged events stored`);
      },
      60_000,
      250,
    );
    const incidents = await readStored(via, token);
    const figures = durabilityFigures(run, incidents);
    console.log(`scale-out figures: ${JSON.stringify(figures)}`);
    expect(figures).toMatchObject({
      lost: 0,
      duplicates: 0,
      countMismatches: [],
      mixedIncidents: 0,
      splitPlaces: 0,
      incidents: PLACES.length,
    });
    expect(incidents.reduce((sum, i) => sum + i.eventCount, 0)).toBe(acknowledgedSoFar);
  }

  it('has one leader; 50 cameras through three instances make exactly 50 incidents', async () => {
    expect(await leaderOf(hubs)).toHaveLength(1);
    const run = await flood(1000);
    try {
      await run.untilAcked(3000);
      expect(await run.finish()).toBe(0);
      acknowledgedSoFar += run.acked;
      // Every instance took a share of the messages (the shared subscription).
      for (const hub of hubs)
        expect(await hub.metric('ioc_mqtt_messages_total{channel="events"}')).toBeGreaterThan(0);
      await expectAllStoredOnce(run, hubs[1]!);
    } finally {
      await run.close();
    }
  }, 120_000);

  it('one device registry: provisioned on A, heard through any, rotated on B, the old password refused everywhere', async () => {
    const [a, b] = hubs;
    const admin = await a!.login('admin');
    const id = `cam-reg-${suffix}`;
    const place = (n: number) => ({ lat: 11.7 + n * 0.001, lon: 108.2 });
    const created = await call<ProvisionedDevice>(a!, 'POST', apiRoutes.devices(), admin, {
      id,
      kind: 'camera',
      name: `Registry camera ${id}`,
      location: place(0),
      zone: 'langbiang',
      capabilities: ['fire.smoke'],
    });
    expect(created.status).toBe(201);
    const tokens = await Promise.all(hubs.map((hub) => hub.login('admin')));
    const listedEverywhere = (check: (device: Device | undefined) => void) =>
      expectEventually(
        async () => {
          for (const [i, hub] of hubs.entries()) {
            const listed = await hub.get<Device[]>(apiRoutes.devices(), tokens[i]!);
            check(listed.find((d) => d.id === id));
          }
        },
        10_000,
        100,
      );
    await listedEverywhere((d) => expect(d).toMatchObject({ provisioned: true }));

    // Births through the broker: the shared subscription hands each to one instance, and
    // every instance's registry takes it (its place, its status).
    const device = await connectMqtt(mosquitto.url, `reg-${suffix}`);
    try {
      for (const n of [1, 2, 3]) {
        await device.publishAsync(
          topics.birth(id, topicRoot),
          JSON.stringify({
            id,
            kind: 'camera',
            name: `Registry camera ${id}`,
            location: place(n),
            zone: 'langbiang',
            capabilities: ['fire.smoke'],
          }),
          { qos: 1 },
        );
        await listedEverywhere((d) => expect(d?.location).toEqual(place(n)));
      }
      await device.publishAsync(topics.status(id, topicRoot), 'online', { qos: 1 });
      await listedEverywhere((d) => expect(d?.status).toBe('online'));
    } finally {
      await device.endAsync();
    }

    // The device's password is checked by every instance (its image uploads): the old one
    // works everywhere, then, once rotated through B, nowhere; the new one everywhere.
    const upload = (hub: HubProcess, credentials: DeviceCredentials) =>
      uploadSnapshot(
        hub.baseUrl,
        apiRoutes.deviceSnapshot(id, 'none'),
        credentials,
        TINY_PNG,
        'image/png',
      );
    const old = created.body.credentials;
    for (const hub of hubs) expect((await upload(hub, old)).status).not.toBe(401);
    const rotated = await call<{ credentials: DeviceCredentials }>(
      b!,
      'POST',
      apiRoutes.deviceCredentials(id),
      tokens[1]!,
    );
    expect(rotated.status).toBe(200);
    await expectEventually(
      async () => {
        for (const hub of hubs) {
          expect((await upload(hub, old)).status).toBe(401);
          expect((await upload(hub, rotated.body.credentials)).status).not.toBe(401);
        }
      },
      10_000,
      100,
    );
  }, 120_000);

  it('kill -9 of the leader mid-flood: another leads within 5 s, nothing lost or doubled', async () => {
    const run = await flood(1000);
    try {
      await run.untilAcked(1000);
      const [leader] = await leaderOf(hubs);
      expect(leader).toBeDefined();
      await leader!.kill('SIGKILL');
      const killedAt = Date.now();
      const others = hubs.filter((h) => h !== leader);
      const successor = await expectEventually(
        async () => {
          const [next] = await leaderOf(others);
          if (!next) throw new Error('no leader yet');
          return next;
        },
        FAILOVER_BUDGET_MS,
        50,
      );
      console.log(`failover: ${successor.name} leads ${Date.now() - killedAt} ms after the kill`);
      await run.untilAcked(3000);
      // No new events while it restarts (in flight ones still land): this machine is shared.
      run.pause();
      // Its supervisor restarts it (same MQTT client id): Mosquitto then delivers what was
      // in flight to it, and it stands by.
      await leader!.restart();
      expect(await run.finish()).toBe(0);
      acknowledgedSoFar += run.acked;
      expect(await leaderOf(hubs)).toEqual([successor]);
      await expectAllStoredOnce(run, successor);
    } finally {
      await run.close();
    }
  }, 420_000);

  it('a console on one instance sees within a second an acknowledge made through another', async () => {
    const [leader] = await leaderOf(hubs);
    const follower = hubs.find((h) => h !== leader)!;
    const other = hubs.find((h) => h !== leader && h !== follower)!;
    const operator = await other.login('operator');
    const console = new LiveClient(other.baseUrl, operator);
    try {
      await console.connected();
      const dispatcher = await follower.login('dispatcher');
      const { items } = await follower.get<IncidentList>(
        '/api/incidents?status=open&limit=1',
        dispatcher,
      );
      const target = items[0]!;
      // Through a stand-by: forwarded to the leader, answered as the leader answered.
      const answer = await call<Incident>(
        follower,
        'POST',
        `/api/incidents/${target.id}/acknowledge`,
        dispatcher,
        { version: target.version },
      );
      expect(answer.status).toBe(200);
      await expectEventually(
        () => expect(console.latest(target.id)).toMatchObject({ status: 'acknowledged' }),
        1000,
        10,
      );
    } finally {
      console.close();
    }
  }, 60_000);

  it('two dispatchers on two instances changing one incident at once: one wins, 50 times', async () => {
    const [a, b] = hubs;
    const alice = await a!.login('dispatcher');
    const bob = await b!.login('dispatcher');
    const { items } = await a!.get<IncidentList>('/api/incidents?limit=5000', alice);
    expect(items).toHaveLength(PLACES.length);
    for (const incident of items) {
      // The one acknowledged by the previous test is raced on `resolve` instead.
      const [action, body] =
        incident.status === 'open'
          ? ['acknowledge', { version: incident.version }]
          : ['resolve', { version: incident.version, resolution: 'handled' }];
      const path = `/api/incidents/${incident.id}/${action}`;
      const answers = await Promise.all([
        call<Incident & ErrorBody>(a!, 'POST', path, alice, body),
        call<Incident & ErrorBody>(b!, 'POST', path, bob, body),
      ]);
      expect(answers.map((x) => x.status).sort()).toEqual([200, 409]);
      expect(answers.find((x) => x.status === 409)!.body).toMatchObject({
        code: 'VERSION_CONFLICT',
      });
      const stored = await a!.get<Incident>(`/api/incidents/${incident.id}`, alice);
      expect(stored.version).toBe(incident.version + 1);
    }
  }, 180_000);

  it('a console whose instance dies reconnects to another and resyncs with nothing missed', async () => {
    const [leader] = await leaderOf(hubs);
    const doomed = hubs.find((h) => h !== leader)!;
    const survivor = hubs.find((h) => h !== leader && h !== doomed)!;
    const operator = await doomed.login('operator');
    const first = new LiveClient(doomed.baseUrl, operator);
    await first.connected();
    const { lastSeq } = await doomed.get<IncidentList>('/api/incidents?limit=1', operator);
    await doomed.kill('SIGKILL');
    first.close();
    // Changes while the console is away: every incident resolved, through the leader.
    const dispatcher = await leader!.login('dispatcher');
    const { items } = await leader!.get<IncidentList>(
      '/api/incidents?status=acknowledged&limit=5000',
      dispatcher,
    );
    for (const incident of items.slice(0, 10)) {
      const answer = await call(
        leader!,
        'POST',
        `/api/incidents/${incident.id}/resolve`,
        dispatcher,
        { version: incident.version, resolution: 'handled' },
      );
      expect(answer.status).toBe(200);
    }
    const second = new LiveClient(survivor.baseUrl, await survivor.login('operator'));
    try {
      await second.connected();
      const ack = await new Promise<LiveAck<ResyncResult>>((resolve) =>
        second.socket.emit('resync', { sinceSeq: lastSeq ?? 0 }, resolve),
      );
      expect(ack).toMatchObject({ ok: true });
      const { lastSeq: hubSeq } = await survivor.get<IncidentList>(
        '/api/incidents?limit=1',
        operator,
      );
      expect(ack.ok && ack.data.lastSeq).toBe(hubSeq);
      for (const incident of items.slice(0, 10))
        expect(second.latest(incident.id)).toMatchObject({ status: 'resolved' });
    } finally {
      second.close();
      await doomed.restart();
    }
  }, 120_000);
});
