import type { Browser } from 'playwright-core';
import type { MqttClient } from 'mqtt';
import type { Incident, IncidentList } from '@ioc/shared';
import { call } from '../support/api';
import { launchChromium, screenshot } from '../support/browser';
import { connectMqtt } from '../support/clients';
import {
  daLatPlace,
  openConsole,
  openIncidentPanel,
  probe,
  publishEvent,
  row,
} from '../support/console';
import { expectEventually } from '../support/eventually';
import { HubProcess } from '../support/hub-process';

// The replay (docs/contract.md §7 `GET /api/situation`): from an incident's panel the
// console jumps to its start, plays the recorded scenario forward, read-only and marked as
// a replay, leaves live pushes out, and comes back to live in one click.

describe('the console replays a recorded scenario and returns to live (built hub, Chromium)', () => {
  let browser: Browser;
  let hub: HubProcess;
  let mqtt: MqttClient;

  beforeAll(async () => {
    browser = await launchChromium();
    hub = await HubProcess.start('ui-console-replay', { broker: 'embedded', database: 'sqlite' });
    mqtt = await connectMqtt(hub.mqttUrl);
  });

  afterAll(async () => {
    await mqtt?.endAsync();
    await hub?.dispose();
    await browser?.close();
  });

  const incidentFrom = async (token: string, deviceId: string): Promise<Incident> =>
    expectEventually(async () => {
      const { items } = await hub.get<IncidentList>('/api/incidents?limit=5000', token);
      const found = items.find((i) => i.sources.includes(deviceId));
      if (!found) throw new Error(`no incident from ${deviceId} yet`);
      return found;
    });

  it('plays from an incident start, read-only, then back to live with what came meanwhile', async () => {
    const token = await hub.login('dispatcher');
    const { page, errors } = await openConsole(browser, hub, 'dispatcher');
    // The scenario: A opens and is acknowledged, then B opens.
    const a = await incidentFrom(token, await publishEvent(mqtt, hub, daLatPlace()));
    const ack = await call<Incident>(hub, 'POST', `/api/incidents/${a.id}/acknowledge`, token, {
      version: a.version,
    });
    expect(ack.status).toBe(200);
    const b = await incidentFrom(token, await publishEvent(mqtt, hub, daLatPlace()));
    await page.waitForSelector(row(b.id));

    await openIncidentPanel(page, a.id);
    expect(await page.isVisible('[data-testid="panel-actions"]')).toBe(true);
    await page.click('[data-testid="panel-replay-from-start"]');

    // At A's start, before its first push: neither incident yet, marked as a replay.
    await page.waitForSelector('[data-testid="replay-banner"]:not([hidden])');
    expect(await page.textContent('[data-testid="replay-banner"]')).toMatch(/^REPLAY — /);
    await expectEventually(async () => expect(await probe(page, 'incidentCount')).toBe(0));
    expect(await page.isVisible('[data-testid="panel-actions"]')).toBe(false);
    expect(await page.isVisible('[data-testid="note-input"]')).toBe(false);
    expect(await page.isVisible('[data-testid="replay-open"]')).toBe(false);

    // A live change meanwhile is not shown in the replay (the hub lists it, so it was pushed).
    const c = await incidentFrom(token, await publishEvent(mqtt, hub, daLatPlace()));
    expect(await probe(page, 'incidentCount')).toBe(0);
    expect(await page.isVisible(row(c.id))).toBe(false);

    await page.selectOption('[data-testid="replay-speed"]', '10');
    await page.click('[data-testid="replay-play"]');
    await page.waitForSelector(row(a.id), { timeout: 30_000 });
    await page.waitForSelector(row(b.id), { timeout: 30_000 });
    const replayedAt = Date.parse(
      (await page.getAttribute('[data-testid="replay-banner"]', 'data-at')) ?? '',
    );
    expect(replayedAt).toBeGreaterThan(Date.parse(a.firstSeen));
    await screenshot(page, 'console-replay');

    // One click back to live: the banner goes, actions return, and C is there.
    await page.click('[data-testid="replay-live"]');
    await page.waitForSelector('[data-testid="replay-banner"]', { state: 'hidden' });
    await page.waitForSelector(row(c.id));
    await page.waitForSelector(row(a.id));
    await expectEventually(async () => expect(await probe(page, 'incidentCount')).toBe(3));
    await openIncidentPanel(page, a.id);
    expect(await page.isVisible('[data-testid="panel-actions"]')).toBe(true);
    expect(await page.isVisible('[data-testid="replay-open"]')).toBe(true);
    expect(errors).toEqual([]);
  });
});
