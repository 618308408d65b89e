import type { Browser } from 'playwright-core';
import type { MqttClient } from 'mqtt';
import { topics, type IncidentDetail, type IncidentList } from '@ioc/shared';
import { launchChromium } from '../support/browser';
import { connectMqtt } from '../support/clients';
import {
  daLatPlace,
  openConsole,
  openIncidentPanel,
  publishEvent,
  settledScreenshot,
  type ConsolePage,
} from '../support/console';
import { expectEventually } from '../support/eventually';
import { HubProcess } from '../support/hub-process';
import { TINY_PNG } from '../support/images';

const LIGHTBOX = '[data-testid="lightbox"]';

describe('camera frames on the incident panel (built hub, Chromium)', () => {
  let hub: HubProcess;
  let browser: Browser;
  let device: MqttClient;
  let operator: ConsolePage;
  let incidentId: string;
  let frameIds: string[];
  let deviceId: string;
  let firstEventId: string;

  beforeAll(async () => {
    hub = await HubProcess.start('ui-console-snapshots', {
      broker: 'embedded',
      database: 'sqlite',
    });
    device = await connectMqtt(hub.mqttUrl);
    const place = daLatPlace();
    deviceId = `ui-cam-${process.pid}`;
    for (let n = 0; n < 3; n++) {
      await publishEvent(device, hub, { ...place, deviceId, type: 'fire.smoke' });
    }
    const token = await hub.login('operator');
    const detail = await expectEventually(async () => {
      const { items } = await hub.get<IncidentList>('/api/incidents?category=fire', token);
      const found = items.find((i) => i.sources.includes(deviceId));
      if (!found) throw new Error('no incident yet');
      const full = await hub.get<IncidentDetail>(`/api/incidents/${found.id}`, token);
      expect(full.events).toHaveLength(3);
      return full;
    });
    incidentId = detail.id;
    firstEventId = detail.events[0]!.eventId;
    // One frame per event, the event first (the hub refuses a frame of an unknown event).
    for (const event of detail.events)
      await device.publishAsync(topics.snapshot(deviceId, event.eventId, hub.topicRoot), TINY_PNG, {
        qos: 1,
      });
    frameIds = await expectEventually(async () => {
      const full = await hub.get<IncidentDetail>(`/api/incidents/${incidentId}`, token);
      const ids = full.events.flatMap((e) => (e.snapshots ?? []).map((s) => s.id));
      expect(ids).toHaveLength(3);
      return ids;
    });
    browser = await launchChromium();
    operator = await openConsole(browser, hub, 'operator');
  }, 120_000);

  afterAll(async () => {
    await device?.endAsync();
    await operator?.context.close();
    await browser?.close();
    await hub?.dispose();
  });

  it('shows the newest frame on the panel and a thumbnail per event, loaded with the token', async () => {
    const { page } = operator;
    await openIncidentPanel(page, incidentId);
    const latest = page.locator('[data-testid="snapshot-latest"] img');
    await expectEventually(async () => {
      expect(await page.locator('[data-testid="snapshot-thumb"]').count()).toBe(3);
      expect(await latest.getAttribute('data-snapshot-id')).toBe(frameIds.at(-1));
      // Drawn from a blob URL fetched with the bearer token, and decoded.
      expect(await latest.getAttribute('src')).toMatch(/^blob:/);
      expect(await latest.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(1);
    });
    // The same URL without the token (what an <img src> would send) is refused.
    const status = await page.evaluate(
      async (url) => (await fetch(url, { credentials: 'omit' })).status,
      `/api/snapshots/${frameIds[0]}`,
    );
    expect(status).toBe(401);
    expect(operator.errors).toEqual([]);
  });

  it('enlarges a frame, steps through the frames with the arrow keys, closes with Escape', async () => {
    const { page } = operator;
    await page.click('[data-testid="snapshot-latest"]');
    const lightbox = page.locator(LIGHTBOX);
    await expectEventually(async () => {
      expect(await lightbox.isVisible()).toBe(true);
      expect(await lightbox.getAttribute('data-index')).toBe('2');
    });
    const shown = async (): Promise<string | null> =>
      lightbox.locator('img').getAttribute('data-snapshot-id');
    expect(await shown()).toBe(frameIds[2]);
    expect(await page.locator('[data-testid="lightbox-caption"]').textContent()).toContain(
      'Frame 3 of 3',
    );
    await page.keyboard.press('ArrowLeft');
    expect(await shown()).toBe(frameIds[1]);
    await page.keyboard.press('ArrowLeft');
    expect(await shown()).toBe(frameIds[0]);
    // The oldest is the first: no further step.
    await page.keyboard.press('ArrowLeft');
    expect(await shown()).toBe(frameIds[0]);
    await page.keyboard.press('ArrowRight');
    expect(await shown()).toBe(frameIds[1]);
    await expectEventually(async () =>
      expect(
        await lightbox.locator('img').evaluate((img: HTMLImageElement) => img.naturalWidth),
      ).toBe(1),
    );
    await settledScreenshot(page, 'console-snapshots-lightbox');
    await page.keyboard.press('Escape');
    await expectEventually(async () => expect(await lightbox.isVisible()).toBe(false));
    // Escape closed the lightbox only: the panel stays.
    expect(
      await page
        .locator(`[data-testid="incident-panel"][data-incident-id="${incidentId}"]`)
        .isVisible(),
    ).toBe(true);
    // A thumbnail opens its own frame.
    await page.locator('[data-testid="snapshot-thumb"]').first().click();
    await expectEventually(async () => expect(await shown()).toBe(frameIds[0]));
    await page.keyboard.press('Escape');
  });

  it('shows a frame that arrives while the panel is open, without a reload (live frames)', async () => {
    const { page } = operator;
    await openIncidentPanel(page, incidentId);
    const latest = page.locator('[data-testid="snapshot-latest"] img');
    await expectEventually(async () =>
      expect(await latest.getAttribute('data-snapshot-id')).toBe(frameIds.at(-1)),
    );
    // A second frame of the first event (other bytes, so another image): the hub pushes
    // `snapshot`, and the open panel re-reads the incident's frames.
    const later = Buffer.concat([TINY_PNG, Buffer.from('later frame')]);
    await device.publishAsync(topics.snapshot(deviceId, firstEventId, hub.topicRoot), later, {
      qos: 1,
    });
    const token = await hub.login('operator');
    const newest = await expectEventually(async () => {
      const full = await hub.get<IncidentDetail>(`/api/incidents/${incidentId}`, token);
      const ids = full.events.flatMap((e) => (e.snapshots ?? []).map((s) => s.id));
      const added = ids.find((id) => !frameIds.includes(id));
      if (!added) throw new Error('the new frame is not stored yet');
      return added;
    });
    await expectEventually(async () => {
      expect(await latest.getAttribute('data-snapshot-id')).toBe(newest);
      expect(await page.locator('[data-testid="snapshot-thumb"]').count()).toBe(4);
    });
    expect(operator.errors).toEqual([]);
  });
});
