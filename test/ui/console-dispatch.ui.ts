import type { Browser, Page } from 'playwright-core';
import type { MqttClient } from 'mqtt';
import type { Incident, IncidentList, Unit } from '@ioc/shared';
import { call } from '../support/api';
import { launchChromium } from '../support/browser';
import { connectMqtt } from '../support/clients';
import {
  daLatPlace,
  openConsole,
  openIncidentPanel,
  publishEvent,
  settledScreenshot,
  type ConsolePage,
} from '../support/console';
import { expectEventually } from '../support/eventually';
import { HubProcess } from '../support/hub-process';

const SCREENS = [
  { name: 'laptop', viewport: { width: 1366, height: 768 } },
  { name: 'desktop', viewport: { width: 1920, height: 1080 } },
] as const;
const LOCALES = [
  { lang: 'vi', locale: 'vi-VN' },
  { lang: 'en', locale: 'en-US' },
] as const;

/** The top bar's controls a person must be able to reach: log out, both languages, sound. */
const TOP_BAR_CONTROLS = [
  '[data-testid="logout"]',
  '[data-testid="lang-vi"]',
  '[data-testid="lang-en"]',
  '[data-testid="mute-toggle"]',
  '[data-testid="alarm-indicator"]',
];

/** Whether the element is on screen, inside the viewport, and the topmost thing at its centre. */
async function reachable(page: Page, selector: string): Promise<boolean> {
  return page.$eval(selector, (element) => {
    if ((element as HTMLElement).hidden) return true; // not offered now (no alarm)
    const box = element.getBoundingClientRect();
    const inside =
      box.width > 0 &&
      box.left >= 0 &&
      box.top >= 0 &&
      box.right <= window.innerWidth &&
      box.bottom <= window.innerHeight;
    const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
    return inside && hit !== null && (element === hit || element.contains(hit));
  });
}

describe('the console on every screen: dispatch with several units, confirmation, wall mode (built hub, Chromium)', () => {
  let hub: HubProcess;
  let browser: Browser;
  let mqtt: MqttClient;
  let operator: string;
  let dispatcher: string;
  const open: ConsolePage[] = [];

  beforeAll(async () => {
    hub = await HubProcess.start('ui-console-dispatch', { broker: 'embedded', database: 'sqlite' });
    browser = await launchChromium();
    mqtt = await connectMqtt(hub.mqttUrl);
    [operator, dispatcher] = await Promise.all([hub.login('operator'), hub.login('dispatcher')]);
  });

  afterAll(async () => {
    for (const { context } of open) await context.close();
    await mqtt?.endAsync();
    await browser?.close();
    await hub?.dispose();
  });

  /** A forest fire (flame, high) acknowledged over the API, ready for dispatch. */
  const acknowledgedFire = async (): Promise<Incident> => {
    const deviceId = await publishEvent(mqtt, hub, { ...daLatPlace(), type: 'fire.flame' });
    const incident = await expectEventually(async () => {
      const { items } = await hub.get<IncidentList>('/api/incidents?category=fire', operator);
      const found = items.find((i) => i.sources.includes(deviceId));
      if (!found) throw new Error(`no incident from ${deviceId} yet`);
      return found;
    });
    const ack = await call<Incident>(
      hub,
      'POST',
      `/api/incidents/${incident.id}/acknowledge`,
      dispatcher,
      { version: incident.version },
    );
    expect(ack.status).toBe(200);
    return ack.body;
  };

  describe.each(SCREENS)('at $viewport.width×$viewport.height', ({ name, viewport }) => {
    it.each(LOCALES)('every top-bar control is reachable ($lang)', async ({ lang, locale }) => {
      const opened = await openConsole(browser, hub, 'dispatcher', { locale, viewport });
      open.push(opened);
      const { page, errors } = opened;
      expect(await page.getAttribute('html', 'lang')).toBe(lang);
      for (const selector of TOP_BAR_CONTROLS)
        expect([selector, await reachable(page, selector)]).toEqual([selector, true]);
      // Nothing scrolls sideways: the bar wraps instead of running off the screen.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
        viewport.width,
      );
      // The legend starts folded on a laptop, open on a large screen.
      expect(await page.getAttribute('[data-testid="legend-toggle"]', 'aria-expanded')).toBe(
        String(viewport.width >= 1600),
      );
      await settledScreenshot(page, `console-topbar-${name}-${lang}`);
      expect(errors).toEqual([]);
      await opened.context.close();
      open.splice(open.indexOf(opened), 1);
    });
  });

  it.each([
    [SCREENS[0], LOCALES[0]],
    [SCREENS[1], LOCALES[1]],
  ])(
    'a second unit dispatched and the first released; resolve asks before acting (%o)',
    async (screen, { lang, locale }) => {
      const fire = await acknowledgedFire();
      const opened = await openConsole(browser, hub, 'dispatcher', {
        locale,
        viewport: screen.viewport,
      });
      open.push(opened);
      const { page, errors } = opened;
      await openIncidentPanel(page, fire.id);
      const status = (): Promise<string | null> =>
        page.getAttribute('[data-testid="panel-status"]', 'data-status');
      const assigned = (): Promise<string[]> =>
        page.$$eval('[data-testid="assigned-unit"]', (items) =>
          items.map((i) => (i as HTMLElement).dataset.unitId ?? ''),
        );

      // The unit list leads with the distance, the figure a dispatcher chooses by.
      await page.waitForSelector('[data-testid="dispatch-unit"] option[value]:not([value=""])', {
        state: 'attached',
      });
      const labels = await page.$$eval('[data-testid="dispatch-unit"] option', (options) =>
        options.map((o) => o.textContent ?? ''),
      );
      for (const label of labels) expect(label).toMatch(/^[\d.,]+\s?k?m\b/);
      const first = await page.inputValue('[data-testid="dispatch-unit"]');
      await page.click('[data-testid="action-dispatch"]');
      await expectEventually(async () => expect(await status()).toBe('dispatched'));
      await expectEventually(async () => expect(await assigned()).toEqual([first]));
      // One unit: it cannot be released, only replaced or resolved.
      expect(await page.isDisabled('[data-testid="release-unit"]')).toBe(true);

      const second = await page.inputValue('[data-testid="dispatch-unit"]');
      expect(second).not.toBe(first);
      await page.click('[data-testid="action-add-unit"]');
      await expectEventually(async () => expect(await assigned()).toEqual([first, second]));
      await page.waitForSelector(
        `[data-testid="unit-marker"][data-unit-id="${second}"][data-status="busy"]`,
      );
      await settledScreenshot(page, `console-two-units-${screen.name}-${lang}`);

      await page.click(`[data-testid="release-unit"][data-unit-id="${first}"]`);
      await expectEventually(async () => expect(await assigned()).toEqual([second]));
      await page.waitForSelector(
        `[data-testid="unit-marker"][data-unit-id="${first}"][data-status="available"]`,
      );
      const units = await hub.get<Unit[]>('/api/units', operator);
      expect(units.find((u) => u.id === first)?.status).toBe('available');
      expect(units.find((u) => u.id === second)).toMatchObject({
        status: 'busy',
        incidentId: fire.id,
      });

      // Resolve on a high incident asks first; cancelling sends nothing.
      await page.click('[data-testid="action-resolve"]');
      await page.waitForSelector('[data-testid="action-confirmation"]:visible');
      await settledScreenshot(page, `console-resolve-confirm-${screen.name}-${lang}`);
      await page.click('[data-testid="action-cancel"]');
      await page.waitForSelector('[data-testid="action-confirmation"]', { state: 'hidden' });
      expect((await hub.get<Incident>(`/api/incidents/${fire.id}`, operator)).status).toBe(
        'dispatched',
      );
      await page.click('[data-testid="action-resolve"]');
      await page.click('[data-testid="action-confirm"]');
      await expectEventually(async () => expect(await status()).toBe('resolved'));
      await page.waitForSelector(
        `[data-testid="unit-marker"][data-unit-id="${second}"][data-status="available"]`,
      );
      // It left the default feed but not the work: the top bar counts it, and its click
      // opens the history on the resolved incidents, where it is listed.
      await expectEventually(async () =>
        expect(
          Number(await page.textContent('[data-testid="kpi-awaiting-close"]')),
        ).toBeGreaterThanOrEqual(1),
      );
      await page.click('[data-testid="kpi-awaiting-close"]');
      await page.waitForSelector(`[data-testid="history-row"][data-incident-id="${fire.id}"]`);
      expect(errors).toEqual([]);
    },
  );

  it('wall mode: read-only, large type, and a reload brings it straight back', async () => {
    const admin = await hub.login('admin');
    const issued = await call<{ token: string }>(hub, 'POST', '/api/wall-tokens', admin, {
      label: 'UI wall',
    });
    expect(issued.status).toBe(201);
    const fire = await acknowledgedFire();
    const context = await browser.newContext({
      locale: 'vi-VN',
      timezoneId: 'Asia/Ho_Chi_Minh',
      viewport: { width: 1920, height: 1080 },
    });
    open.push({ context, page: await context.newPage(), dialogs: [], errors: [] });
    const page = open[open.length - 1]!.page;
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${hub.baseUrl}/#wall=${issued.body.token}`);
    const connected = '[data-testid="connection-state"][data-status="connected"]';
    await page.waitForSelector(connected, { timeout: 15_000 });
    expect(await page.$$('input[name="password"]')).toHaveLength(0);
    expect(await page.isHidden('[data-testid="logout"]')).toBe(true);
    // Read from across the room: KPI labels well above the 11 px of a desk console.
    const labelPx = await page.$eval('.kpi__label', (e) =>
      parseFloat(getComputedStyle(e).fontSize),
    );
    expect(labelPx).toBeGreaterThanOrEqual(14);
    await openIncidentPanel(page, fire.id);
    expect(await page.$$('[data-testid="panel-actions"]')).toHaveLength(0);
    expect(await page.$$('[data-testid="panel-notes"]')).toHaveLength(0);
    await settledScreenshot(page, 'console-wall');

    await page.reload();
    await page.waitForSelector(connected, { timeout: 15_000 });
    expect(await page.$$('input[name="password"]')).toHaveLength(0);
    await page.waitForSelector(`[data-testid="incident-row"][data-incident-id="${fire.id}"]`);
    await settledScreenshot(page, 'console-wall-after-reload');
    expect(errors).toEqual([]);
  });
});
