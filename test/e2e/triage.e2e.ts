import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MqttClient } from 'mqtt';
import {
  topics,
  type FalseAlarmStats,
  type Incident,
  type IncidentList,
  type RuleOverrides,
} from '@ioc/shared';
import { call, freshLatitude } from '../support/api';
import { connectMqtt } from '../support/clients';
import { expectEventually } from '../support/eventually';
import { HubProcess } from '../support/hub-process';
import { counterValue, metricsText } from '../support/metrics';

// Triage and learning from false alarms (docs/correlation.md "Triage"): fire detections
// under 0.6 wait for an operator; 10 dismissed of 10 in a week raise a camera's bar by 0.2.
const RULES = { categories: { fire: { triage: { minConfidence: 0.6 } } } };
const matrix = [
  ['sqlite', { broker: 'embedded', database: 'sqlite' }],
  ['postgres', { broker: 'embedded', database: 'postgres' }],
] as const;

describe.each(matrix)('triage and learning from false alarms (%s)', (label, options) => {
  let hub: HubProcess;
  let device: MqttClient;
  let operator: string;
  let dispatcher: string;
  let admin: string;
  let dir: string;
  let n = 0;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ioc-triage-'));
    const rulesFile = join(dir, 'rules.json');
    writeFileSync(rulesFile, JSON.stringify(RULES));
    hub = await HubProcess.start(`triage-${label}`, { ...options, env: { RULES_FILE: rulesFile } });
    [operator, dispatcher, admin] = await Promise.all([
      hub.login('operator'),
      hub.login('dispatcher'),
      hub.login('admin'),
    ]);
    device = await connectMqtt(hub.mqttUrl);
  });

  afterAll(async () => {
    await device?.endAsync();
    await hub?.dispose();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function detect(deviceId: string, lat: number, confidence: number): Promise<void> {
    n += 1;
    await device.publishAsync(
      topics.events(deviceId, hub.topicRoot),
      JSON.stringify({
        id: `tri-${n}`,
        ts: new Date().toISOString(),
        type: 'fire.smoke',
        confidence,
        location: { lat, lon: 108.44 },
      }),
      { qos: 1 },
    );
  }

  async function fireIncidents(): Promise<Incident[]> {
    const { items } = await hub.get<IncidentList>(
      '/api/incidents?category=fire&limit=5000',
      operator,
    );
    return items;
  }

  /** The newest incident from `deviceId` that is not among `known`. */
  async function newIncidentOf(
    deviceId: string,
    known: Set<string> = new Set(),
  ): Promise<Incident> {
    return expectEventually(async () => {
      const found = (await fireIncidents()).find(
        (i) => i.sources.includes(deviceId) && !known.has(i.id),
      );
      if (!found) throw new Error(`no new incident from ${deviceId}`);
      return found;
    });
  }

  const dismiss = (incident: Incident, reason = 'fog') =>
    call<Incident>(hub, 'POST', `/api/incidents/${incident.id}/dismiss`, operator, {
      version: incident.version,
      reason,
    });

  it('unverified → confirmed by an operator → acknowledged; the operator may not acknowledge', async () => {
    await detect('cam-confirm', freshLatitude(), 0.4);
    const held = await newIncidentOf('cam-confirm');
    expect(held).toMatchObject({ status: 'unverified', confirmedAt: null });

    const early = await call(hub, 'POST', `/api/incidents/${held.id}/acknowledge`, dispatcher, {
      version: held.version,
    });
    expect(early.status).toBe(422);

    const confirmed = await call<Incident>(
      hub,
      'POST',
      `/api/incidents/${held.id}/confirm`,
      operator,
      {
        version: held.version,
      },
    );
    expect(confirmed.status).toBe(200);
    expect(confirmed.body).toMatchObject({ status: 'open', confirmedBy: 'operator' });
    expect(confirmed.body.confirmedAt).not.toBeNull();

    const byOperator = await call(hub, 'POST', `/api/incidents/${held.id}/acknowledge`, operator, {
      version: confirmed.body.version,
    });
    expect(byOperator.status).toBe(403);
    const acknowledged = await call<Incident>(
      hub,
      'POST',
      `/api/incidents/${held.id}/acknowledge`,
      dispatcher,
      { version: confirmed.body.version },
    );
    expect(acknowledged.status).toBe(200);
    expect(acknowledged.body.status).toBe('acknowledged');

    const detail = await hub.get<{
      audit: { action: string; actor: string; code?: string | null }[];
    }>(`/api/incidents/${held.id}`, operator);
    expect(detail.audit.map((a) => a.action)).toEqual([
      'opened',
      'held_for_triage',
      'confirmed',
      'acknowledged',
    ]);
    expect(detail.audit[2]).toMatchObject({ actor: 'operator' });
  });

  it('a detection at the bar opens a normal incident; a second camera confirms an unverified one', async () => {
    const lat = freshLatitude();
    await detect('cam-sure', lat, 0.9);
    expect(await newIncidentOf('cam-sure')).toMatchObject({ status: 'open' });

    const lat2 = freshLatitude();
    await detect('cam-first', lat2, 0.3);
    const held = await newIncidentOf('cam-first');
    expect(held.status).toBe('unverified');
    await detect('cam-second', lat2 + 0.001, 0.3);
    await expectEventually(async () => {
      const now = (await fireIncidents()).find((i) => i.id === held.id);
      expect(now).toMatchObject({ status: 'open', confirmedBy: 'hub', sourceCount: 2 });
    });
  });

  it('a dismissal needs a reason, is a false alarm, and is counted in the false-alarm figures', async () => {
    await detect('cam-dismiss', freshLatitude(), 0.2);
    const held = await newIncidentOf('cam-dismiss');
    const noReason = await call(hub, 'POST', `/api/incidents/${held.id}/dismiss`, operator, {
      version: held.version,
    });
    expect(noReason.status).toBe(400);
    const dismissed = await dismiss(held, 'cloud');
    expect(dismissed.status).toBe(200);
    expect(dismissed.body).toMatchObject({
      status: 'resolved',
      resolution: 'false_alarm',
      dismissReason: 'cloud',
    });
    const unsigned = await call(hub, 'GET', '/api/stats/false-alarms', null);
    expect(unsigned.status).toBe(401);
    const stats = await hub.get<FalseAlarmStats>('/api/stats/false-alarms', operator);
    expect(stats.rows.find((r) => r.deviceId === 'cam-dismiss')).toEqual({
      deviceId: 'cam-dismiss',
      type: 'fire.smoke',
      last7Days: { incidents: 1, falseAlarms: 1, share: 1 },
      last30Days: { incidents: 1, falseAlarms: 1, share: 1 },
      raisedMinConfidence: null,
    });
  });

  it('10 dismissed fog alarms raise the bar; the next fog opens nothing; an admin undoes it', async () => {
    const lat = freshLatitude();
    const known = new Set<string>();
    for (let i = 0; i < 10; i++) {
      await detect('cam-fog', lat, 0.4);
      const held = await newIncidentOf('cam-fog', known);
      expect(held.status).toBe('unverified');
      known.add(held.id);
      expect((await dismiss(held)).status).toBe(200);
    }
    const raised = await expectEventually(async () => {
      const { items } = await hub.get<RuleOverrides>('/api/rules/overrides', operator);
      const found = items.find((o) => o.deviceId === 'cam-fog');
      if (!found) throw new Error('no raised bar yet');
      return found;
    });
    expect(raised).toMatchObject({
      type: 'fire.smoke',
      baseConfidence: 0.6,
      minConfidence: 0.8,
      raisedBy: 'hub',
    });
    expect(raised.reason).toMatch(/10 of 10 incidents/);

    // The next low-confidence fog from it is stored and suppressed: it opens nothing.
    const before = counterValue(await metricsText(hub.baseUrl), 'ioc_events_suppressed_total', {
      reason: 'raised_bar',
    });
    await detect('cam-fog', lat, 0.5);
    await expectEventually(async () =>
      expect(
        counterValue(await metricsText(hub.baseUrl), 'ioc_events_suppressed_total', {
          reason: 'raised_bar',
        }),
      ).toBe(before + 1),
    );
    // A control event written after it: by the time its incident shows, the fog's would too.
    await detect('cam-control', freshLatitude(), 0.9);
    await newIncidentOf('cam-control');
    expect(
      (await fireIncidents()).filter((i) => i.sources.includes('cam-fog') && !known.has(i.id)),
    ).toEqual([]);

    const byOperator = await call(
      hub,
      'DELETE',
      '/api/rules/overrides/cam-fog/fire.smoke',
      operator,
    );
    expect(byOperator.status).toBe(403);
    const undo = await call(hub, 'DELETE', '/api/rules/overrides/cam-fog/fire.smoke', admin);
    expect(undo.status).toBe(204);
    const again = await call(hub, 'DELETE', '/api/rules/overrides/cam-fog/fire.smoke', admin);
    expect(again.status).toBe(404);
    const after = await hub.get<RuleOverrides>('/api/rules/overrides', operator);
    expect(after.items.find((o) => o.deviceId === 'cam-fog')).toBeUndefined();
    expect(
      after.audit.filter((a) => a.deviceId === 'cam-fog').map((a) => [a.action, a.actor]),
    ).toEqual([
      ['undone', 'admin'],
      ['raised', 'hub'],
    ]);

    // Back to the category's bar: the next fog is held for triage again, not suppressed.
    await detect('cam-fog', lat, 0.4);
    const reopened = await newIncidentOf('cam-fog', known);
    expect(reopened.status).toBe('unverified');
    const stats = await hub.get<FalseAlarmStats>('/api/stats/false-alarms', operator);
    expect(stats.rows.find((r) => r.deviceId === 'cam-fog')).toMatchObject({
      last7Days: { incidents: 11, falseAlarms: 10 },
      raisedMinConfidence: null,
    });
  });

  it('citizen reports and sensor thresholds skip triage', async () => {
    const report = await call<{ incidentId: string }>(hub, 'POST', '/api/reports', operator, {
      type: 'fire.smoke',
      location: { lat: freshLatitude(), lon: 108.44 },
      description: 'khói',
    });
    expect(report.status).toBe(202);
    const fromReport = await hub.get<Incident>(
      `/api/incidents/${report.body.incidentId}`,
      operator,
    );
    expect(fromReport.status).toBe('open');

    const lat = freshLatitude();
    await device.publishAsync(
      topics.birth('temp-triage', hub.topicRoot),
      JSON.stringify({
        kind: 'sensor',
        name: 'temp',
        location: { lat, lon: 108.44 },
        zone: 'z',
        capabilities: ['temperature'],
      }),
      { qos: 1, retain: false },
    );
    for (const value of [60, 61])
      await device.publishAsync(
        topics.telemetry('temp-triage', hub.topicRoot),
        JSON.stringify({ ts: new Date().toISOString(), readings: { temperature: value } }),
        { qos: 1 },
      );
    expect(await newIncidentOf('temp-triage')).toMatchObject({ status: 'open', type: 'fire.heat' });
  });
});
