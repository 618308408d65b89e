import type { ErrorBody, IncidentDetail, ReportResponse } from '@ioc/shared';
import { call } from '../support/api';
import { LiveClient } from '../support/clients';
import { expectEventually } from '../support/eventually';
import { HubProcess, type HubOptions } from '../support/hub-process';

const matrix: [string, HubOptions][] = [
  ['SQLite', { broker: 'embedded', database: 'sqlite' }],
  ['PostgreSQL', { broker: 'embedded', database: 'postgres' }],
];

const APP_KEY = 'dalat-app-key-0123456789';
const KIOSK_KEY = 'kiosk-key-abcdefghijklmn';

describe.each(matrix)('citizen reports (%s)', (label, options) => {
  let hub: HubProcess;
  let operator: string;

  beforeAll(async () => {
    hub = await HubProcess.start(`reports-${label}`, {
      ...options,
      env: {
        CITIZEN_API_KEYS: `dalat-app:${APP_KEY},kiosk:${KIOSK_KEY}`,
        CITIZEN_REPORTS_PER_MINUTE: '4',
      },
    });
    operator = await hub.login('operator');
  });

  afterAll(async () => {
    await hub?.dispose();
  });

  const report = (body: unknown, auth: { key?: string; token?: string }) =>
    call<ReportResponse & ErrorBody>(
      hub,
      'POST',
      '/api/reports',
      auth.token ?? null,
      body,
      auth.key ? { 'x-api-key': auth.key } : {},
    );

  it('turns a report into a citizen event that correlates like a device event; the description stays text', async () => {
    const live = new LiveClient(hub.baseUrl, operator);
    await live.connected();
    const description = '<img src=x onerror=alert(1)> Khói bốc lên gần "đồi Robin" & đường';
    const fromApp = await report(
      { type: 'fire.smoke', location: { lat: 11.927, lon: 108.44 }, description },
      { key: APP_KEY },
    );
    expect(fromApp.status).toBe(202);
    expect(fromApp.body).toMatchObject({
      source: 'citizen:dalat-app',
      eventId: expect.stringMatching(/^report-/),
      incidentId: expect.any(String),
    });

    // An operator typing in a phone call from 300 m away: the same incident, now corroborated.
    const fromPhone = await report(
      {
        type: 'fire.smoke',
        location: { lat: 11.927 + 300 / 111_320, lon: 108.44 },
        description: 'caller sees smoke',
      },
      { token: operator },
    );
    expect(fromPhone.status).toBe(202);
    expect(fromPhone.body).toMatchObject({
      source: 'citizen:operator',
      incidentId: fromApp.body.incidentId,
    });

    const incident = await hub.get<IncidentDetail>(
      `/api/incidents/${fromApp.body.incidentId}`,
      operator,
    );
    expect(incident).toMatchObject({
      category: 'fire',
      eventCount: 2,
      severity: 'high',
      sources: ['citizen:dalat-app', 'citizen:operator'],
    });
    expect(incident.events[0]).toMatchObject({
      deviceId: 'citizen',
      eventId: fromApp.body.eventId,
      source: 'citizen',
      attributes: { description },
    });
    expect(incident.events[1]?.reason.rule).toBe('joined');
    await expectEventually(() => expect(live.latest(incident.id)?.eventCount).toBe(2));
    live.close();
  });

  it('needs a known API key or a valid token', async () => {
    const body = {
      type: 'urban.littering',
      location: { lat: 11.94, lon: 108.43 },
      description: 'rubbish',
    };
    expect((await report(body, {})).status).toBe(401);
    expect((await report(body, { key: 'not-a-key-at-all-000000' })).status).toBe(401);
    expect((await report(body, { token: 'forged.token.value' })).status).toBe(401);
  });

  it('validates the report', async () => {
    for (const body of [
      { type: 'fire.dragon', location: { lat: 11.9, lon: 108.4 }, description: 'x' },
      { type: 'fire.smoke', location: { lat: 95, lon: 108.4 }, description: 'x' },
      { type: 'fire.smoke', location: { lat: 11.9, lon: 108.4 } },
      { type: 'fire.smoke', location: { lat: 11.9, lon: 108.4 }, description: 'x'.repeat(2001) },
    ]) {
      const response = await report(body, { key: KIOSK_KEY });
      expect(response.status).toBe(400);
    }
  });

  it('rate-limits each key on its own', async () => {
    // The kiosk used 4 requests above: its next report is refused, the app's is not.
    const body = {
      type: 'urban.littering',
      location: { lat: 11.95, lon: 108.43 },
      description: 'rubbish',
    };
    const refused = await report(body, { key: KIOSK_KEY });
    expect(refused.status).toBe(429);
    expect(refused.body.code).toBe('RATE_LIMITED');
    expect((await report(body, { key: APP_KEY })).status).toBe(202);
  });
});
