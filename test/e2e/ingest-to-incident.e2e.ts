import type { MqttClient } from 'mqtt';
import {
  topics,
  type Device,
  type Incident,
  type IncidentDetail,
  type IncidentList,
  type Rejection,
} from '@ioc/shared';
import { connectMqtt, LiveClient } from '../support/clients';
import { expectEventually } from '../support/eventually';
import { HubProcess, type HubOptions } from '../support/hub-process';

const matrix: [string, HubOptions][] = [
  ['embedded broker + SQLite', { broker: 'embedded', database: 'sqlite' }],
  ['Mosquitto + PostgreSQL', { broker: 'mosquitto', database: 'postgres' }],
  ['Mosquitto + SQLite', { broker: 'mosquitto', database: 'sqlite' }],
  ['embedded broker + PostgreSQL', { broker: 'embedded', database: 'postgres' }],
];

describe.each(matrix)('MQTT event to incident (%s)', (label, options) => {
  let hub: HubProcess;
  let device: MqttClient;
  let token: string;
  let live: LiveClient;
  const now = (): string => new Date().toISOString();

  beforeAll(async () => {
    hub = await HubProcess.start(`ingest-${label.replace(/[^a-z]+/gi, '-')}`, options);
    token = await hub.login('operator');
    live = new LiveClient(hub.baseUrl, token);
    await live.connected();
    device = await connectMqtt(hub.mqttUrl);
  });

  afterAll(async () => {
    live?.close();
    await device?.endAsync();
    await hub?.dispose();
  });

  it('turns a published event into a stored event and an incident: pushed on /live, on MQTT and over HTTP', async () => {
    const watcher = await connectMqtt(hub.mqttUrl);
    const published: Incident[] = [];
    watcher.on('message', (_topic, payload) =>
      published.push(JSON.parse(payload.toString()) as Incident),
    );
    await watcher.subscribeAsync(`${hub.topicRoot}/incidents/+`, { qos: 1 });

    await device.publishAsync(
      topics.birth('cam-lb-1', hub.topicRoot),
      JSON.stringify({
        kind: 'camera',
        name: 'Langbiang ridge cam 1',
        location: { lat: 12.047, lon: 108.44 },
        zone: 'langbiang',
        capabilities: ['fire.smoke'],
      }),
      { qos: 1, retain: false },
    );
    await expectEventually(async () => {
      const devices = await hub.get<Device[]>('/api/devices', token);
      expect(devices.find((d) => d.id === 'cam-lb-1')).toMatchObject({
        registered: true,
        zone: 'langbiang',
        kind: 'camera',
      });
    });
    await device.publishAsync(
      topics.events('cam-lb-1', hub.topicRoot),
      JSON.stringify({ id: 'e-1', ts: now(), type: 'fire.smoke', confidence: 0.9 }),
      { qos: 1 },
    );

    const pushed = await expectEventually(() => {
      const incident = live.incidents.find((i) => i.sources.includes('cam-lb-1'));
      expect(incident).toBeDefined();
      return incident!;
    });
    expect(pushed).toMatchObject({
      category: 'fire',
      type: 'fire.smoke',
      severity: 'medium',
      status: 'open',
      zone: 'langbiang',
      eventCount: 1,
    });
    expect(pushed.seq).toBeGreaterThan(0);
    expect(pushed.location).toEqual({ lat: 12.047, lon: 108.44 });

    const detail = await hub.get<IncidentDetail>(`/api/incidents/${pushed.id}`, token);
    expect(detail.events).toHaveLength(1);
    expect(detail.events[0]).toMatchObject({
      deviceId: 'cam-lb-1',
      eventId: 'e-1',
      reason: { rule: 'opened' },
    });

    const list = await hub.get<IncidentList>(
      '/api/incidents?status=open&category=fire&bbox=108.3,11.9,108.6,12.1',
      token,
    );
    expect(list.items.map((i) => i.id)).toContain(pushed.id);
    const elsewhere = await hub.get<IncidentList>('/api/incidents?bbox=100,10,101,11', token);
    expect(elsewhere.items.map((i) => i.id)).not.toContain(pushed.id);

    await expectEventually(() => expect(published.some((i) => i.id === pushed.id)).toBe(true));
    await watcher.endAsync();
  });

  it('joins a second camera 400 m away into the same incident and raises its severity', async () => {
    await device.publishAsync(
      topics.events('cam-lb-2', hub.topicRoot),
      JSON.stringify({
        id: 'e-1',
        ts: now(),
        type: 'fire.smoke',
        location: { lat: 12.047 + 400 / 111_320, lon: 108.44 },
      }),
      { qos: 1 },
    );
    const joined = await expectEventually(() => {
      const incident = live.incidents.find(
        (i) => i.sources.includes('cam-lb-1') && i.sources.includes('cam-lb-2'),
      );
      expect(incident).toBeDefined();
      return incident!;
    });
    expect(joined).toMatchObject({ eventCount: 2, severity: 'high' });
    const detail = await hub.get<IncidentDetail>(`/api/incidents/${joined.id}`, token);
    expect(detail.events[1]?.reason).toMatchObject({ rule: 'joined', radiusM: 1000 });
    expect(detail.events[1]?.reason.distanceM).toBeGreaterThan(150);
  });

  it('ignores a repeated (deviceId, id) and counts it as a duplicate', async () => {
    const before = await hub.metric('ioc_events_duplicate_total');
    const [incident] = (await hub.get<IncidentList>('/api/incidents?category=fire', token)).items;
    await device.publishAsync(
      topics.events('cam-lb-1', hub.topicRoot),
      JSON.stringify({ id: 'e-1', ts: now(), type: 'fire.smoke' }),
      { qos: 1 },
    );
    await expectEventually(async () =>
      expect(await hub.metric('ioc_events_duplicate_total')).toBe(before + 1),
    );
    const after = await hub.get<IncidentDetail>(`/api/incidents/${incident!.id}`, token);
    expect(after.eventCount).toBe(incident!.eventCount);
    expect(after.events).toHaveLength(incident!.eventCount);
  });

  it('rejects bad payloads with a reason, counts them, lists them and keeps running', async () => {
    const cases: [string, string, string][] = [
      [topics.events('cam-bad', hub.topicRoot), '{not json', 'invalid_json'],
      [
        topics.events('cam-bad', hub.topicRoot),
        JSON.stringify({
          id: 'x',
          ts: now(),
          type: 'fire.dragon',
          location: { lat: 12, lon: 108 },
        }),
        'unknown_type',
      ],
      [
        topics.events('cam-bad', hub.topicRoot),
        JSON.stringify({ ts: now(), type: 'fire.smoke', location: { lat: 12, lon: 108 } }),
        'missing_field',
      ],
      [
        topics.events('cam-bad', hub.topicRoot),
        JSON.stringify({ id: 'x', ts: now(), type: 'fire.smoke', location: { lat: 95, lon: 108 } }),
        'coordinates_out_of_range',
      ],
      [
        topics.events('cam-bad', hub.topicRoot),
        JSON.stringify({
          id: 'x',
          ts: Date.now() + 600_000,
          type: 'fire.smoke',
          location: { lat: 12, lon: 108 },
        }),
        'future_timestamp',
      ],
      [
        topics.events('cam-bad', hub.topicRoot),
        JSON.stringify({
          id: 'x',
          ts: now(),
          type: 'fire.smoke',
          location: { lat: 12, lon: 108 },
          blob: 'x'.repeat(70_000),
        }),
        'payload_too_large',
      ],
      [
        topics.events('never-born', hub.topicRoot),
        JSON.stringify({ id: 'x', ts: now(), type: 'fire.smoke' }),
        'unknown_device',
      ],
      [
        topics.telemetry('cam-bad', hub.topicRoot),
        JSON.stringify({ ts: now(), readings: { pm25: 'high' } }),
        'invalid_field',
      ],
      [topics.status('cam-bad', hub.topicRoot), 'asleep', 'invalid_status'],
      [`${hub.topicRoot}/devices/cam-bad/selfie`, '{}', 'bad_topic'],
    ];
    const before = new Map<string, number>();
    for (const [, , reason] of cases)
      before.set(reason, await hub.metric(`ioc_events_rejected_total{reason="${reason}"}`));
    for (const [topic, payload] of cases) await device.publishAsync(topic, payload, { qos: 1 });

    for (const [, , reason] of cases) {
      await expectEventually(async () =>
        expect(
          await hub.metric(`ioc_events_rejected_total{reason="${reason}"}`),
        ).toBeGreaterThanOrEqual(before.get(reason)! + 1),
      );
    }
    const { items } = await hub.get<{ items: Rejection[] }>('/api/ingest/rejections', token);
    expect(items.find((r) => r.reason === 'invalid_json')).toMatchObject({
      topic: topics.events('cam-bad', hub.topicRoot),
      payload: '{not json',
    });
    expect(items.find((r) => r.reason === 'payload_too_large')?.payload.length).toBeLessThanOrEqual(
      256,
    );
    expect(await hub.metric('ioc_events_accepted_total')).toBe(2);
    expect((await fetch(`${hub.baseUrl}/health`)).status).toBe(200);
  });

  it('rejects only the bad element of an array', async () => {
    const acceptedBefore = await hub.metric('ioc_events_accepted_total');
    const batch = [
      { id: 'b-1', ts: now(), type: 'traffic.accident', location: { lat: 11.94, lon: 108.43 } },
      { id: 'b-2', ts: now(), type: 'traffic.nothing', location: { lat: 11.94, lon: 108.43 } },
      { id: 'b-3', ts: now(), type: 'traffic.accident', location: { lat: 11.9401, lon: 108.4301 } },
    ];
    await device.publishAsync(topics.events('cam-batch', hub.topicRoot), JSON.stringify(batch), {
      qos: 1,
    });
    await expectEventually(async () =>
      expect(await hub.metric('ioc_events_accepted_total')).toBe(acceptedBefore + 2),
    );
  });
});
