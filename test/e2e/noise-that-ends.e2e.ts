import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MqttClient } from 'mqtt';
import { topics, type IncidentDetail, type IncidentList } from '@ioc/shared';
import { freshLatitude, openIncident } from '../support/api';
import { connectMqtt, LiveClient } from '../support/clients';
import { expectEventually } from '../support/eventually';
import { HubProcess, type HubOptions } from '../support/hub-process';

const matrix: [string, HubOptions][] = [
  ['SQLite', { broker: 'embedded', database: 'sqlite' }],
  ['PostgreSQL', { broker: 'embedded', database: 'postgres' }],
];

/*
 * Noise that ends (docs/correlation.md): windows of 3 s instead of 15–30 min, a 3 s hold
 * for cleared conditions, and smoke made low so that a fire is as quiet and as minor as the
 * littering next to it: only the category keeps the fire open.
 */
const RULES = `
categories:
  urban: { windowMinutes: 0.05 }
  fire: { windowMinutes: 0.05 }
typeSeverity:
  fire.smoke: low
clearedHoldMinutes: 0.05
`;

describe.each(matrix)('noise that ends (%s)', (label, options) => {
  const dir = mkdtempSync(join(tmpdir(), 'ioc-expiry-'));
  const rulesFile = join(dir, 'rules.yaml');
  let hub: HubProcess;
  let device: MqttClient;
  let live: LiveClient;
  let operator: string;

  beforeAll(async () => {
    writeFileSync(rulesFile, RULES);
    hub = await HubProcess.start(`noise-that-ends-${label}`, {
      ...options,
      env: { RULES_FILE: rulesFile },
    });
    operator = await hub.login('operator');
    device = await connectMqtt(hub.mqttUrl);
    live = new LiveClient(hub.baseUrl, operator);
    await live.connected();
  });

  afterAll(async () => {
    live?.close();
    await device?.endAsync();
    await hub?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('resolves a quiet low incident as expired, audited by the hub and pushed live; a quiet fire stays open', async () => {
    // The fire first: when the littering expires, the fire has been quiet at least as long.
    const fire = await openIncident(hub, device, operator, {
      lat: freshLatitude(),
      type: 'fire.smoke',
    });
    const litter = await openIncident(hub, device, operator, {
      lat: freshLatitude(),
      type: 'urban.littering',
    });
    expect(fire.severity).toBe('low');
    expect(litter.severity).toBe('low');

    const pushed = await expectEventually(() => {
      const latest = live.latest(litter.id);
      expect(latest).toMatchObject({ status: 'resolved', resolution: 'expired' });
      return latest!;
    }, 20_000);
    expect(pushed.version).toBe(litter.version + 1);
    expect(pushed.seq).toBeGreaterThan(litter.seq);

    const detail = await hub.get<IncidentDetail>(`/api/incidents/${litter.id}`, operator);
    const entry = detail.audit.at(-1);
    expect(entry).toMatchObject({
      actor: 'hub',
      action: 'resolved',
      from: 'open',
      to: 'resolved',
      code: 'expiry.quiet',
      params: { windowMs: 3000 },
    });
    expect(entry?.note).toMatch(/^expired: no new event/);
    expect(Number(entry?.params?.quietMs)).toBeGreaterThanOrEqual(3000);

    const stillOpen = await hub.get<IncidentDetail>(`/api/incidents/${fire.id}`, operator);
    expect(stillOpen).toMatchObject({ status: 'open', resolution: null });
    expect(Date.now() - Date.parse(stillOpen.updatedAt)).toBeGreaterThan(3000);
    expect(live.latest(fire.id)?.status ?? 'open').toBe('open');
  });

  it('resolves a sensor incident whose condition cleared once the hold time passed, as expired', async () => {
    const deviceId = `temp-expiry-${label.toLowerCase()}`;
    const lat = freshLatitude();
    await device.publishAsync(
      topics.birth(deviceId, hub.topicRoot),
      JSON.stringify({
        kind: 'sensor',
        name: 'Expiry test sensor',
        location: { lat, lon: 108.44 },
        zone: 'langbiang',
        capabilities: ['temperature'],
      }),
      { qos: 1 },
    );
    let ts = Date.now() - 60_000;
    for (const temperature of [55, 58, 20, 19])
      await device.publishAsync(
        topics.telemetry(deviceId, hub.topicRoot),
        JSON.stringify({ ts: (ts += 1000), readings: { temperature } }),
        { qos: 1 },
      );
    const heat = await expectEventually(async () => {
      const { items } = await hub.get<IncidentList>('/api/incidents?status=resolved', operator);
      const found = items.find((i) => i.sources.includes(deviceId));
      expect(found).toMatchObject({ category: 'fire', resolution: 'expired' });
      return found!;
    }, 20_000);
    const detail = await hub.get<IncidentDetail>(`/api/incidents/${heat.id}`, operator);
    expect(detail.audit.map((a) => a.code ?? a.action)).toEqual([
      'correlation.opened',
      'threshold.cleared',
      'expiry.cleared',
    ]);
    expect(detail.audit[1]?.params).toMatchObject({ deviceId, metric: 'temperature', value: 19 });
    expect(detail.audit[2]?.params).toMatchObject({ holdMs: 3000 });
  });
});
