import type { Browser } from 'playwright-core';
import type { MqttClient } from 'mqtt';
import type { Incident, IncidentDetail, IncidentList, Unit } from '@ioc/shared';
import { call } from '../support/api';
import { launchChromium } from '../support/browser';
import { connectMqtt } from '../support/clients';
import {
  daLatPlace,
  openConsole,
  openIncidentPanel,
  publishEvent,
  row,
  type ConsolePage,
  settledScreenshot,
} from '../support/console';
import { expectEventually } from '../support/eventually';
import { HubProcess } from '../support/hub-process';

const TRANSITION_BUTTONS =
  '[data-testid="action-acknowledge"], [data-testid="action-dispatch"], [data-testid="action-resolve"], [data-testid="action-close"]';

describe('the console by role: what operators, dispatchers and admins may do (built hub, Chromium)', () => {
  let hub: HubProcess;
  let browser: Browser;
  let mqtt: MqttClient;
  let operatorToken: string;
  const open: ConsolePage[] = [];

  const consoleFor = async (user: string): Promise<ConsolePage> => {
    const opened = await openConsole(browser, hub, user);
    open.push(opened);
    return opened;
  };

  /** Publishes a flame (high) and waits for its incident over HTTP. */
  const newIncident = async (): Promise<Incident> => {
    const deviceId = await publishEvent(mqtt, hub, { ...daLatPlace(), type: 'fire.flame' });
    return expectEventually(async () => {
      const { items } = await hub.get<IncidentList>(
        '/api/incidents?category=fire&limit=500',
        operatorToken,
      );
      const found = items.find((i) => i.sources.includes(deviceId));
      if (!found) throw new Error(`no incident from ${deviceId} yet`);
      return found;
    });
  };

  beforeAll(async () => {
    hub = await HubProcess.start('ui-console-roles', { broker: 'embedded', database: 'sqlite' });
    browser = await launchChromium();
    mqtt = await connectMqtt(hub.mqttUrl);
    operatorToken = await hub.login('operator');
  });

  afterAll(async () => {
    for (const { context } of open) await context.close();
    await mqtt?.endAsync();
    await browser?.close();
    await hub?.dispose();
  });

  it('operator: reads the incident and adds a note, and is offered no transition at all', async () => {
    const incident = await newIncident();
    const { page, errors } = await consoleFor('operator');
    await openIncidentPanel(page, incident.id);
    // Composed by the console from the type's label and the place (no zone: coordinates).
    expect(await page.textContent('[data-testid="panel-title"]')).toMatch(
      /^Flame \(forest fire\) — 1\d[.,]\d+, 108[.,]\d+$/,
    );
    expect(await page.getAttribute('[data-testid="panel-status"]', 'data-status')).toBe('open');
    expect(await page.$$('[data-testid="panel-actions"]')).toHaveLength(0);
    expect(await page.$$(TRANSITION_BUTTONS)).toHaveLength(0);
    // The timeline explains the incident: its first event opened it.
    await page.waitForSelector(
      '[data-testid="timeline-event"] [data-testid="timeline-reason"][data-rule="opened"]',
    );

    await page.fill('[data-testid="note-input"]', 'Smoke seen from the ward 8 watchtower');
    await page.click('[data-testid="note-submit"]');
    await page.waitForSelector(
      '[data-testid="audit-entry"][data-action="note"] >> text=Smoke seen from the ward 8 watchtower',
    );
    expect(await page.getAttribute('[data-testid="panel-message"]', 'data-kind')).toBe('success');
    await settledScreenshot(page, 'console-operator-panel');
    expect(errors).toEqual([]);
  });

  it('dispatcher: works an incident from the console alone — acknowledge, dispatch the chosen unit, resolve, close', async () => {
    const incident = await newIncident();
    const { page, errors } = await consoleFor('dispatcher');
    await openIncidentPanel(page, incident.id);
    const status = (): Promise<string | null> =>
      page.getAttribute('[data-testid="panel-status"]', 'data-status');

    await page.click('[data-testid="action-acknowledge"]');
    await expectEventually(async () => expect(await status()).toBe('acknowledged'));
    await page.waitForSelector('[data-testid="panel-message"][data-kind="success"]');
    await settledScreenshot(page, 'console-dispatcher-acknowledged');

    // The unit list offers available units, nearest first; take the second to show it is a choice.
    await page.waitForSelector('[data-testid="dispatch-unit"] option[value]:not([value=""])', {
      state: 'attached',
    });
    const choices = await page.$$eval('[data-testid="dispatch-unit"] option', (options) =>
      options.map((o) => (o as HTMLOptionElement).value),
    );
    expect(choices.length).toBeGreaterThan(1);
    const unitId = choices[1]!;
    await page.selectOption('[data-testid="dispatch-unit"]', unitId);
    await page.fill('[data-testid="transition-note"]', 'Two engines from the station');
    await page.click('[data-testid="action-dispatch"]');
    await expectEventually(async () => expect(await status()).toBe('dispatched'));
    // The unit turns busy on the map, and the feed names it.
    await page.waitForSelector(
      `[data-testid="unit-marker"][data-unit-id="${unitId}"][data-status="busy"]`,
    );
    expect(await page.textContent(row(incident.id))).toContain(unitId);
    await settledScreenshot(page, 'console-dispatcher-dispatched');

    await page.selectOption('[data-testid="resolve-resolution"]', 'handled');
    await page.click('[data-testid="action-resolve"]');
    // A high incident: resolve asks first, and nothing is sent until the answer.
    await page.waitForSelector('[data-testid="action-confirmation"]:visible');
    expect(await status()).toBe('dispatched');
    await page.click('[data-testid="action-confirm"]');
    await expectEventually(async () => expect(await status()).toBe('resolved'));
    // Resolved incidents leave the active list but the panel stays, offering Close.
    await page.waitForSelector('[data-testid="action-close"]:visible');
    await page.waitForSelector(
      `[data-testid="unit-marker"][data-unit-id="${unitId}"][data-status="available"]`,
    );
    await page.click('[data-testid="action-close"]');
    await page.click('[data-testid="action-confirm"]');
    // The panel stays on the closed incident (no actions left); the feed lets it go.
    await expectEventually(async () => expect(await status()).toBe('closed'));
    await page.waitForSelector('[data-testid="incident-panel"]:visible');
    await expectEventually(async () => expect(await page.$$(row(incident.id))).toHaveLength(0));

    const detail = await hub.get<IncidentDetail>(`/api/incidents/${incident.id}`, operatorToken);
    expect(detail.status).toBe('closed');
    expect(detail.audit.map((a) => [a.actor, a.action])).toEqual(
      expect.arrayContaining([
        ['dispatcher', 'acknowledged'],
        ['dispatcher', 'dispatched'],
        ['dispatcher', 'resolved'],
        ['dispatcher', 'closed'],
      ]),
    );
    expect(detail.audit.find((a) => a.action === 'dispatched')?.note).toContain(
      'Two engines from the station',
    );
    const units = await hub.get<Unit[]>('/api/units', operatorToken);
    expect(units.find((u) => u.id === unitId)?.status).toBe('available');
    expect(errors).toEqual([]);
  });

  it('admin: has the dispatcher actions; the KPI bar shows the median time to acknowledge', async () => {
    const incident = await newIncident();
    const acknowledged = await newIncident();
    const dispatcher = await hub.login('dispatcher');
    const ack = await call(
      hub,
      'POST',
      `/api/incidents/${acknowledged.id}/acknowledge`,
      dispatcher,
      { version: acknowledged.version },
    );
    expect(ack.status).toBe(200);
    const { page, errors } = await consoleFor('admin');
    await openIncidentPanel(page, incident.id);
    await page.waitForSelector('[data-testid="action-acknowledge"]:visible');
    await page.waitForSelector('[data-testid="action-resolve"]:visible');
    // At least one incident was acknowledged: the bar shows a median duration.
    await expectEventually(async () =>
      expect(await page.textContent('[data-testid="kpi-mtta"]')).toMatch(/\d/),
    );
    await settledScreenshot(page, 'console-admin-panel');
    expect(errors).toEqual([]);
  });
});
