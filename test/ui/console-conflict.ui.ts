import type { Browser } from 'playwright-core';
import type { MqttClient } from 'mqtt';
import type { Incident, IncidentList } from '@ioc/shared';
import { launchChromium } from '../support/browser';
import { connectMqtt } from '../support/clients';
import {
  createAccount,
  daLatPlace,
  openConsole,
  openIncidentPanel,
  publishEvent,
  type ConsolePage,
  settledScreenshot,
} from '../support/console';
import { expectEventually } from '../support/eventually';
import { HubProcess } from '../support/hub-process';

const SECOND_PASSWORD = 'second-dispatcher-pw';

/** HH:MM as the console shows it (24-hour, Da Lat time, which the contexts use). */
function clock(iso: string): string {
  return new Intl.DateTimeFormat('en-US', {
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
    timeZone: 'Asia/Ho_Chi_Minh',
  }).format(Date.parse(iso));
}

describe('two dispatchers acknowledge the same incident at once (built hub, two browser contexts)', () => {
  let hub: HubProcess;
  let browser: Browser;
  let mqtt: MqttClient;
  const open: ConsolePage[] = [];

  beforeAll(async () => {
    hub = await HubProcess.start('ui-console-conflict', { broker: 'embedded', database: 'sqlite' });
    browser = await launchChromium();
    mqtt = await connectMqtt(hub.mqttUrl);
    await createAccount(hub, 'dispatcher2', 'dispatcher', SECOND_PASSWORD);
  });

  afterAll(async () => {
    for (const { context } of open) await context.close();
    await mqtt?.endAsync();
    await browser?.close();
    await hub?.dispose();
  });

  it('one succeeds; the other is told plainly who acknowledged it and when, and its panel shows the current state', async () => {
    const token = await hub.login('operator');
    const deviceId = await publishEvent(mqtt, hub, { ...daLatPlace(), type: 'traffic.accident' });
    const incident = await expectEventually(async () => {
      const { items } = await hub.get<IncidentList>('/api/incidents?category=traffic', token);
      const found = items.find((i) => i.sources.includes(deviceId));
      if (!found) throw new Error('not yet');
      return found;
    });

    const first = await openConsole(browser, hub, 'dispatcher');
    const second = await openConsole(browser, hub, 'dispatcher2', { password: SECOND_PASSWORD });
    open.push(first, second);
    for (const { page } of [first, second]) await openIncidentPanel(page, incident.id);

    // Both click on the version they see, and both requests reach the hub at the same
    // moment: each is held at the browser's edge until the other has been sent too.
    let release = (): void => undefined;
    const bothSent = new Promise<void>((resolve) => (release = resolve));
    let sent = 0;
    for (const { page } of [first, second]) {
      await page.route('**/api/incidents/*/acknowledge', async (route) => {
        if (++sent === 2) release();
        await bothSent;
        await route.continue();
      });
    }
    await Promise.all(
      [first, second].map(({ page }) => page.click('[data-testid="action-acknowledge"]')),
    );

    const messages = await Promise.all(
      [first, second].map(async ({ page }) => {
        const message = await page.waitForSelector(
          '[data-testid="panel-message"]:not([hidden])[data-kind="success"], [data-testid="panel-message"]:not([hidden])[data-kind="conflict"]',
        );
        return {
          page,
          kind: await message.getAttribute('data-kind'),
          text: (await message.textContent()) ?? '',
        };
      }),
    );
    expect(messages.map((m) => m.kind).sort()).toEqual(['conflict', 'success']);

    const current = await hub.get<Incident>(`/api/incidents/${incident.id}`, token);
    expect(current.status).toBe('acknowledged');
    expect(['dispatcher', 'dispatcher2']).toContain(current.acknowledgedBy);
    const loser = messages.find((m) => m.kind === 'conflict')!;
    expect(loser.text).toContain(
      `acknowledged by ${current.acknowledgedBy!} at ${clock(current.acknowledgedAt!)}`,
    );
    // Both panels refreshed: acknowledged, with the dispatch step offered next.
    for (const { page } of [first, second]) {
      await page.waitForSelector('[data-testid="panel-status"][data-status="acknowledged"]');
      await page.waitForSelector('[data-testid="action-dispatch"]:visible');
    }
    await settledScreenshot(loser.page, 'console-conflict');
  });
});
