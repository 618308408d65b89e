import type { Browser } from 'playwright-core';
import type { MqttClient } from 'mqtt';
import { topics, type IncidentList, type ReportResponse } from '@ioc/shared';
import { call } from '../support/api';
import { launchChromium } from '../support/browser';
import { connectMqtt } from '../support/clients';
import {
  openConsole,
  openIncidentPanel,
  row,
  type ConsolePage,
  settledScreenshot,
} from '../support/console';
import { expectEventually } from '../support/eventually';
import { HubProcess } from '../support/hub-process';

const XSS = '<img src=x onerror=alert(1)>';
const SCRIPT = '<script>alert(2)</script>';

describe('device, citizen and user text renders literally everywhere in the console (built hub, Chromium)', () => {
  let hub: HubProcess;
  let browser: Browser;
  let mqtt: MqttClient;
  let operator: ConsolePage;

  beforeAll(async () => {
    hub = await HubProcess.start('ui-console-xss', { broker: 'embedded', database: 'sqlite' });
    browser = await launchChromium();
    mqtt = await connectMqtt(hub.mqttUrl);
  });

  afterAll(async () => {
    await operator?.context.close();
    await mqtt?.endAsync();
    await browser?.close();
    await hub?.dispose();
  });

  it('a camera named, zoned and reporting markup, a citizen report and a note: all shown as text, nothing executed', async () => {
    const token = await hub.login('operator');
    await mqtt.publishAsync(
      topics.birth('cam-xss', hub.topicRoot),
      JSON.stringify({
        kind: 'camera',
        name: XSS,
        location: { lat: 11.9429, lon: 108.4369 },
        zone: XSS,
        capabilities: ['urban.crowd', SCRIPT],
      }),
      { qos: 1, retain: true },
    );
    await expectEventually(async () => {
      const devices = await hub.get<{ id: string; registered: boolean }[]>('/api/devices', token);
      expect(devices.find((d) => d.id === 'cam-xss')?.registered).toBe(true);
    });
    operator = await openConsole(browser, hub, 'operator');
    const { page } = operator;

    await mqtt.publishAsync(
      topics.events('cam-xss', hub.topicRoot),
      JSON.stringify({
        id: 'xss-1',
        ts: new Date().toISOString(),
        type: 'urban.crowd',
        attributes: { note: XSS, [SCRIPT]: SCRIPT },
      }),
      { qos: 1 },
    );
    // A citizen report lands in the same incident (same place, same category, 100 m).
    const report = await call<ReportResponse>(hub, 'POST', '/api/reports', token, {
      type: 'urban.crowd',
      location: { lat: 11.9429, lon: 108.4369 },
      description: `Crowd blocking the market ${XSS}`,
    });
    expect(report.status).toBeLessThan(300);
    const incident = await expectEventually(async () => {
      const { items } = await hub.get<IncidentList>('/api/incidents?category=urban', token);
      const found = items.find((i) => i.sources.includes('cam-xss'));
      expect(found?.eventCount).toBe(2);
      return found!;
    });

    await page.waitForSelector(row(incident.id));
    expect(await page.textContent(row(incident.id))).toContain(XSS);
    await openIncidentPanel(page, incident.id);
    await page.waitForSelector('[data-testid="timeline-event"] >> nth=1');
    const timeline = (await page.textContent('[data-testid="panel-timeline"]')) ?? '';
    expect(timeline).toContain(XSS);
    expect(timeline).toContain(SCRIPT);
    expect(timeline).toContain(`Crowd blocking the market ${XSS}`);
    expect(await page.textContent('[data-testid="panel-sources"]')).toContain(XSS);

    await page.fill('[data-testid="note-input"]', `Checked ${XSS}`);
    await page.click('[data-testid="note-submit"]');
    await page.waitForSelector('[data-testid="audit-entry"][data-action="note"]');
    expect(await page.textContent('[data-testid="panel-audit"]')).toContain(`Checked ${XSS}`);

    // The map flew in close: the zone's name is drawn as a label, as text.
    await expectEventually(async () => {
      const labels = await page.$$eval('[data-testid="zone-label"]', (spans) =>
        spans.map((s) => s.textContent),
      );
      expect(labels).toContain(XSS);
    });
    // The zone filter lists it as an option, as text.
    const zones = await page.$$eval('[data-testid="filter-zone"] option', (options) =>
      options.map((o) => o.textContent),
    );
    expect(zones).toContain(XSS);

    expect(await page.$$('img:not(.leaflet-tile)')).toHaveLength(0);
    expect(await page.$$('#app script')).toHaveLength(0);
    expect(operator.dialogs).toEqual([]);
    expect(operator.errors).toEqual([]);
    await settledScreenshot(page, 'console-xss-panel');
  });
});
