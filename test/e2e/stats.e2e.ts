import type { MqttClient } from 'mqtt';
import type { HubStats, Incident, IncidentDetail } from '@ioc/shared';
import { call, freshLatitude, openIncident } from '../support/api';
import { connectMqtt } from '../support/clients';
import { HubProcess, type HubOptions } from '../support/hub-process';

const matrix: [string, HubOptions][] = [
  ['SQLite', { broker: 'embedded', database: 'sqlite' }],
  ['PostgreSQL', { broker: 'embedded', database: 'postgres' }],
];

/** The test's own quantile (linear between closest ranks), to check the hub's against. */
function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

describe.each(matrix)('GET /api/stats on a known history (%s)', (label, options) => {
  let hub: HubProcess;
  let device: MqttClient;
  let operator: string;
  let dispatcher: string;

  beforeAll(async () => {
    hub = await HubProcess.start(`stats-${label}`, options);
    [operator, dispatcher] = await Promise.all([hub.login('operator'), hub.login('dispatcher')]);
    device = await connectMqtt(hub.mqttUrl);
  });

  afterAll(async () => {
    await device?.endAsync();
    await hub?.dispose();
  });

  it('counts open incidents by severity and events per second, and gives MTTA, time to dispatch and MTTR as count, median and p90 from the audit trail', async () => {
    expect((await call(hub, 'GET', '/api/stats', null)).status).toBe(401);
    const empty = await hub.get<HubStats>('/api/stats', operator);
    expect(empty).toMatchObject({
      openTotal: 0,
      eventsLastMinute: 0,
      incidentsOpened: 0,
      timeToAcknowledge: { count: 0, medianMs: null, p90Ms: null },
    });

    // Six incidents: two high (traffic accidents), three low (urban), one medium (smoke).
    const types = [
      'traffic.accident',
      'traffic.accident',
      'urban.crowd',
      'urban.crowd',
      'urban.crowd',
      'fire.smoke',
    ] as const;
    const incidents: Incident[] = [];
    for (const type of types)
      incidents.push(await openIncident(hub, device, operator, { lat: freshLatitude(), type }));
    const [a, b, c, d, e] = incidents as [
      Incident,
      Incident,
      Incident,
      Incident,
      Incident,
      Incident,
    ];
    const post = async (
      incident: Incident,
      action: string,
      body: Record<string, unknown>,
    ): Promise<Incident> => {
      const response = await call<Incident>(
        hub,
        'POST',
        `/api/incidents/${incident.id}/${action}`,
        dispatcher,
        { version: incident.version, ...body },
      );
      expect(response.status).toBe(200);
      return response.body;
    };
    // a: acknowledged, dispatched, resolved. b: acknowledged, dispatched. c: acknowledged.
    // d: resolved straight away (false alarm). e: acknowledged, resolved. f: left open.
    let a1 = await post(a, 'acknowledge', {});
    const b1 = await post(b, 'acknowledge', {});
    await post(c, 'acknowledge', {});
    await post(d, 'resolve', { resolution: 'false_alarm' });
    const e1 = await post(e, 'acknowledge', {});
    a1 = await post(a1, 'dispatch', { unitId: 'traffic-police-dalat' });
    await post(b1, 'dispatch', { unitId: 'fire-dalat' });
    await post(a1, 'resolve', { resolution: 'handled' });
    await post(e1, 'resolve', { resolution: 'duplicate' });

    const stats = await hub.get<HubStats>('/api/stats', operator);
    // Still active: b (high, dispatched), c (low, acknowledged), f (medium, open).
    expect(stats.openBySeverity).toEqual({ info: 0, low: 1, medium: 1, high: 1, critical: 0 });
    expect(stats.openTotal).toBe(3);
    expect(stats.escalatedOpen).toBe(0);
    expect(stats.eventsLastMinute).toBe(6);
    expect(stats.eventsPerSecond).toBeCloseTo(6 / 60, 3);
    expect(stats.incidentsOpened).toBe(6);

    // The expected figures, from the audit trail as the API shows it.
    const trails = await Promise.all(
      incidents.map((i) => hub.get<IncidentDetail>(`/api/incidents/${i.id}`, operator)),
    );
    const durations = (action: string): number[] =>
      trails.flatMap((t) => {
        const opened = Date.parse(t.audit.find((x) => x.action === 'opened')!.at);
        const at = t.audit.find((x) => x.action === action)?.at;
        return at ? [Date.parse(at) - opened] : [];
      });
    for (const [figure, action, count] of [
      ['timeToAcknowledge', 'acknowledged', 4],
      ['timeToDispatch', 'dispatched', 2],
      ['timeToResolve', 'resolved', 3],
    ] as const) {
      const values = durations(action);
      expect(values).toHaveLength(count);
      expect(stats[figure]).toEqual({
        count,
        meanMs: Math.round(values.reduce((s, v) => s + v, 0) / count),
        medianMs: Math.round(quantile(values, 0.5)),
        p90Ms: Math.round(quantile(values, 0.9)),
      });
    }
    // Dispatch always came after acknowledgement for the same incidents.
    expect(stats.timeToDispatch.medianMs!).toBeGreaterThan(0);
    expect(stats.timeToResolve.p90Ms!).toBeGreaterThanOrEqual(stats.timeToResolve.medianMs!);

    // A period that starts after all of it counts nothing opened, but still the open ones.
    const later = await hub.get<HubStats>(
      `/api/stats?since=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`,
      operator,
    );
    expect(later).toMatchObject({
      incidentsOpened: 0,
      openTotal: 3,
      timeToAcknowledge: { count: 0 },
    });
    expect((await call(hub, 'GET', '/api/stats?since=yesterday', operator)).status).toBe(400);
  });
});
