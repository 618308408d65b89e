import type { MqttClient } from 'mqtt';
import {
  SituationChangesSchema,
  SituationSchema,
  applySituationChange,
  inSituation,
  topics,
  type Device,
  type ErrorBody,
  type Incident,
  type Situation,
  type Unit,
} from '@ioc/shared';
import { call } from '../support/api';
import { connectMqtt, LiveClient } from '../support/clients';
import { expectEventually } from '../support/eventually';
import { HubProcess, type HubOptions } from '../support/hub-process';

// The situation at a past moment (docs/contract.md §7 `GET /api/situation`) must be what
// /live had pushed by then: the pushes are recorded with the time they arrived during a
// short scenario with transitions, then three moments are asked for and compared.

const matrix: [string, HubOptions][] = [
  ['SQLite', { broker: 'embedded', database: 'sqlite' }],
  ['PostgreSQL', { broker: 'embedded', database: 'postgres' }],
];

interface Recorded<T> {
  at: number;
  value: T;
}

/** The latest recorded state of each id at or before `at` (incidents by seq). */
function expectedAt(
  incidents: Recorded<Incident>[],
  devices: Recorded<Device>[],
  at: number,
): { incidents: Incident[]; devices: Device[] } {
  const byIncident = new Map<string, Incident>();
  for (const { at: when, value } of incidents)
    if (when <= at && (byIncident.get(value.id)?.seq ?? -1) < value.seq)
      byIncident.set(value.id, value);
  const byDevice = new Map<string, Device>();
  for (const { at: when, value } of devices) if (when <= at) byDevice.set(value.id, value);
  return {
    incidents: sortById([...byIncident.values()].filter((i) => inSituation(i, at))),
    devices: sortById([...byDevice.values()]),
  };
}

const sortById = <T extends { id: string }>(items: T[]): T[] =>
  [...items].sort((a, b) => a.id.localeCompare(b.id));

describe.each(matrix)('the situation at a past moment (%s)', (label, options) => {
  let hub: HubProcess;
  let mqtt: MqttClient;
  let live: LiveClient;
  let operator: string;
  let dispatcher: string;
  const pushedIncidents: Recorded<Incident>[] = [];
  const pushedDevices: Recorded<Device>[] = [];
  let eventCounter = 0;

  beforeAll(async () => {
    hub = await HubProcess.start(`situation-${label}`, options);
    [operator, dispatcher] = await Promise.all([hub.login('operator'), hub.login('dispatcher')]);
    mqtt = await connectMqtt(hub.mqttUrl);
    live = new LiveClient(hub.baseUrl, operator);
    live.socket.on('incident', (value) => pushedIncidents.push({ at: Date.now(), value }));
    live.socket.on('device', (value) => pushedDevices.push({ at: Date.now(), value }));
    await live.connected();
  });

  afterAll(async () => {
    live?.close();
    await mqtt?.endAsync();
    await hub?.dispose();
  });

  const publishEvents = async (deviceId: string, lat: number, count: number) => {
    for (let i = 0; i < count; i++)
      await mqtt.publishAsync(
        topics.events(deviceId, hub.topicRoot),
        JSON.stringify({
          id: `ev-${++eventCounter}`,
          ts: new Date().toISOString(),
          type: 'urban.crowd',
          location: { lat, lon: 108.44 },
        }),
        { qos: 1 },
      );
  };

  const birth = (deviceId: string, lat: number) =>
    mqtt.publishAsync(
      topics.birth(deviceId, hub.topicRoot),
      JSON.stringify({
        kind: 'camera',
        name: `Camera ${deviceId}`,
        location: { lat, lon: 108.44 },
        zone: 'center',
        capabilities: ['urban.crowd'],
      }),
      { qos: 1, retain: true },
    );

  const status = (deviceId: string, value: 'online' | 'offline') =>
    mqtt.publishAsync(topics.status(deviceId, hub.topicRoot), value, { qos: 1, retain: true });

  /** Waits until /live pushed an incident from `deviceId` satisfying `check` (the newest such). */
  const pushed = (deviceId: string, check: (i: Incident) => boolean) =>
    expectEventually(() => {
      const found = [...pushedIncidents]
        .reverse()
        .find((r) => r.value.sources.includes(deviceId) && check(r.value));
      if (!found) throw new Error(`no matching push from ${deviceId} yet`);
      return found.value;
    });

  const devicePushed = (deviceId: string, value: Device['status']) =>
    expectEventually(() => {
      const found = [...pushedDevices].reverse().find((r) => r.value.id === deviceId);
      if (found?.value.status !== value) throw new Error(`${deviceId} not ${value} yet`);
    });

  /**
   * A moment after everything so far was pushed, before anything that follows: the hub's
   * changes committed so far (its lastSeq) have all reached /live, so a change the hub made
   * on its own (a camera's offline incident) is not in flight across the moment.
   */
  const moment = async (): Promise<number> => {
    await expectEventually(async () => {
      const { lastSeq } = await hub.get<{ lastSeq: number }>('/api/incidents?limit=1', operator);
      const newest = Math.max(0, ...pushedIncidents.map((r) => r.value.seq));
      if (newest < lastSeq) throw new Error(`pushed up to seq ${newest}, the hub is at ${lastSeq}`);
    });
    const at = Date.now();
    await expectEventually(() => {
      if (Date.now() <= at + 1) throw new Error('the same millisecond');
    });
    return at;
  };

  const situationAt = async (at: number): Promise<Situation> => {
    const response = await call<Situation>(
      hub,
      'GET',
      `/api/situation?at=${new Date(at).toISOString()}`,
      operator,
    );
    expect(response.status).toBe(200);
    return SituationSchema.parse(response.body);
  };

  it('answers three moments of a scenario as /live showed them, and the changes between', async () => {
    const camA = `sit-cam-a-${label}`;
    const camB = `sit-cam-b-${label}`;
    // 1: a camera is born and opens an incident with three events.
    await birth(camA, 11.901);
    await publishEvents(camA, 11.901, 3);
    const first = await pushed(camA, (i) => i.eventCount === 3);
    const m1 = await moment();

    // 2: acknowledged, then dispatched with a unit; the camera goes offline.
    const ack = await call<Incident>(
      hub,
      'POST',
      `/api/incidents/${first.id}/acknowledge`,
      dispatcher,
      {
        version: first.version,
      },
    );
    expect(ack.status).toBe(200);
    const units = await hub.get<Unit[]>('/api/units', dispatcher);
    const unit = units.find((u) => u.status === 'available');
    if (!unit) throw new Error('no available unit');
    const dispatched = await call<Incident>(
      hub,
      'POST',
      `/api/incidents/${first.id}/dispatch`,
      dispatcher,
      { version: ack.body.version, unitId: unit.id },
    );
    expect(dispatched.status).toBe(200);
    await status(camA, 'offline');
    await pushed(camA, (i) => i.status === 'dispatched');
    await devicePushed(camA, 'offline');
    // The hub opens a device incident for the camera that went offline.
    await pushed(camA, (i) => i.category === 'device');
    const m2 = await moment();

    // 3: resolved; a second camera opens a second incident far away; the first comes back.
    const resolved = await call<Incident>(
      hub,
      'POST',
      `/api/incidents/${first.id}/resolve`,
      dispatcher,
      {
        version: dispatched.body.version,
        resolution: 'handled',
      },
    );
    expect(resolved.status).toBe(200);
    await birth(camB, 11.98);
    await publishEvents(camB, 11.98, 2);
    await status(camA, 'online');
    await pushed(camA, (i) => i.status === 'resolved');
    await pushed(camB, (i) => i.eventCount === 2);
    await devicePushed(camA, 'online');
    const m3 = await moment();

    for (const at of [m1, m2, m3]) {
      const situation = await situationAt(at);
      const expected = expectedAt(pushedIncidents, pushedDevices, at);
      expect(sortById(situation.incidents)).toEqual(expected.incidents);
      expect(sortById(situation.devices)).toEqual(expected.devices);
    }
    const [s1, s2, s3] = await Promise.all([m1, m2, m3].map(situationAt));
    expect(s1!.incidents.find((i) => i.id === first.id)?.status).toBe('open');
    expect(s2!.incidents.find((i) => i.id === first.id)).toMatchObject({
      status: 'dispatched',
      assignedUnitIds: [unit.id],
    });
    expect(s2!.devices.find((d) => d.id === camA)?.status).toBe('offline');
    expect(s3!.incidents.find((i) => i.id === first.id)?.status).toBe('resolved');
    expect(s3!.incidents.filter((i) => i.sources.includes(camB))).toHaveLength(1);

    // The changes from m1 to m3, folded onto the situation at m1, give the one at m3.
    const changes = await call(
      hub,
      'GET',
      `/api/situation/changes?from=${new Date(m1).toISOString()}&to=${new Date(m3).toISOString()}`,
      operator,
    );
    expect(changes.status).toBe(200);
    const page = SituationChangesSchema.parse(changes.body);
    expect(page.until).toBe(new Date(m3).toISOString());
    const state = {
      incidents: new Map(s1!.incidents.map((i) => [i.id, i])),
      devices: new Map(s1!.devices.map((d) => [d.id, d])),
    };
    for (const change of page.changes) applySituationChange(state, change);
    expect(sortById([...state.incidents.values()])).toEqual(sortById(s3!.incidents));
    expect(sortById([...state.devices.values()])).toEqual(sortById(s3!.devices));
  });

  it('refuses a moment in the future, before retention or not a time, with the reason; and a caller without a token', async () => {
    const ask = (query: string, token: string | null = operator) =>
      call<ErrorBody>(hub, 'GET', `/api/situation${query}`, token);
    const future = await ask(`?at=${new Date(Date.now() + 60_000).toISOString()}`);
    expect(future.status).toBe(400);
    expect(JSON.stringify(future.body)).toMatch(/future/);
    const old = await ask(`?at=${new Date(Date.now() - 100 * 24 * 3600_000).toISOString()}`);
    expect(old.status).toBe(400);
    expect(JSON.stringify(old.body)).toMatch(/retention/);
    expect((await ask('?at=yesterday')).status).toBe(400);
    expect((await ask('')).status).toBe(400);
    expect((await ask(`?at=${new Date().toISOString()}`, null)).status).toBe(401);
    const backwards = await call<ErrorBody>(
      hub,
      'GET',
      `/api/situation/changes?from=${new Date().toISOString()}&to=${new Date(Date.now() - 1000).toISOString()}`,
      operator,
    );
    expect(backwards.status).toBe(400);
  });
});
