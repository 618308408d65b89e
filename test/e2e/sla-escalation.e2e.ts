import type { MqttClient } from 'mqtt';
import type { Incident, IncidentDetail } from '@ioc/shared';
import { call, freshLatitude, openIncident } from '../support/api';
import { connectMqtt, LiveClient } from '../support/clients';
import { expectEventually } from '../support/eventually';
import { HubProcess, type HubOptions } from '../support/hub-process';

const matrix: [string, HubOptions][] = [
  ['SQLite', { broker: 'embedded', database: 'sqlite' }],
  ['PostgreSQL', { broker: 'embedded', database: 'postgres' }],
];

// SLA_SCALE=0.01: critical 0.6 s, high 3 s, medium 9 s.
const HIGH_LIMIT_MS = 3000;

describe.each(matrix)('SLA escalation with short limits (%s)', (label, options) => {
  let hub: HubProcess;
  let device: MqttClient;
  let live: LiveClient;
  let operator: string;
  let dispatcher: string;

  beforeAll(async () => {
    hub = await HubProcess.start(`sla-${label}`, { ...options, env: { SLA_SCALE: '0.01' } });
    [operator, dispatcher] = await Promise.all([hub.login('operator'), hub.login('dispatcher')]);
    device = await connectMqtt(hub.mqttUrl);
    live = new LiveClient(hub.baseUrl, operator);
    await live.connected();
  });

  afterAll(async () => {
    live?.close();
    await device?.endAsync();
    await hub?.dispose();
  });

  it('escalates an incident still open past its limit, announces it on /live and audits it as the hub; leaves an acknowledged one alone', async () => {
    const waiting = await openIncident(hub, device, operator, {
      lat: freshLatitude(),
      type: 'fire.flame',
    });
    const handled = await openIncident(hub, device, operator, {
      lat: freshLatitude(),
      type: 'fire.flame',
    });
    expect(waiting).toMatchObject({ severity: 'high', escalated: false });
    const ack = await call<Incident>(
      hub,
      'POST',
      `/api/incidents/${handled.id}/acknowledge`,
      dispatcher,
      { version: handled.version },
    );
    expect(ack.status).toBe(200);

    const pushed = await expectEventually(() => {
      const latest = live.latest(waiting.id);
      expect(latest?.escalated).toBe(true);
      return latest!;
    }, 15_000);
    expect(pushed).toMatchObject({ status: 'open', version: waiting.version + 1 });

    const detail = await hub.get<IncidentDetail>(`/api/incidents/${waiting.id}`, operator);
    const entry = detail.audit.find((a) => a.action === 'escalated');
    expect(entry).toMatchObject({ actor: 'hub', from: 'open', to: 'open' });
    expect(entry?.note).toMatch(/SLA for high severity/);
    const openedAt = Date.parse(detail.audit[0]!.at);
    expect(Date.parse(entry!.at) - openedAt).toBeGreaterThanOrEqual(HIGH_LIMIT_MS);
    expect(detail.audit.filter((a) => a.action === 'escalated')).toHaveLength(1);

    // By now the acknowledged one is past its limit too, and stays unescalated.
    const other = await hub.get<IncidentDetail>(`/api/incidents/${handled.id}`, operator);
    expect(Date.now() - Date.parse(other.audit[0]!.at)).toBeGreaterThan(HIGH_LIMIT_MS);
    expect(other).toMatchObject({ status: 'acknowledged', escalated: false, version: 2 });
  });

  it('escalates a critical incident (two sources) within its 0.6 s limit, and a low one never', async () => {
    const lat = freshLatitude();
    const low = await openIncident(hub, device, operator, {
      lat: freshLatitude(),
      type: 'urban.littering',
    });
    const first = await openIncident(hub, device, operator, { lat, type: 'fire.flame' });
    await openIncident(hub, device, operator, { lat: lat + 0.001, type: 'fire.flame' });
    const critical = await expectEventually(async () => {
      const i = await hub.get<IncidentDetail>(`/api/incidents/${first.id}`, operator);
      expect(i.sources).toHaveLength(2);
      expect(i.severity).toBe('critical');
      expect(i.escalated).toBe(true);
      return i;
    }, 10_000);
    expect(critical.audit.find((a) => a.action === 'escalated')?.note).toMatch(/critical/);
    expect((await hub.get<IncidentDetail>(`/api/incidents/${low.id}`, operator)).escalated).toBe(
      false,
    );
  });

  it('escalates after a restart from stored times', async () => {
    const incident = await openIncident(hub, device, operator, {
      lat: freshLatitude(),
      type: 'traffic.accident',
    });
    await hub.stop();
    // While the hub is down its limit passes; nothing in memory survives.
    await expectEventually(
      () => expect(Date.now() - Date.parse(incident.updatedAt)).toBeGreaterThan(HIGH_LIMIT_MS),
      10_000,
      100,
    );
    await hub.restart();
    const readyAt = Date.now();
    device.end(true);
    device = await connectMqtt(hub.mqttUrl);
    live.close();
    live = new LiveClient(hub.baseUrl, operator);
    await live.connected();
    const after = await expectEventually(async () => {
      const i = await hub.get<IncidentDetail>(`/api/incidents/${incident.id}`, operator);
      expect(i.escalated).toBe(true);
      return i;
    }, 10_000);
    const escalated = after.audit.filter((a) => a.action === 'escalated');
    expect(escalated).toHaveLength(1);
    // Due at once from the stored time, not a fresh 3 s timer started at boot.
    expect(Date.parse(escalated[0]!.at)).toBeLessThan(readyAt + HIGH_LIMIT_MS - 1000);
  });
});
