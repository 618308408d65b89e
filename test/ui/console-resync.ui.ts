import type { Browser } from 'playwright-core';
import type { MqttClient } from 'mqtt';
import type { IncidentList } from '@ioc/shared';
import { launchChromium } from '../support/browser';
import { connectMqtt } from '../support/clients';
import {
  openConsole,
  probe,
  publishEvent,
  type ConsolePage,
  settledScreenshot,
} from '../support/console';
import { expectEventually } from '../support/eventually';
import { HubProcess, type HubOptions } from '../support/hub-process';

/**
 * Publishes a new incident (a littering report at a fresh place, 300 m apart) every
 * `everyMs` until stopped; remembers which devices it used.
 */
class IncidentStream {
  readonly devices: string[] = [];
  private timer: ReturnType<typeof setInterval> | null = null;
  private failures = 0;
  private n = 0;

  constructor(
    private readonly mqtt: MqttClient,
    private readonly hub: HubProcess,
  ) {}

  start(everyMs: number): void {
    this.timer = setInterval(() => void this.publishOne(), everyMs);
  }

  async publishOne(): Promise<void> {
    const i = this.n++;
    const place = { lat: 11.9 + (i % 20) * 0.003, lon: 108.41 + Math.floor(i / 20) * 0.003 };
    try {
      this.devices.push(
        await publishEvent(this.mqtt, this.hub, { ...place, type: 'urban.littering' }),
      );
    } catch {
      this.failures++;
    }
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}

async function incidentIdsFrom(
  hub: HubProcess,
  token: string,
  devices: readonly string[],
): Promise<string[]> {
  const { items } = await hub.get<IncidentList>('/api/incidents?category=urban&limit=5000', token);
  const wanted = new Set(devices);
  return items.filter((i) => i.sources.some((s) => wanted.has(s))).map((i) => i.id);
}

/** Every incident the hub has for these devices has its row in the console, and the counts agree. */
async function expectAllShown(
  page: ConsolePage['page'],
  hub: HubProcess,
  token: string,
  devices: readonly string[],
): Promise<number> {
  return expectEventually(
    async () => {
      const ids = await incidentIdsFrom(hub, token, devices);
      expect(ids).toHaveLength(devices.length);
      const shown = await page.$$eval('[data-testid="incident-row"]', (rows) =>
        rows.map((r) => (r as HTMLElement).dataset.incidentId),
      );
      expect(ids.filter((id) => !shown.includes(id))).toEqual([]);
      expect(await probe(page, 'incidentCount')).toBe(ids.length);
      return ids.length;
    },
    30_000,
    200,
  );
}

describe('never miss an update: the console resyncs after losing its link (built hub, Chromium)', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
  });

  describe('the browser goes offline while incidents keep coming (embedded broker)', () => {
    let hub: HubProcess;
    let mqtt: MqttClient;

    beforeAll(async () => {
      hub = await HubProcess.start('ui-console-offline', {
        broker: 'embedded',
        database: 'sqlite',
      });
      mqtt = await connectMqtt(hub.mqttUrl);
    });

    afterAll(async () => {
      await mqtt?.endAsync();
      await hub?.dispose();
    });

    it('shows "connection lost — data as of …", then every incident it missed, without a reload', async () => {
      const token = await hub.login('operator');
      const operator = await openConsole(browser, hub, 'operator');
      const { page, context } = operator;
      const stream = new IncidentStream(mqtt, hub);
      stream.start(150);
      try {
        await expectEventually(async () =>
          expect(await probe(page, 'incidentCount')).toBeGreaterThanOrEqual(3),
        );
        await context.setOffline(true);
        const banner = await page.waitForSelector('[data-testid="connection-banner"]:visible', {
          timeout: 10_000,
        });
        expect(await banner.textContent()).toMatch(/^Connection lost — data as of \d\d:\d\d$/);
        const seenOffline = await probe(page, 'incidentCount');
        // While the console is cut off, the hub keeps opening incidents.
        await expectEventually(
          async () => {
            const ids = await incidentIdsFrom(hub, token, stream.devices);
            expect(ids.length).toBeGreaterThanOrEqual(seenOffline + 10);
          },
          20_000,
          200,
        );
        expect(await probe(page, 'incidentCount')).toBe(seenOffline);
        await settledScreenshot(page, 'console-offline-banner');
        await context.setOffline(false);
        await page.waitForSelector('[data-testid="connection-banner"]', {
          state: 'hidden',
          timeout: 20_000,
        });
      } finally {
        stream.stop();
      }
      const total = await expectAllShown(page, hub, token, stream.devices);
      expect(total).toBeGreaterThan(10);
      await settledScreenshot(page, 'console-offline-resynced');
      expect(operator.errors).toEqual([]);
      await context.close();
    });
  });

  describe("the hub restarts while incidents keep coming (Mosquitto keeps the hub's session)", () => {
    let hub: HubProcess;
    let mqtt: MqttClient;
    const options: HubOptions = { broker: 'mosquitto', database: 'sqlite' };

    beforeAll(async () => {
      hub = await HubProcess.start('ui-console-restart', options);
      mqtt = await connectMqtt(hub.mqttUrl);
    });

    afterAll(async () => {
      await mqtt?.endAsync();
      await hub?.dispose();
    });

    it('shows the banner while the hub is down, then every incident, including those published meanwhile', async () => {
      const operator = await openConsole(browser, hub, 'operator');
      const { page, context } = operator;
      const stream = new IncidentStream(mqtt, hub);
      stream.start(150);
      try {
        await expectEventually(async () =>
          expect(await probe(page, 'incidentCount')).toBeGreaterThanOrEqual(3),
        );
        await hub.stop();
        await page.waitForSelector('[data-testid="connection-banner"]:visible', {
          timeout: 15_000,
        });
        const publishedBeforeDown = stream.devices.length;
        // Mosquitto queues these for the hub's persistent session.
        await expectEventually(
          () => expect(stream.devices.length).toBeGreaterThanOrEqual(publishedBeforeDown + 10),
          10_000,
        );
        await settledScreenshot(page, 'console-hub-down-banner');
        await hub.restart();
        await page.waitForSelector('[data-testid="connection-banner"]', {
          state: 'hidden',
          timeout: 30_000,
        });
        // Keep the stream going a little after the restart, then stop it.
        const afterRestart = stream.devices.length;
        await expectEventually(
          () => expect(stream.devices.length).toBeGreaterThanOrEqual(afterRestart + 5),
          10_000,
        );
      } finally {
        stream.stop();
      }
      const token = await hub.login('operator');
      const total = await expectAllShown(page, hub, token, stream.devices);
      expect(total).toBeGreaterThan(15);
      // Still signed in: the console never went back to the login form.
      expect(await page.$$('[data-testid="login"]')).toHaveLength(0);
      await settledScreenshot(page, 'console-hub-restarted');
      expect(operator.errors).toEqual([]);
      await context.close();
    });
  });
});
