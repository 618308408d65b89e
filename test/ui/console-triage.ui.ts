import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import type { MqttClient } from 'mqtt';
import { topics, type Incident, type IncidentList } from '@ioc/shared';
import { launchChromium } from '../support/browser';
import { connectMqtt } from '../support/clients';
import { daLatPlace, openConsole, type ConsolePage } from '../support/console';
import { expectEventually } from '../support/eventually';
import { HubProcess } from '../support/hub-process';

// The triage queue worked from the keyboard only (docs/correlation.md "Triage"):
// ↑ ↓ move, Y confirms, N then a reason (arrows and Enter) dismisses.
describe('console triage queue (built hub, Chromium)', () => {
  let hub: HubProcess;
  let browser: Browser;
  let mqtt: MqttClient;
  let dir: string;
  let operator: string;
  const open: ConsolePage[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ioc-ui-triage-'));
    const rulesFile = join(dir, 'rules.json');
    writeFileSync(
      rulesFile,
      JSON.stringify({ categories: { fire: { triage: { minConfidence: 0.6 } } } }),
    );
    hub = await HubProcess.start('ui-console-triage', {
      broker: 'embedded',
      database: 'sqlite',
      env: { RULES_FILE: rulesFile },
    });
    browser = await launchChromium();
    mqtt = await connectMqtt(hub.mqttUrl);
    operator = await hub.login('operator');
  });

  afterAll(async () => {
    for (const { context } of open) await context.close();
    await mqtt?.endAsync();
    await browser?.close();
    await hub?.dispose();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function detect(deviceId: string, severity: 'medium' | 'critical'): Promise<Incident> {
    await mqtt.publishAsync(
      topics.events(deviceId, hub.topicRoot),
      JSON.stringify({
        id: `${deviceId}-1`,
        ts: new Date().toISOString(),
        type: 'fire.smoke',
        confidence: 0.3,
        severity,
        location: daLatPlace(),
      }),
      { qos: 1 },
    );
    return expectEventually(async () => {
      const { items } = await hub.get<IncidentList>('/api/incidents?category=fire', operator);
      const found = items.find((i) => i.sources.includes(deviceId));
      if (!found) throw new Error(`no incident from ${deviceId} yet`);
      expect(found.status).toBe('unverified');
      return found;
    });
  }

  const statusOf = async (id: string): Promise<Incident> =>
    hub.get<Incident>(`/api/incidents/${id}`, operator);

  it('lists newest critical first; Y confirms, N + reason dismisses, arrows move', async () => {
    const medium = await detect('cam-ui-fog', 'medium');
    const critical = await detect('cam-ui-smoke', 'critical');

    const consolePage = await openConsole(browser, hub, 'operator');
    open.push(consolePage);
    const { page } = consolePage;
    await page.waitForSelector('[data-testid="triage-open"]');
    await expectEventually(async () =>
      expect(await page.textContent('[data-testid="triage-open"]')).toContain('(2)'),
    );
    await page.click('[data-testid="triage-open"]');
    await page.waitForSelector('[data-testid="triage-queue"]:not([hidden])');
    const order = async (): Promise<string[]> =>
      page.$$eval('[data-testid="triage-item"]', (items) =>
        items.map((item) => (item as HTMLElement).dataset.id ?? ''),
      );
    const selected = async (): Promise<string | undefined> =>
      page.$eval(
        '[data-testid="triage-queue"]',
        (queue) => queue.querySelector<HTMLElement>('.triage__item--selected')?.dataset.id,
      );
    expect(await order()).toEqual([critical.id, medium.id]);
    expect(await selected()).toBe(critical.id);
    // The snapshot slot is there; without snapshots it shows its placeholder.
    expect(await page.textContent('[data-testid="triage-snapshot"]')).toContain('No snapshot');

    await page.keyboard.press('ArrowDown');
    expect(await selected()).toBe(medium.id);
    await page.keyboard.press('ArrowUp');
    expect(await selected()).toBe(critical.id);

    await page.keyboard.press('y');
    await expectEventually(async () =>
      expect(await statusOf(critical.id)).toMatchObject({
        status: 'open',
        confirmedBy: 'operator',
      }),
    );
    await expectEventually(async () => expect(await order()).toEqual([medium.id]));

    await page.keyboard.press('n');
    await page.waitForSelector('[data-testid="triage-reasons"]:not([hidden])');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await expectEventually(async () =>
      expect(await statusOf(medium.id)).toMatchObject({
        status: 'resolved',
        resolution: 'false_alarm',
        dismissReason: 'cloud',
      }),
    );
    await expectEventually(async () => expect(await order()).toEqual([]));
    await page.keyboard.press('Escape');
    await page.waitForSelector('[data-testid="triage-queue"]', { state: 'hidden' });
    expect(consolePage.errors).toEqual([]);
  });
});
