import type { Browser } from 'playwright-core';
import type { IncidentList } from '@ioc/shared';
import { launchChromium } from '../support/browser';
import {
  openConsole,
  openIncidentPanel,
  settledScreenshot,
  type ConsolePage,
} from '../support/console';
import { expectEventually } from '../support/eventually';
import { HubProcess } from '../support/hub-process';
import { runSimulator } from '../support/simulator-process';

describe('a fire triangulated from two ridges on the console map (built hub, simulator CLI, Chromium)', () => {
  let hub: HubProcess;
  let browser: Browser;
  let operator: ConsolePage;
  let fireId: string;

  beforeAll(async () => {
    hub = await HubProcess.start('ui-console-triangulation', {
      broker: 'embedded',
      database: 'sqlite',
    });
    await runSimulator(['scenario', 'forest-fire', '--url', hub.mqttUrl, '--speed', '0']);
    const token = await hub.login('operator');
    fireId = await expectEventually(async () => {
      const { items } = await hub.get<IncidentList>('/api/incidents?category=fire', token);
      expect(items).toHaveLength(1);
      expect(items[0]!.locationMethod).toBe('triangulated');
      return items[0]!.id;
    }, 20_000);
    browser = await launchChromium();
    operator = await openConsole(browser, hub, 'operator');
  }, 120_000);

  afterAll(async () => {
    await operator?.context.close();
    await browser?.close();
    await hub?.dispose();
  });

  it('draws a ray from each camera and the estimate with its uncertainty circle for the selected fire', async () => {
    const { page } = operator;
    expect(await page.locator('path.ioc-ray').count()).toBe(0);
    await openIncidentPanel(page, fireId);
    await expectEventually(async () => {
      // Four rays: smoke and flames from each of the two ridge cameras.
      expect(await page.locator('path.ioc-ray').count()).toBe(4);
      expect(await page.locator('path.ioc-ray-estimate').count()).toBe(1);
      expect(await page.locator('path.ioc-ray-sector').count()).toBe(0);
    });
    await settledScreenshot(page, 'console-triangulation');
    // Closing the panel clears them.
    await page.keyboard.press('Escape');
    await expectEventually(async () => {
      expect(await page.locator('path.ioc-ray').count()).toBe(0);
    });
  });
});
