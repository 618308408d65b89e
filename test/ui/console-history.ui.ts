import type { Browser, Page } from 'playwright-core';
import type { MqttClient } from 'mqtt';
import { topics, type Incident, type IncidentList } from '@ioc/shared';
import { call } from '../support/api';
import { launchChromium } from '../support/browser';
import { connectMqtt } from '../support/clients';
import { daLatPlace, openConsole, publishEvent, settledScreenshot } from '../support/console';
import { expectEventually } from '../support/eventually';
import { HubProcess } from '../support/hub-process';
import { changeIncident } from '../support/incidents';

/**
 * The rest of the control room (issue 20): finished incidents found again in the history
 * view, two incidents at one spot both visible on the map, severity badges readable.
 */
describe('history, stacked markers and badge contrast (built hub, Chromium)', () => {
  let hub: HubProcess;
  let browser: Browser;
  let mqtt: MqttClient;
  let operator: string;
  let dispatcher: string;
  let closed: Incident;

  beforeAll(async () => {
    hub = await HubProcess.start('ui-console-history', { broker: 'embedded', database: 'sqlite' });
    browser = await launchChromium();
    mqtt = await connectMqtt(hub.mqttUrl);
    [operator, dispatcher] = await Promise.all([hub.login('operator'), hub.login('dispatcher')]);
    await mqtt.publishAsync(
      topics.birth('cam-ridge-9', hub.topicRoot),
      JSON.stringify({
        kind: 'camera',
        name: 'Langbiang ridge camera 9',
        names: { vi: 'Camera sườn núi Langbiang 9', en: 'Langbiang ridge camera 9' },
        location: daLatPlace(),
        zone: 'langbiang',
      }),
      { qos: 1, retain: true },
    );
    await publishEvent(mqtt, hub, { ...daLatPlace(), deviceId: 'cam-ridge-9', type: 'fire.smoke' });
    const opened = await expectEventually(async () => {
      const { items } = await hub.get<IncidentList>('/api/incidents?category=fire', operator);
      const found = items.find((i) => i.sources.includes('cam-ridge-9'));
      if (!found) throw new Error('no incident from cam-ridge-9 yet');
      return found;
    });
    await changeIncident(hub, dispatcher, opened.id, 'resolve', { resolution: 'handled' });
    closed = await changeIncident(hub, dispatcher, opened.id, 'close');
  });

  afterAll(async () => {
    await mqtt?.endAsync();
    await browser?.close();
    await hub?.dispose();
  });

  const rowIds = (page: Page): Promise<string[]> =>
    page.$$eval('[data-testid="history-row"]', (rows) =>
      rows.map((r) => (r as HTMLElement).dataset.incidentId ?? ''),
    );

  it.each([
    {
      name: 'laptop',
      viewport: { width: 1366, height: 768 },
      lang: 'vi',
      locale: 'vi-VN',
      words: 'sườn núi',
    },
    {
      name: 'desktop',
      viewport: { width: 1920, height: 1080 },
      lang: 'en',
      locale: 'en-US',
      words: 'ridge camera',
    },
  ])(
    'the history finds a closed incident by a device name ($name, $lang)',
    async ({ name, viewport, lang, locale, words }) => {
      const { page, context, errors } = await openConsole(browser, hub, 'operator', {
        locale,
        viewport,
      });
      try {
        // Closed: not in the live feed.
        expect(
          await page.$(`[data-testid="incident-row"][data-incident-id="${closed.id}"]`),
        ).toBeNull();
        await page.click('[data-testid="open-history"]');
        await page.waitForSelector('[data-testid="history-view"]:not([hidden])');
        await page.fill('[data-testid="history-search"]', words);
        await expectEventually(async () => expect(await rowIds(page)).toEqual([closed.id]));
        await page.fill('[data-testid="history-search"]', 'no such words anywhere');
        await expectEventually(async () => expect(await rowIds(page)).toEqual([]));
        await page.fill('[data-testid="history-search"]', words);
        await expectEventually(async () => expect(await rowIds(page)).toEqual([closed.id]));
        await page.click('[data-testid="history-row"]');
        await page.waitForSelector(
          `[data-testid="incident-panel"][data-incident-id="${closed.id}"]:not([hidden])`,
        );
        // The panel shows it as closed, with its audit to the close.
        await page.waitForSelector('[data-testid="panel-status"][data-status="closed"]');
        await expectEventually(async () =>
          expect(
            await page.$$eval('[data-testid="audit-entry"]', (entries) =>
              entries.map((e) => (e as HTMLElement).dataset.action),
            ),
          ).toEqual(expect.arrayContaining(['resolved', 'closed'])),
        );
        await settledScreenshot(page, `console-history-${name}-${lang}`);
        expect(errors).toEqual([]);
      } finally {
        await context.close();
      }
    },
  );

  it('two incidents at one spot are both drawn, apart', async () => {
    const spot = daLatPlace();
    await publishEvent(mqtt, hub, { ...spot, type: 'fire.flame', severity: 'critical' });
    await publishEvent(mqtt, hub, { ...spot, type: 'landslide.report', severity: 'critical' });
    const { page, context } = await openConsole(browser, hub, 'operator');
    try {
      const targets = await expectEventually(async () => {
        const drawn = await page.evaluate(() =>
          (
            window as unknown as {
              __iocConsole: { incidentTargets(): { x: number; y: number; count: number }[] };
            }
          ).__iocConsole.incidentTargets(),
        );
        const singles = drawn.filter((t) => t.count === 1);
        if (singles.length < 2) throw new Error(`only ${singles.length} markers drawn`);
        return singles;
      });
      // The two criticals share a spot: spread, each at least a marker's width from the other.
      let closest = Infinity;
      for (let i = 0; i < targets.length; i++)
        for (let j = i + 1; j < targets.length; j++)
          closest = Math.min(
            closest,
            Math.hypot(targets[i]!.x - targets[j]!.x, targets[i]!.y - targets[j]!.y),
          );
      expect(closest).toBeGreaterThanOrEqual(30);
      await settledScreenshot(page, 'console-stacked-markers');
    } finally {
      await context.close();
    }
  });

  it('every severity badge reads at 4.5:1 or better, in both languages', async () => {
    for (const locale of ['vi-VN', 'en-US']) {
      const { page, context } = await openConsole(browser, hub, 'operator', { locale });
      try {
        const ratios = await page.$$eval('.sev-chip, .sev-toggle', (chips) => {
          const rgb = (css: string): number[] =>
            (css.match(/[\d.]+/g) ?? []).slice(0, 3).map(Number);
          const luminance = ([r, g, b]: number[]): number => {
            const c = [r, g, b].map((v) => {
              const s = (v ?? 0) / 255;
              return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
            });
            return 0.2126 * c[0]! + 0.7152 * c[1]! + 0.0722 * c[2]!;
          };
          return chips
            .filter((chip) => (chip.textContent ?? '').trim() !== '')
            .map((chip) => {
              const style = getComputedStyle(chip);
              const a = luminance(rgb(style.color));
              const b = luminance(rgb(style.backgroundColor));
              const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
              return { badge: chip.className, ratio: Math.round(ratio * 100) / 100 };
            });
        });
        expect(ratios.length).toBeGreaterThanOrEqual(5);
        for (const { badge, ratio } of ratios)
          expect({ badge, ok: ratio >= 4.5, ratio }).toEqual({ badge, ok: true, ratio });
      } finally {
        await context.close();
      }
    }
  });

  it('no token, no history', async () => {
    expect((await call(hub, 'GET', '/api/incidents?q=ridge', null)).status).toBe(401);
  });
});
