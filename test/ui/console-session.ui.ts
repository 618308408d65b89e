import type { Browser } from 'playwright-core';
import type { MqttClient } from 'mqtt';
import { launchChromium } from '../support/browser';
import { connectMqtt } from '../support/clients';
import {
  daLatPlace,
  openConsole,
  openIncidentPanel,
  row,
  type ConsolePage,
} from '../support/console';
import { openIncident } from '../support/api';
import { DEMO_PASSWORD, HubProcess } from '../support/hub-process';

// docs/security.md: when the hub ends a session (here: the token expires), the console
// asks for the password over the map and carries on where the operator was.

const TTL_SECONDS = 12;

describe('an expired session asks to sign in again without losing the console (built hub, Chromium)', () => {
  let hub: HubProcess;
  let browser: Browser;
  let mqtt: MqttClient;
  let operator: ConsolePage;

  beforeAll(async () => {
    hub = await HubProcess.start('ui-console-session', {
      broker: 'embedded',
      database: 'sqlite',
      env: { JWT_TTL_SECONDS: String(TTL_SECONDS) },
    });
    browser = await launchChromium();
    mqtt = await connectMqtt(hub.mqttUrl);
  });

  afterAll(async () => {
    await operator?.context.close();
    await mqtt?.endAsync();
    await browser?.close();
    await hub?.dispose();
  });

  it('keeps the open panel and the feed, and resyncs what happened while signed out', async () => {
    const first = await openIncident(hub, mqtt, await hub.login('operator'), daLatPlace());
    operator = await openConsole(browser, hub, 'operator');
    const { page } = operator;
    await page.waitForSelector(row(first.id));
    await openIncidentPanel(page, first.id);

    const overlay = '[data-testid="login-overlay"]';
    await page.waitForSelector(overlay, { timeout: (TTL_SECONDS + 10) * 1000 });
    // The console is still there behind the form, with the panel the operator had open.
    await page.waitForSelector(
      `[data-testid="incident-panel"][data-incident-id="${first.id}"]:not([hidden])`,
    );

    const missed = await openIncident(hub, mqtt, await hub.login('operator'), daLatPlace());
    await page.fill(`${overlay} input[name="username"]`, 'operator');
    await page.fill(`${overlay} input[name="password"]`, DEMO_PASSWORD);
    await page.click(`${overlay} [data-testid="login-submit"]`);
    await page.waitForSelector(overlay, { state: 'detached' });
    await page.waitForSelector('[data-testid="connection-state"][data-status="connected"]');
    await page.waitForSelector(row(missed.id));
    await page.waitForSelector(
      `[data-testid="incident-panel"][data-incident-id="${first.id}"]:not([hidden])`,
    );
    // A live push after the new sign-in arrives too.
    const later = await openIncident(hub, mqtt, await hub.login('operator'), daLatPlace());
    await page.waitForSelector(row(later.id));
    expect(operator.errors).toEqual([]);
  });
});
