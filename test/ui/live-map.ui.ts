import type { Browser, Page } from 'playwright-core';
import type { MqttClient } from 'mqtt';
import { topics, type IncidentList } from '@ioc/shared';
import { launchChromium, logIn, screenshot } from '../support/browser';
import { connectMqtt } from '../support/clients';
import { expectEventually } from '../support/eventually';
import { DEMO_PASSWORD, HubProcess } from '../support/hub-process';
import { runSimulator } from '../support/simulator-process';

const XSS = '<img src=x onerror=alert(1)>';

describe('the console shows incidents live (built hub, simulator CLI, Chromium)', () => {
  let hub: HubProcess;
  let browser: Browser;
  let page: Page;
  let device: MqttClient;
  const dialogs: string[] = [];

  beforeAll(async () => {
    hub = await HubProcess.start('ui-live-map', { broker: 'embedded', database: 'sqlite' });
    browser = await launchChromium();
    const context = await browser.newContext({
      locale: 'en-US',
      viewport: { width: 1600, height: 900 },
    });
    page = await context.newPage();
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    device = await connectMqtt(hub.mqttUrl);
    await logIn(page, hub.baseUrl, 'operator', DEMO_PASSWORD);
  });

  afterAll(async () => {
    await device?.endAsync();
    await browser?.close();
    await hub?.dispose();
  });

  const rowIds = (): Promise<string[]> =>
    page.$$eval('[data-testid="incident-row"]', (rows) =>
      rows.map((r) => (r as HTMLElement).dataset.incidentId ?? ''),
    );

  it('shows the forest fire the simulator plays, in the feed and on the map, within seconds', async () => {
    const published = Date.now();
    await runSimulator(['scenario', 'forest-fire', '--url', hub.mqttUrl, '--speed', '0']);
    const token = await hub.login('operator');
    const fire = await expectEventually(async () => {
      const { items } = await hub.get<IncidentList>('/api/incidents?category=fire', token);
      expect(items).toHaveLength(1);
      return items[0]!;
    });
    await page.waitForSelector(`[data-testid="incident-row"][data-incident-id="${fire.id}"]`, {
      timeout: 10_000,
    });
    expect(Date.now() - published).toBeLessThan(60_000);
    const counts = await page.evaluate(
      () =>
        (window as unknown as { __iocConsole: { incidentCount(): number; deviceCount(): number } })
          .__iocConsole,
    );
    expect(counts).toBeDefined();
    await expectEventually(async () => {
      const n = await page.evaluate(() =>
        (
          window as unknown as { __iocConsole: { incidentCount(): number } }
        ).__iocConsole.incidentCount(),
      );
      expect(n).toBeGreaterThanOrEqual(1);
    });
    await screenshot(page, 'console-forest-fire');
  });

  it('adds an incident published over MQTT without a reload, and renders device text as text', async () => {
    await device.publishAsync(
      topics.birth('cam-xss', hub.topicRoot),
      JSON.stringify({
        kind: 'camera',
        name: XSS,
        location: { lat: 11.9429, lon: 108.4369 },
        zone: XSS,
        capabilities: ['urban.crowd'],
      }),
      { qos: 1 },
    );
    const token = await hub.login('operator');
    await expectEventually(async () => {
      const devices = await hub.get<{ id: string; registered: boolean }[]>('/api/devices', token);
      expect(devices.find((d) => d.id === 'cam-xss')?.registered).toBe(true);
    });
    const before = await rowIds();
    await device.publishAsync(
      topics.events('cam-xss', hub.topicRoot),
      JSON.stringify({
        id: 'x-1',
        ts: new Date().toISOString(),
        type: 'urban.crowd',
        attributes: { note: XSS },
      }),
      { qos: 1 },
    );
    await expectEventually(
      async () => expect((await rowIds()).length).toBe(before.length + 1),
      10_000,
    );
    const feedText = await page.textContent('[data-testid="incident-feed"]');
    expect(feedText).toContain(XSS);
    expect(await page.$$('[data-testid="incident-feed"] img')).toHaveLength(0);
    expect(dialogs).toEqual([]);
    await screenshot(page, 'console-xss-literal');
  });
});
