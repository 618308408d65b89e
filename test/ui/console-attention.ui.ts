import type { Browser } from 'playwright-core';
import type { MqttClient } from 'mqtt';
import type { Incident } from '@ioc/shared';
import { launchChromium, logIn } from '../support/browser';
import { connectMqtt } from '../support/clients';
import {
  daLatPlace,
  openConsole,
  probe,
  publishEvent,
  row,
  type ConsolePage,
  settledScreenshot,
} from '../support/console';
import { expectEventually } from '../support/eventually';
import { acknowledgeIncident, incidentFromDevice } from '../support/incidents';
import { DEMO_PASSWORD, HubProcess } from '../support/hub-process';

// SLA_SCALE=0.01: a high incident still open after 3 s escalates (docs/contract.md §6 limits × 0.01).
describe('attention: new critical incidents and escalations sound and flash until acknowledged', () => {
  let hub: HubProcess;
  let browser: Browser;
  let mqtt: MqttClient;
  let operatorToken: string;
  let dispatcherToken: string;
  const open: ConsolePage[] = [];

  const incidentFrom = (deviceId: string): Promise<Incident> =>
    incidentFromDevice(hub, operatorToken, deviceId);
  const acknowledge = (id: string): Promise<void> => acknowledgeIncident(hub, dispatcherToken, id);

  beforeAll(async () => {
    hub = await HubProcess.start('ui-console-attention', {
      broker: 'embedded',
      database: 'sqlite',
      env: { SLA_SCALE: '0.01' },
    });
    browser = await launchChromium();
    mqtt = await connectMqtt(hub.mqttUrl);
    [operatorToken, dispatcherToken] = await Promise.all([
      hub.login('operator'),
      hub.login('dispatcher'),
    ]);
  });

  afterAll(async () => {
    for (const { context } of open) await context.close();
    await mqtt?.endAsync();
    await browser?.close();
    await hub?.dispose();
  });

  it('a critical incident published over MQTT appears, flashes on the map and in the feed and sounds, until a dispatcher acknowledges it', async () => {
    const operator = await openConsole(browser, hub, 'operator');
    open.push(operator);
    const { page } = operator;
    const soundsBefore = await probe(page, 'soundCount');

    const deviceId = await publishEvent(mqtt, hub, {
      ...daLatPlace(),
      type: 'fire.flame',
      severity: 'critical',
    });
    const incident = await incidentFrom(deviceId);
    // Critical at first, then (0.6 s later) escalated as well: either way it alarms.
    await page.waitForSelector(`${row(incident.id)}[data-alarm]:not([data-alarm=""])`, {
      timeout: 10_000,
    });
    await page.waitForSelector(`[data-testid="alarm-pulse"][data-incident-id="${incident.id}"]`, {
      state: 'attached',
    });
    await page.waitForSelector('[data-testid="alarm-indicator"]:visible');
    // It flashes: the row's background alternates (2 Hz) between two states.
    const backgrounds = new Set<string>();
    await expectEventually(
      async () => {
        backgrounds.add(
          await page.$eval(
            row(incident.id),
            (element) => getComputedStyle(element).backgroundColor,
          ),
        );
        expect(backgrounds.size).toBeGreaterThanOrEqual(2);
      },
      5_000,
      100,
    );
    await expectEventually(async () =>
      expect(await probe(page, 'soundCount')).toBeGreaterThan(soundsBefore),
    );
    await settledScreenshot(page, 'console-alarm-critical');

    // The alarm indicator takes the operator to it.
    await page.click('[data-testid="alarm-indicator"]');
    await page.waitForSelector(
      `[data-testid="incident-panel"][data-incident-id="${incident.id}"]:not([hidden])`,
    );

    await acknowledge(incident.id);
    await page.waitForSelector(`${row(incident.id)}[data-alarm=""]`);
    await page.waitForSelector(`[data-testid="alarm-pulse"][data-incident-id="${incident.id}"]`, {
      state: 'detached',
    });
    // Nothing alarms any more: the console stops blinking.
    await page.waitForSelector('.console:not([data-blink])');
    await page.waitForSelector('[data-testid="alarm-indicator"]', { state: 'hidden' });
    expect(await probe(page, 'alarmCount')).toBe(0);
    expect(operator.dialogs).toEqual([]);
    expect(operator.errors).toEqual([]);
  });

  it('an escalation alarms too; muting is per console, survives a new sign-in, and stops only the sound', async () => {
    const muted = await openConsole(browser, hub, 'operator');
    const loud = await openConsole(browser, hub, 'dispatcher');
    open.push(muted, loud);
    await muted.page.click('[data-testid="mute-toggle"]');
    await muted.page.waitForSelector('[data-testid="mute-toggle"][data-muted="true"]');
    // Sign out and in again in the same browser: the choice is remembered.
    await muted.page.click('[data-testid="logout"]');
    await logIn(muted.page, hub.baseUrl, 'operator', DEMO_PASSWORD);
    await muted.page.waitForSelector('[data-testid="mute-toggle"][data-muted="true"]');
    await muted.page.waitForSelector('[data-testid="connection-state"][data-status="connected"]');
    const mutedBefore = await probe(muted.page, 'soundCount');
    const loudBefore = await probe(loud.page, 'soundCount');

    // A flame is high, not critical: no alarm until its SLA (3 s here) runs out.
    const deviceId = await publishEvent(mqtt, hub, { ...daLatPlace(), type: 'fire.flame' });
    const incident = await incidentFrom(deviceId);
    expect(incident).toMatchObject({ severity: 'high', escalated: false });
    await muted.page.waitForSelector(row(incident.id));
    for (const { page } of [muted, loud]) {
      await page.waitForSelector(`${row(incident.id)}[data-alarm="escalated"]`, {
        timeout: 15_000,
      });
      await page.waitForSelector(
        `[data-testid="alarm-pulse"][data-incident-id="${incident.id}"][data-reason="escalated"]`,
        { state: 'attached' },
      );
    }
    await expectEventually(async () =>
      expect(await probe(loud.page, 'soundCount')).toBeGreaterThan(loudBefore),
    );
    expect(await probe(muted.page, 'soundCount')).toBe(mutedBefore);
    await settledScreenshot(muted.page, 'console-alarm-escalated-muted');

    // Acknowledged from the dispatcher's console: both stop flashing.
    await loud.page.click(row(incident.id));
    await loud.page.click('[data-testid="action-acknowledge"]');
    for (const { page } of [muted, loud])
      await page.waitForSelector(`${row(incident.id)}[data-alarm=""]`);
  });
});
