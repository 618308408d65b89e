import type {
  CitizenReportStatus,
  DeadLetter,
  ErrorBody,
  Incident,
  IncidentCitizenReports,
  LifecycleAction,
  ReportResponse,
  ReportStatus,
} from '@ioc/shared';
import { call, freshLatitude } from '../support/api';
import { expectEventually } from '../support/eventually';
import { HubProcess, type HubOptions } from '../support/hub-process';
import { freePort } from '../support/ports';
import { signatureValid, WebhookReceiver } from '../support/webhook-receiver';

const matrix: [string, HubOptions][] = [
  ['SQLite', { broker: 'embedded', database: 'sqlite' }],
  ['PostgreSQL', { broker: 'embedded', database: 'postgres' }],
];

const APP_KEY = 'dalat-app-key-0123456789';
const OTHER_KEY = 'other-app-key-abcdefghij';
const LIFE: CitizenReportStatus[] = ['received', 'in_progress', 'answered', 'closed'];

/** A transition at the incident's current version, retried on the version a 409 carries. */
async function transition(
  hub: HubProcess,
  token: string,
  id: string,
  action: LifecycleAction,
  extra: Record<string, unknown> = {},
): Promise<void> {
  let { version } = await hub.get<Incident>(`/api/incidents/${id}`, token);
  for (let attempt = 0; attempt < 5; attempt++) {
    const answer = await call(hub, 'POST', `/api/incidents/${id}/${action}`, token, {
      version,
      ...extra,
    });
    if (answer.status === 200) return;
    const current = (answer.body as { details?: Incident }).details;
    if (answer.status !== 409 || !current)
      throw new Error(`${action} ${id}: ${answer.status} ${JSON.stringify(answer.body)}`);
    version = current.version;
  }
  throw new Error(`${action} ${id}: still conflicting after 5 attempts`);
}

describe.each(matrix)('citizens hear back (%s)', (label, options) => {
  let webhook: WebhookReceiver;
  let hub: HubProcess;
  let dispatcher: string;
  let operator: string;

  beforeAll(async () => {
    webhook = await WebhookReceiver.start();
    hub = await HubProcess.start(`citizen-loop-${label}`, {
      ...options,
      env: {
        CITIZEN_API_KEYS: `dalat-app:${APP_KEY},other-app:${OTHER_KEY}`,
        CITIZEN_WEBHOOKS: `dalat-app:${webhook.url}`,
        // Retries every second at most, so a returning webhook hears within the test's wait.
        CITIZEN_WEBHOOK_BACKOFF_MAX_SECONDS: '1',
      },
    });
    dispatcher = await hub.login('dispatcher');
    operator = await hub.login('operator');
  });

  afterAll(async () => {
    await hub?.dispose();
    await webhook?.down();
  });

  const file = async (key: string): Promise<ReportResponse> => {
    const answer = await call<ReportResponse>(
      hub,
      'POST',
      '/api/reports',
      null,
      {
        type: 'fire.smoke',
        location: { lat: freshLatitude(), lon: 108.44 },
        description: 'Khói gần hồ Tuyền Lâm',
      },
      { 'x-api-key': key },
    );
    expect(answer.status).toBe(202);
    return answer.body;
  };

  const track = (code: string, auth: { key?: string; token?: string }) =>
    call<ReportStatus & ErrorBody>(
      hub,
      'GET',
      `/api/reports/${code}`,
      auth.token ?? null,
      undefined,
      auth.key ? { 'x-api-key': auth.key } : {},
    );

  const answer = (id: string, token: string, text: string) =>
    call<Incident & ErrorBody>(hub, 'POST', `/api/incidents/${id}/answer`, token, { text });

  it('follows a report through its life: filed, tracked, acknowledged, answered, closed, each change signed to the webhook', async () => {
    const filed = await file(APP_KEY);
    expect(filed.trackingCode).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect((await track(filed.trackingCode, { key: APP_KEY })).body).toMatchObject({
      trackingCode: filed.trackingCode,
      status: 'received',
    });

    await transition(hub, dispatcher, filed.incidentId, 'acknowledge');
    expect((await track(filed.trackingCode, { key: APP_KEY })).body.status).toBe('in_progress');

    // Operators do not speak for the center; dispatchers do.
    expect((await answer(filed.incidentId, operator, 'not mine to say')).status).toBe(403);
    const text = 'Lực lượng kiểm lâm đã đến hiện trường. <b>Cảm ơn</b> bạn!';
    const answered = await answer(filed.incidentId, dispatcher, text);
    expect(answered.status).toBe(200);
    expect(answered.body.answer).toMatchObject({ text, by: 'dispatcher' });
    expect(
      await hub.get<IncidentCitizenReports>(
        `/api/incidents/${filed.incidentId}/citizen-reports`,
        operator,
      ),
    ).toEqual({ total: 1, apps: [{ appId: 'dalat-app', count: 1 }] });
    expect((await track(filed.trackingCode, { key: APP_KEY })).body).toMatchObject({
      status: 'answered',
      answer: text,
    });

    // Resolving changes nothing a citizen sees; closing does.
    await transition(hub, dispatcher, filed.incidentId, 'resolve', { resolution: 'handled' });
    await transition(hub, dispatcher, filed.incidentId, 'close');
    expect((await track(filed.trackingCode, { key: APP_KEY })).body).toMatchObject({
      status: 'closed',
      answer: text,
    });

    const deliveries = await expectEventually(() => {
      const got = webhook.deliveries(filed.trackingCode);
      expect(got.map((d) => d.status)).toEqual(LIFE);
      return got;
    });
    expect(deliveries[2]).toMatchObject({ answer: text, incidentId: filed.incidentId });
    for (let i = 1; i < deliveries.length; i++)
      expect(deliveries[i]!.sequence).toBeGreaterThan(deliveries[i - 1]!.sequence);
    const receipts = webhook.receipts.filter((r) => r.body.trackingCode === filed.trackingCode);
    for (const receipt of receipts) {
      expect(signatureValid(receipt, APP_KEY)).toBe(true);
      expect(signatureValid(receipt, OTHER_KEY)).toBe(false);
      expect(receipt.headers['x-ioc-delivery']).toBe(receipt.body.deliveryId);
    }
  });

  it('lets one app read only its own reports, and says 404 rather than 403', async () => {
    const filed = await file(APP_KEY);
    const otherApp = await track(filed.trackingCode, { key: OTHER_KEY });
    expect(otherApp.status).toBe(404);
    const unknown = await track('AAAAAAAAAAAAAAAAAAAAAAAA', { key: OTHER_KEY });
    expect(unknown.status).toBe(404);
    expect(otherApp.body).toEqual(unknown.body);
    expect((await track(filed.trackingCode, {})).status).toBe(401);
    expect((await track(filed.trackingCode, { key: 'not-a-key-0123456789' })).status).toBe(401);
    // Staff (any token) may look a report up, e.g. for a citizen on the phone.
    expect((await track(filed.trackingCode, { token: operator })).body.status).toBe('received');
    // The other app has no webhook: it is never sent anything.
    const mine = await file(OTHER_KEY);
    expect((await track(mine.trackingCode, { key: OTHER_KEY })).body.status).toBe('received');
    expect((await track(mine.trackingCode, { key: APP_KEY })).status).toBe(404);
    expect(webhook.receipts.some((r) => r.body.trackingCode === mine.trackingCode)).toBe(false);
  });

  it('keeps every notification while the webhook is down, across a crash and restart, and delivers them after, in order', async () => {
    await webhook.down();
    const filed = await file(APP_KEY);
    await transition(hub, dispatcher, filed.incidentId, 'acknowledge');
    expect((await answer(filed.incidentId, dispatcher, 'Đã xử lý xong.')).status).toBe(200);
    // A crash, not a clean stop: what was answered 200 is in the outbox already.
    await hub.kill('SIGKILL');
    await hub.restart();
    dispatcher = await hub.login('dispatcher');
    operator = await hub.login('operator');
    await transition(hub, dispatcher, filed.incidentId, 'resolve', { resolution: 'handled' });
    await transition(hub, dispatcher, filed.incidentId, 'close');
    expect(webhook.deliveries(filed.trackingCode)).toEqual([]);

    await webhook.up();
    const deliveries = await expectEventually(() => {
      const got = webhook.deliveries(filed.trackingCode);
      expect(got.map((d) => d.status)).toEqual(LIFE);
      return got;
    }, 30_000);
    // Consecutive numbers: nothing else for this app was in between, and nothing lost.
    const first = deliveries[0]!.sequence;
    expect(deliveries.map((d) => d.sequence)).toEqual([first, first + 1, first + 2, first + 3]);
    // Arrival order never goes back: N+1 is not sent before N is delivered.
    const arrived = webhook.receipts.map((r) => r.body.sequence);
    for (let i = 1; i < arrived.length; i++)
      expect(arrived[i]!).toBeGreaterThanOrEqual(arrived[i - 1]!);
    await expectEventually(async () =>
      expect(await hub.metric('ioc_citizen_webhooks_total{outcome="failed"}')).toBeGreaterThan(0),
    );
  });
});

describe('citizen webhooks past their deadline (SQLite)', () => {
  let hub: HubProcess;

  afterAll(async () => {
    await hub?.dispose();
  });

  it('dead-letters a notification nobody takes, and shows it to admins only', async () => {
    const closedPort = await freePort();
    hub = await HubProcess.start('citizen-dead-letters', {
      broker: 'embedded',
      database: 'sqlite',
      env: {
        CITIZEN_API_KEYS: `dalat-app:${APP_KEY}`,
        CITIZEN_WEBHOOKS: `dalat-app:http://127.0.0.1:${closedPort}/hook`,
        // Two seconds.
        CITIZEN_WEBHOOK_DEADLINE_HOURS: String(2 / 3600),
        CITIZEN_WEBHOOK_BACKOFF_MAX_SECONDS: '1',
      },
    });
    const filed = await call<ReportResponse>(
      hub,
      'POST',
      '/api/reports',
      null,
      { type: 'fire.smoke', location: { lat: freshLatitude(), lon: 108.44 }, description: 'khói' },
      { 'x-api-key': APP_KEY },
    );
    expect(filed.status).toBe(202);
    const admin = await hub.login('admin');
    const letters = await expectEventually(async () => {
      const list = await hub.get<DeadLetter[]>('/api/reports/webhooks/dead-letters', admin);
      expect(list).toHaveLength(1);
      return list;
    }, 20_000);
    expect(letters[0]).toMatchObject({
      appId: 'dalat-app',
      sequence: 1,
      body: { trackingCode: filed.body.trackingCode, status: 'received' },
      lastError: expect.any(String),
    });
    expect(letters[0]!.attempts).toBeGreaterThan(1);
    const dispatcher = await hub.login('dispatcher');
    expect((await call(hub, 'GET', '/api/reports/webhooks/dead-letters', dispatcher)).status).toBe(
      403,
    );
    expect(await hub.metric('ioc_citizen_webhooks_total{outcome="dead"}')).toBe(1);
  });
});
