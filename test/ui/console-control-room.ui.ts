import type { Browser, Page } from 'playwright-core';
import type { MqttClient } from 'mqtt';
import type { Incident, IncidentList, Severity } from '@ioc/shared';
import { launchChromium, logIn, screenshot } from '../support/browser';
import { connectMqtt } from '../support/clients';
import { openConsole, probe, publishEvent, row, type ConsolePage } from '../support/console';
import { expectEventually } from '../support/eventually';
import { acknowledgeIncident, incidentFromDevice } from '../support/incidents';
import { DEMO_PASSWORD, HubProcess } from '../support/hub-process';

/*
 * The control room as the people in it see it: a hundred open incidents, a few of them
 * alarming, on a laptop and a 1080p screen, in both languages.
 * SLA_SCALE=0.01: a medium incident still open after 9 s is overdue (docs/contract.md §6
 * limits × 0.01), a critical one after 0.6 s.
 */

const VIEWPORTS = [
  { width: 1366, height: 768 },
  { width: 1920, height: 1080 },
] as const;
const LOCALES = ['en-US', 'vi-VN'] as const;
const NOISE = 99;
const NOISE_SEVERITIES: Severity[] = ['high', 'medium', 'low', 'critical'];

/** 10 × 10 places 2.2 km apart (more than any category's radius): no two incidents merge. */
const place = (i: number): { lat: number; lon: number } => ({
  lat: 11.86 + (i % 10) * 0.02,
  lon: 108.32 + Math.floor(i / 10) * 0.02,
});

const attentionItem = (id: string): string =>
  `[data-testid="attention-item"][data-incident-id="${id}"]`;

/** WCAG 2 contrast of the rendered text and background of every badge on the page. */
function badgeContrasts(page: Page): Promise<{ text: string; ratio: number }[]> {
  // A zero count is dimmed on purpose (there is nothing to read): it is left out.
  return page.$$eval('.badge, .sev-chip:not(.sev-chip--zero)', (elements) => {
    const channels = (css: string): number[] => (css.match(/[\d.]+/g) ?? []).map(Number);
    const luminance = (css: string): number => {
      const [r = 0, g = 0, b = 0] = channels(css).map((value) => {
        const c = value / 255;
        return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
      });
      return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    return elements
      .filter((element) => (element as HTMLElement).offsetParent !== null)
      .map((element) => {
        const style = getComputedStyle(element);
        const [light, dark] = [luminance(style.color), luminance(style.backgroundColor)].sort(
          (a, b) => b - a,
        );
        return {
          text: `${element.className} "${element.textContent ?? ''}" ${style.color} on ${style.backgroundColor}`,
          ratio: (light! + 0.05) / (dark! + 0.05),
        };
      });
  });
}

describe('control room: alarms that cannot be buried (built hub, Chromium)', () => {
  let hub: HubProcess;
  let browser: Browser;
  let mqtt: MqttClient;
  let dispatcherToken: string;
  let alarm: Incident;
  const open: ConsolePage[] = [];

  const incidentFrom = (deviceId: string): Promise<Incident> =>
    incidentFromDevice(hub, dispatcherToken, deviceId);
  const acknowledge = (id: string): Promise<void> => acknowledgeIncident(hub, dispatcherToken, id);

  beforeAll(async () => {
    hub = await HubProcess.start('ui-console-control-room', {
      broker: 'embedded',
      database: 'sqlite',
      env: { SLA_SCALE: '0.01' },
    });
    browser = await launchChromium();
    mqtt = await connectMqtt(hub.mqttUrl);
    dispatcherToken = await hub.login('dispatcher');
    // 99 incidents someone already handles (every severity, critical included), and one
    // medium incident nobody acknowledges: overdue after 9 s, below every high in the feed.
    const noise: string[] = [];
    for (let i = 0; i < NOISE; i++)
      noise.push(
        await publishEvent(mqtt, hub, {
          ...place(i),
          type: i % 2 ? 'urban.littering' : 'traffic.congestion',
          severity: NOISE_SEVERITIES[i % NOISE_SEVERITIES.length]!,
        }),
      );
    for (const deviceId of noise) await acknowledge((await incidentFrom(deviceId)).id);
    const deviceId = await publishEvent(mqtt, hub, {
      ...place(NOISE),
      type: 'urban.encroachment',
      severity: 'medium',
    });
    alarm = await expectEventually(async () => {
      const found = await incidentFrom(deviceId);
      expect(found).toMatchObject({ severity: 'medium', escalated: true, status: 'open' });
      return found;
    }, 30_000);
  });

  afterAll(async () => {
    for (const { context } of open) await context.close();
    await mqtt?.endAsync();
    await browser?.close();
    await hub?.dispose();
  });

  for (const viewport of VIEWPORTS)
    for (const locale of LOCALES)
      it(`at ${viewport.width}×${viewport.height} in ${locale}, the overdue incident among 100 open ones is on screen without scrolling, and every badge reads at 4.5:1`, async () => {
        const consolePage = await openConsole(browser, hub, 'operator', { locale, viewport });
        open.push(consolePage);
        const { page } = consolePage;
        await expectEventually(async () =>
          expect(await probe(page, 'incidentCount')).toBeGreaterThanOrEqual(NOISE + 1),
        );
        const item = await page.waitForSelector(attentionItem(alarm.id));
        expect(await item.getAttribute('data-reason')).toBe('escalated');
        const box = await item.boundingBox();
        expect(box).not.toBeNull();
        expect(box!.y).toBeGreaterThanOrEqual(0);
        expect(box!.y + box!.height).toBeLessThanOrEqual(viewport.height);
        expect(box!.x + box!.width).toBeLessThanOrEqual(viewport.width);
        // Nothing scrolled to get there: the page, the feed and the pinned block are at the top.
        expect(await page.evaluate(() => window.scrollY)).toBe(0);
        expect(await page.$eval('[data-testid="incident-list"]', (list) => list.scrollTop)).toBe(0);
        expect(await page.$eval('[data-testid="attention-list"]', (list) => list.scrollTop)).toBe(
          0,
        );
        // The feed itself still lists it where its order puts it, under every high incident.
        const feedBox = await page.$eval(row(alarm.id), (element) => {
          const rect = element.getBoundingClientRect();
          return { top: rect.top, bottom: rect.bottom };
        });
        expect(feedBox.top).toBeGreaterThan(box!.y);
        expect(await page.textContent('[data-testid="attention"] .attention__title')).toBe(
          locale === 'vi-VN' ? 'Cần xử lý ngay' : 'Needs attention',
        );
        await screenshot(page, `control-room-${viewport.width}x${viewport.height}-${locale}`);

        const contrasts = await badgeContrasts(page);
        // Every severity these event types can reach (no event here makes an `info` one).
        const severities = await page.$$eval('.feed-row .badge', (badges: Element[]) =>
          Array.from(new Set<string>(badges.map((badge) => badge.className))),
        );
        expect(severities.sort()).toEqual(
          ['critical', 'high', 'low', 'medium'].map((severity) => `badge badge--${severity}`),
        );
        expect(contrasts.length).toBeGreaterThan(severities.length);
        for (const { text, ratio } of contrasts)
          expect({ text, enough: ratio >= 4.5 }).toEqual({ text, enough: true });
        expect(consolePage.errors).toEqual([]);
      });

  it('an alarm ring leaves the map with its filtered incident; the pinned block keeps the alarm', async () => {
    const consolePage = await openConsole(browser, hub, 'operator');
    open.push(consolePage);
    const { page } = consolePage;
    const pulse = `[data-testid="alarm-pulse"][data-incident-id="${alarm.id}"]`;
    await page.waitForSelector(pulse, { state: 'attached' });
    // Only high incidents: the overdue medium one leaves the feed and the map, ring included.
    await page.click('[data-testid="filter-severity-high"]');
    await page.waitForSelector(row(alarm.id), { state: 'detached' });
    await page.waitForSelector(pulse, { state: 'detached' });
    await page.waitForSelector(attentionItem(alarm.id));
    await screenshot(page, 'control-room-filtered');
    await page.click('[data-testid="filter-severity-high"]');
    await page.waitForSelector(pulse, { state: 'attached' });
    expect(consolePage.errors).toEqual([]);
  });

  it('the panel never shows contradictory chips: open, alarming, then acknowledged', async () => {
    const dispatcher = await openConsole(browser, hub, 'dispatcher', {
      viewport: { width: 1366, height: 768 },
    });
    open.push(dispatcher);
    const { page } = dispatcher;
    const chips = async (): Promise<{ status: string | null; alarm: boolean }> => ({
      status: await page.getAttribute('[data-testid="panel-status"]', 'data-status'),
      alarm: await page.isVisible('[data-testid="panel-alarm"]'),
    });

    // Opened from the pinned block: open and not acknowledged, both chips say so.
    await page.click(attentionItem(alarm.id));
    await page.waitForSelector(
      `[data-testid="incident-panel"][data-incident-id="${alarm.id}"]:not([hidden])`,
    );
    await expectEventually(async () =>
      expect(await chips()).toEqual({ status: 'open', alarm: true }),
    );

    // An incident already acknowledged, opened right after: no alarm chip carried over.
    const handled = (
      await hub.get<IncidentList>('/api/incidents?limit=500', dispatcherToken)
    ).items.find((incident) => incident.status === 'acknowledged')!;
    await page.click(row(handled.id));
    await page.waitForSelector(
      `[data-testid="incident-panel"][data-incident-id="${handled.id}"]:not([hidden])`,
    );
    expect(await chips()).toEqual({ status: 'acknowledged', alarm: false });

    await page.click(attentionItem(alarm.id));
    await page.waitForSelector(
      `[data-testid="incident-panel"][data-incident-id="${alarm.id}"]:not([hidden])`,
    );
    expect(await chips()).toEqual({ status: 'open', alarm: true });
    await page.click('[data-testid="action-acknowledge"]');
    await page.waitForSelector('[data-testid="panel-status"][data-status="acknowledged"]');
    expect(await chips()).toEqual({ status: 'acknowledged', alarm: false });
    // …and it leaves the pinned block.
    await page.waitForSelector(attentionItem(alarm.id), { state: 'detached' });
    await screenshot(page, 'control-room-panel-acknowledged');
    expect(dispatcher.errors).toEqual([]);
  });

  it('a mute says how long it lasts and ends by itself; "silence these" still lets a new alarm sound', async () => {
    const context = await browser.newContext({
      locale: 'vi-VN',
      timezoneId: 'Asia/Ho_Chi_Minh',
      viewport: { width: 1366, height: 768 },
    });
    // The page's clock, so fifteen minutes pass in a moment (docs: playwright Clock API).
    await context.clock.install();
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    open.push({ context, page, dialogs: [], errors });
    await logIn(page, hub.baseUrl, 'operator', DEMO_PASSWORD);
    await page.waitForSelector('[data-testid="connection-state"][data-status="connected"]', {
      timeout: 15_000,
    });

    await page.click('[data-testid="mute-toggle"]');
    await page.waitForSelector('[data-testid="mute-toggle"][data-muted="true"]');
    expect(await page.textContent('[data-testid="mute-toggle"]')).toMatch(
      /^Tắt tiếng · 1[45]:\d\d$/,
    );
    const soundsMuted = await probe(page, 'soundCount');

    // A new critical incident while muted: it flashes and is pinned, but is not heard.
    const fire = await incidentFrom(
      await publishEvent(mqtt, hub, {
        ...place(NOISE + 1),
        type: 'fire.flame',
        severity: 'critical',
      }),
    );
    await page.waitForSelector(attentionItem(fire.id));
    expect(await probe(page, 'soundCount')).toBe(soundsMuted);

    await page.clock.fastForward('05:00');
    await expectEventually(async () =>
      expect(await page.textContent('[data-testid="mute-toggle"]')).toMatch(
        /^Tắt tiếng · (9:[45]\d|10:00)$/,
      ),
    );
    await screenshot(page, 'control-room-muted-vi');
    expect(await probe(page, 'soundCount')).toBe(soundsMuted);

    await page.clock.fastForward('10:01');
    await page.waitForSelector('[data-testid="mute-toggle"][data-muted="false"]');
    expect(await page.textContent('[data-testid="mute-toggle"]')).toBe('Âm báo');
    // The reminder for the waiting critical incident is heard again.
    await page.clock.runFor(10_000);
    await expectEventually(async () =>
      expect(await probe(page, 'soundCount')).toBeGreaterThan(soundsMuted),
    );

    // "Silence these": the fire's reminders stop… (once its SLA has run out: turning from
    // critical into escalated is news, and would rightly sound again after the click)
    await page.waitForSelector(`${attentionItem(fire.id)}[data-reason="escalated"]`);
    await page.click('[data-testid="attention-silence"]');
    await page.waitForSelector(`${attentionItem(fire.id)}[data-silenced="true"]`);
    const soundsSilenced = await probe(page, 'soundCount');
    await page.clock.runFor(30_000);
    expect(await probe(page, 'soundCount')).toBe(soundsSilenced);
    // …but the next critical incident is heard at once.
    const next = await incidentFrom(
      await publishEvent(mqtt, hub, {
        ...place(NOISE + 2),
        type: 'fire.flame',
        severity: 'critical',
      }),
    );
    await page.waitForSelector(`${attentionItem(next.id)}[data-silenced="false"]`);
    await expectEventually(async () =>
      expect(await probe(page, 'soundCount')).toBeGreaterThan(soundsSilenced),
    );
    await screenshot(page, 'control-room-silenced-vi');
    await acknowledge(fire.id);
    await acknowledge(next.id);
    expect(errors).toEqual([]);
  });
});
