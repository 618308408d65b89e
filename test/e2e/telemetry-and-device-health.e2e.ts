import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MqttClient } from 'mqtt';
import { topics, type Device, type IncidentDetail, type IncidentList } from '@ioc/shared';
import { connectMqtt } from '../support/clients';
import { expectEventually } from '../support/eventually';
import { HubProcess } from '../support/hub-process';

const birth = (
  zone: string,
  lat: number,
  kind = 'sensor',
  capabilities: string[] = ['pm25', 'temperature', 'water_level'],
): string =>
  JSON.stringify({
    kind,
    name: `Sensor ${zone}`,
    location: { lat, lon: 108.44 },
    zone,
    capabilities,
  });

describe('telemetry rules, device health and rules reload', () => {
  let hub: HubProcess;
  let device: MqttClient;
  let token: string;
  const rulesFile = join(mkdtempSync(join(tmpdir(), 'ioc-rules-')), 'rules.yaml');
  let clock = Date.now() - 60_000;
  const nextTs = (): number => (clock += 1000);

  beforeAll(async () => {
    // Silence after 3 s instead of 5 min, so the silence rule is observable in a test.
    writeFileSync(rulesFile, 'deviceSilenceMinutes: 0.05\n');
    hub = await HubProcess.start('telemetry-and-device-health', {
      broker: 'embedded',
      database: 'sqlite',
      env: { RULES_FILE: rulesFile },
    });
    token = await hub.login('operator');
    device = await connectMqtt(hub.mqttUrl);
  });

  afterAll(async () => {
    await device?.endAsync();
    await hub?.dispose();
  });

  const readings = async (deviceId: string, values: Record<string, number>[]): Promise<void> => {
    for (const r of values)
      await device.publishAsync(
        topics.telemetry(deviceId, hub.topicRoot),
        JSON.stringify({ ts: nextTs(), readings: r }),
        { qos: 1 },
      );
  };
  const incidentsOf = async (deviceId: string): Promise<IncidentList['items']> =>
    (await hub.get<IncidentList>('/api/incidents', token)).items.filter((i) =>
      i.sources.includes(deviceId),
    );

  it('derives an air.pollution incident from sustained PM2.5, not from a single spike, and clears it with hysteresis', async () => {
    await device.publishAsync(topics.birth('aq-center-1', hub.topicRoot), birth('center', 11.94), {
      qos: 1,
    });
    await readings('aq-center-1', [{ pm25: 40 }, { pm25: 320 }, { pm25: 45 }, { pm25: 50 }]);
    await expectEventually(async () =>
      expect(await hub.metric('ioc_telemetry_accepted_total')).toBe(4),
    );
    expect(await incidentsOf('aq-center-1')).toHaveLength(0);
    await expectEventually(async () => {
      const points = await hub.get<{ metric: string; value: number }[]>(
        '/api/devices/aq-center-1/telemetry?metric=pm25',
        token,
      );
      expect(points.map((p) => p.value)).toEqual([40, 320, 45, 50]);
    });

    await readings('aq-center-1', [{ pm25: 182 }, { pm25: 190 }, { pm25: 200 }]);
    const [incident] = await expectEventually(async () => {
      const found = await incidentsOf('aq-center-1');
      expect(found).toHaveLength(1);
      return found;
    });
    expect(incident).toMatchObject({
      category: 'air',
      type: 'air.pollution',
      eventCount: 1,
      conditionCleared: false,
    });
    const detail = await hub.get<IncidentDetail>(`/api/incidents/${incident!.id}`, token);
    expect(detail.events[0]?.attributes).toMatchObject({ metric: 'pm25', value: 190 });

    // 140 is between 135 (90 %) and 150: no clearing yet; then two below 135 clear it.
    await readings('aq-center-1', [{ pm25: 140 }, { pm25: 130 }, { pm25: 120 }]);
    await expectEventually(async () => {
      const [after] = await incidentsOf('aq-center-1');
      expect(after).toMatchObject({ conditionCleared: true, eventCount: 1 });
    });
    const audited = await hub.get<IncidentDetail>(`/api/incidents/${incident!.id}`, token);
    expect(audited.audit.map((a) => a.action)).toContain('condition_cleared');
  });

  it('marks devices offline by Last Will and by silence, gathered into one device.offline incident per zone', async () => {
    // A device connection with a Last Will, dropped without a clean disconnect.
    const mqtt = await import('mqtt');
    const dying = await mqtt.connectAsync(hub.mqttUrl, {
      clientId: 'cam-market-lwt',
      reconnectPeriod: 0,
      will: {
        topic: topics.status('cam-market-1', hub.topicRoot),
        payload: Buffer.from('offline'),
        qos: 1,
        retain: true,
      },
    });
    await dying.publishAsync(
      topics.birth('cam-market-1', hub.topicRoot),
      birth('market', 11.9429, 'camera', ['urban.crowd']),
      { qos: 1 },
    );
    await dying.publishAsync(topics.status('cam-market-1', hub.topicRoot), 'online', {
      qos: 1,
      retain: true,
    });
    await device.publishAsync(
      topics.birth('aq-market-2', hub.topicRoot),
      birth('market', 11.9435),
      { qos: 1 },
    );
    await readings('aq-market-2', [{ pm25: 30 }]);
    await expectEventually(async () => {
      const devices = await hub.get<Device[]>('/api/devices', token);
      expect(devices.find((d) => d.id === 'cam-market-1')?.status).toBe('online');
    });

    (dying as unknown as { stream: { destroy: () => void } }).stream.destroy();

    // aq-market-2 stays quiet: the silence rule (3 s here) takes it offline too.
    const offline = await expectEventually(async () => {
      const { items } = await hub.get<IncidentList>('/api/incidents?category=device', token);
      const inMarket = items.filter((i) => i.zone === 'market');
      expect(inMarket).toHaveLength(1);
      expect(inMarket[0]!.sources.sort()).toEqual(['aq-market-2', 'cam-market-1']);
      return inMarket[0]!;
    }, 20_000);
    // info, raised one level because two distinct devices agree (docs/contract.md §5).
    expect(offline).toMatchObject({ type: 'device.offline', severity: 'low' });
    const devices = await hub.get<Device[]>('/api/devices', token);
    expect(devices.filter((d) => d.zone === 'market').map((d) => d.status)).toEqual([
      'offline',
      'offline',
    ]);

    // Coming back online is recorded.
    await device.publishAsync(topics.status('cam-market-1', hub.topicRoot), 'online', {
      qos: 1,
      retain: true,
    });
    await expectEventually(async () => {
      const back = await hub.get<Device[]>('/api/devices', token);
      expect(back.find((d) => d.id === 'cam-market-1')?.status).toBe('online');
    });
  });

  it('picks up a rules change without a restart, and refuses an invalid one keeping the last good rules', async () => {
    writeFileSync(rulesFile, 'deviceSilenceMinutes: 0.05\ncategories:\n  fire: { radiusM: 50 }\n');
    await expectEventually(async () => {
      const status = await hub.get<{
        rules: { categories: { fire: { radiusM: number } } };
        lastError: string | null;
      }>('/api/rules', token);
      expect(status.rules.categories.fire.radiusM).toBe(50);
    });
    // With a 50 m radius, two detections 200 m apart are two incidents.
    const now = new Date().toISOString();
    await device.publishAsync(
      topics.events('cam-rr-1', hub.topicRoot),
      JSON.stringify({
        id: 'a',
        ts: now,
        type: 'fire.smoke',
        location: { lat: 11.8, lon: 108.44 },
      }),
      { qos: 1 },
    );
    await device.publishAsync(
      topics.events('cam-rr-2', hub.topicRoot),
      JSON.stringify({
        id: 'b',
        ts: now,
        type: 'fire.smoke',
        location: { lat: 11.8 + 200 / 111_320, lon: 108.44 },
      }),
      { qos: 1 },
    );
    await expectEventually(async () => {
      const { items } = await hub.get<IncidentList>('/api/incidents?category=fire', token);
      expect(items.filter((i) => i.sources.some((s) => s.startsWith('cam-rr-')))).toHaveLength(2);
    });

    writeFileSync(rulesFile, 'categories:\n  fire: { radiusM: -1 }\n');
    await expectEventually(async () => {
      const status = await hub.get<{
        rules: { categories: { fire: { radiusM: number } } };
        lastError: string | null;
      }>('/api/rules', token);
      expect(status.lastError).toMatch(/categories\.fire\.radiusM/);
      expect(status.rules.categories.fire.radiusM).toBe(50);
    });
    expect(await hub.metric('ioc_rules_reloads_total{outcome="refused"}')).toBe(1);
    expect((await fetch(`${hub.baseUrl}/health`)).status).toBe(200);
  });
});
