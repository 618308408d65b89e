import type { MqttClient } from 'mqtt';
import { topics, type IncidentList, type ResyncResult, type LiveAck } from '@ioc/shared';
import { connectMqtt, LiveClient } from '../support/clients';
import { expectEventually } from '../support/eventually';
import { HubProcess } from '../support/hub-process';

describe('tokens, live updates, resync and restart', () => {
  let hub: HubProcess;
  let device: MqttClient;
  let token: string;

  beforeAll(async () => {
    hub = await HubProcess.start('live-and-auth', { broker: 'embedded', database: 'sqlite' });
    token = await hub.login('dispatcher');
    device = await connectMqtt(hub.mqttUrl);
  });

  afterAll(async () => {
    await device?.endAsync();
    await hub?.dispose();
  });

  const publishEvent = (
    deviceId: string,
    id: string,
    lat: number,
    type = 'urban.crowd',
  ): Promise<unknown> =>
    device.publishAsync(
      topics.events(deviceId, hub.topicRoot),
      JSON.stringify({ id, ts: new Date().toISOString(), type, location: { lat, lon: 108.44 } }),
      { qos: 1 },
    );

  it('refuses the API and the socket without a valid token, and a wrong password', async () => {
    expect((await fetch(`${hub.baseUrl}/api/incidents`)).status).toBe(401);
    expect(
      (
        await fetch(`${hub.baseUrl}/api/incidents`, {
          headers: { authorization: 'Bearer forged.token.here' },
        })
      ).status,
    ).toBe(401);
    const badLogin = await fetch(`${hub.baseUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'operator', password: 'wrong' }),
    });
    expect(badLogin.status).toBe(401);
    const malformed = await fetch(`${hub.baseUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"username":',
    });
    expect(malformed.status).toBe(400);
    const anonymous = new LiveClient(hub.baseUrl, null);
    await expect(anonymous.connected()).rejects.toThrow(/unauthorized/);
    anonymous.close();
    const forged = new LiveClient(hub.baseUrl, 'not-a-token');
    await expect(forged.connected()).rejects.toThrow(/unauthorized/);
    forged.close();
  });

  it('serves health, metrics and the OpenAPI document without a token', async () => {
    expect(await (await fetch(`${hub.baseUrl}/health`)).json()).toMatchObject({
      status: 'ok',
      mqtt: 'up',
      db: 'up',
    });
    const metrics = await (await fetch(`${hub.baseUrl}/metrics`)).text();
    for (const name of [
      'ioc_events_accepted_total',
      'ioc_events_duplicate_total',
      'ioc_events_rejected_total',
      'ioc_telemetry_accepted_total',
      'ioc_incident_changes_total',
    ]) {
      expect(metrics).toContain(name);
    }
    const doc = (await (await fetch(`${hub.baseUrl}/api/docs-json`)).json()) as {
      paths: Record<string, unknown>;
      components: { schemas: Record<string, unknown> };
    };
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/incidents',
        '/api/incidents/{id}',
        '/api/auth/login',
        '/api/devices',
      ]),
    );
    expect(doc.components.schemas.Incident).toBeDefined();
  });

  it('replays every change a console missed when it resyncs from its last seq', async () => {
    const first = new LiveClient(hub.baseUrl, token);
    await first.connected();
    await publishEvent('cam-r-1', 'r-1', 11.9);
    await expectEventually(() =>
      expect(first.incidents.some((i) => i.sources.includes('cam-r-1'))).toBe(true),
    );
    const lastSeq = Math.max(...first.incidents.map((i) => i.seq));
    first.close();

    // While the console is away: two new incidents and a change to the first.
    await publishEvent('cam-r-2', 'r-2', 11.8);
    await publishEvent('cam-r-3', 'r-3', 11.7);
    await publishEvent('cam-r-4', 'r-4', 11.9);
    await expectEventually(async () => {
      const { items } = await hub.get<IncidentList>('/api/incidents?category=urban', token);
      expect(items.filter((i) => i.sources.some((s) => s.startsWith('cam-r-')))).toHaveLength(3);
    });

    const back = new LiveClient(hub.baseUrl, token);
    await back.connected();
    const ack = await new Promise<LiveAck<ResyncResult>>((resolve) =>
      back.socket.emit('resync', { sinceSeq: lastSeq }, resolve),
    );
    expect(ack.ok).toBe(true);
    const sources = back.incidents.flatMap((i) => i.sources);
    expect(sources).toEqual(expect.arrayContaining(['cam-r-2', 'cam-r-3', 'cam-r-4']));
    expect(back.incidents.every((i) => i.seq > lastSeq)).toBe(true);
    const invalid = await new Promise<LiveAck<ResyncResult>>((resolve) =>
      back.socket.emit('resync', { sinceSeq: -4 }, resolve),
    );
    expect(invalid).toMatchObject({ ok: false });
    back.close();
  });

  it('filters pushes by subscription', async () => {
    const filtered = new LiveClient(hub.baseUrl, token);
    await filtered.connected();
    await new Promise((resolve) =>
      filtered.socket.emit('subscribe', { categories: ['traffic'] }, resolve),
    );
    await publishEvent('cam-f-1', 'f-1', 11.5, 'urban.littering');
    await publishEvent('cam-f-2', 'f-2', 11.5, 'traffic.accident');
    await expectEventually(() =>
      expect(filtered.incidents.some((i) => i.category === 'traffic')).toBe(true),
    );
    expect(filtered.incidents.some((i) => i.category === 'urban')).toBe(false);
    filtered.close();
  });

  it('keeps incidents, seq and duplicate detection across a restart', async () => {
    const before = await hub.get<IncidentList>('/api/incidents', token);
    const maxSeq = Math.max(...before.items.map((i) => i.seq));
    await hub.restart();
    const after = await hub.get<IncidentList>('/api/incidents', token);
    expect(after.total).toBe(before.total);
    device.end(true);
    device = await connectMqtt(hub.mqttUrl);
    // The same event again, after the restart: still a duplicate.
    await publishEvent('cam-r-1', 'r-1', 11.9);
    await expectEventually(async () =>
      expect(await hub.metric('ioc_events_duplicate_total')).toBe(1),
    );
    // A new event joins the incident it belongs to, with a seq above every earlier one.
    const live = new LiveClient(hub.baseUrl, token);
    await live.connected();
    await publishEvent('cam-r-5', 'r-5', 11.9);
    const joined = await expectEventually(() => {
      const i = live.incidents.find((x) => x.sources.includes('cam-r-5'));
      expect(i).toBeDefined();
      return i!;
    });
    expect(joined.sources).toEqual(expect.arrayContaining(['cam-r-1', 'cam-r-4', 'cam-r-5']));
    expect(joined.seq).toBeGreaterThan(maxSeq);
    live.close();
  });
});
