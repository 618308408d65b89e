import type { Browser } from 'playwright-core';
import type { MqttClient } from 'mqtt';
import type { IncidentList } from '@ioc/shared';
import { launchChromium } from '../support/browser';
import { connectMqtt } from '../support/clients';
import {
  daLatPlace,
  openConsole,
  openIncidentPanel,
  publishEvent,
  row,
  settledScreenshot,
  type ConsolePage,
} from '../support/console';
import { expectEventually } from '../support/eventually';
import { DISTRICT, DISTRICT_NAME, startFederation } from '../support/federation';
import type { HubProcess } from '../support/hub-process';

/**
 * A province's console (docs/federation.md): a district's incident arrives live with the
 * district's name, the feed filters by center, and its panel is read-only, in both languages.
 */
describe('province console shows district incidents read-only (two built hubs, Chromium)', () => {
  let province: HubProcess;
  let district: HubProcess;
  let browser: Browser;
  let mqtt: MqttClient;
  const open: ConsolePage[] = [];

  beforeAll(async () => {
    ({ province, district } = await startFederation('ui-console-federation'));
    browser = await launchChromium();
    mqtt = await connectMqtt(district.mqttUrl);
  });

  afterAll(async () => {
    for (const { context } of open) await context.close();
    await mqtt?.endAsync();
    await browser?.close();
    await district?.dispose();
    await province?.dispose();
  });

  it.each([
    ['en-US', 'read-only'],
    ['vi-VN', 'chỉ được xem'],
  ])('%s: badge, center filter and a panel without actions', async (locale, readOnlyWords) => {
    const consolePage = await openConsole(browser, province, 'dispatcher', { locale });
    open.push(consolePage);
    const { page } = consolePage;
    const token = await district.login('operator');
    const deviceId = await publishEvent(mqtt, district, { ...daLatPlace(), type: 'fire.flame' });
    const incident = await expectEventually(async () => {
      const { items } = await district.get<IncidentList>('/api/incidents?category=fire', token);
      const found = items.find((i) => i.sources.includes(deviceId));
      if (!found) throw new Error('not at the district yet');
      return found;
    });
    const consoleId = `${DISTRICT}/${incident.id}`;
    // Pushed live: the console was open before the incident existed.
    await page.waitForSelector(row(consoleId), { timeout: 60_000 });
    const badge = await page.textContent(`${row(consoleId)} [data-testid="district-badge"]`);
    expect(badge).toBe(DISTRICT_NAME);
    // Its SLA runs at its district: no countdown here.
    expect(await page.isVisible(`${row(consoleId)} [data-testid="incident-sla"]`)).toBe(false);

    await page.selectOption('[data-testid="filter-district"]', '-');
    await page.waitForSelector(row(consoleId), { state: 'detached' });
    await page.selectOption('[data-testid="filter-district"]', `=${DISTRICT}`);
    await page.waitForSelector(row(consoleId));

    await openIncidentPanel(page, consoleId);
    const note = await page.waitForSelector('[data-testid="panel-read-only"]:not([hidden])');
    expect(await note.textContent()).toContain(readOnlyWords);
    expect(await note.textContent()).toContain(DISTRICT_NAME);
    expect(await page.isVisible('[data-testid="panel-notes"]')).toBe(false);
    expect(await page.isVisible('[data-testid="panel-actions"]')).toBe(false);
    await settledScreenshot(page, `console-federation-${locale}`);
    expect(consolePage.errors).toEqual([]);
  });
});
