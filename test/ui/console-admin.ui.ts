import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt, { type MqttClient } from 'mqtt';
import type { Browser, Page } from 'playwright-core';
import { apiRoutes, topics, type IncidentList, type RulesStatus } from '@ioc/shared';
import { call, loginAs } from '../support/api';
import { launchChromium, screenshot } from '../support/browser';
import { openConsole, type ConsolePage } from '../support/console';
import { expectEventually } from '../support/eventually';
import { DEMO_PASSWORD, HubProcess, REPO_ROOT } from '../support/hub-process';

/*
 * The admin console (issues 14 and 20) in Chromium, against the built hub with device
 * identity on (no anonymous devices): an admin creates an account (who then signs in) and
 * disables it, provisions a device whose shown credentials connect over MQTT, rotates them
 * (the old password is refused) and retires the device, edits the rules (a bad value is
 * refused with nothing applied, a good one applied), sees refused messages, opens CAP.
 */

const FIRST_RULES = 'categories:\n  fire: { radiusM: 400 }\n';
const BAD_RULES = 'categories:\n  fire: { radiusM: -5 }\n';
const GOOD_RULES = 'categories:\n  fire: { radiusM: 250 }\n';

const FULL = [
  { width: 1366, height: 768, locale: 'vi-VN' },
  { width: 1920, height: 1080, locale: 'en-US' },
] as const;
const LOOK = [
  { width: 1366, height: 768, locale: 'en-US' },
  { width: 1920, height: 1080, locale: 'vi-VN' },
] as const;

type FireRules = { categories: { fire: { radiusM: number } } };

/** Words of a dictionary's values. */
function words(file: string): Set<string> {
  const text = readFileSync(join(REPO_ROOT, file), 'utf8');
  const found = new Set<string>();
  for (const [, value] of text.matchAll(/^\s+'[^']+':\s*(?:\n\s*)?'((?:[^'\\]|\\.)*)',?$/gm))
    for (const word of (value ?? '').replace(/\{\w+\}/g, ' ').match(/\p{L}+/gu) ?? [])
      found.add(word.toLowerCase());
  return found;
}

/** English words of the admin console that the Vietnamese one does not use. */
const ENGLISH = (() => {
  const vietnamese = words('client/src/i18n/admin.vi.ts');
  const english = [...words('client/src/i18n/admin.en.ts')];
  return new Set(english.filter((word) => word.length >= 3 && !vietnamese.has(word)));
})();

/** English words on the admin view, outside what the hub wrote (`lang="en"`) and inputs. */
async function englishOnAdmin(page: Page): Promise<string[]> {
  const text = await page.evaluate(() => {
    const view = document.querySelector('[data-testid="admin-view"]');
    if (!view) return '';
    const copy = view.cloneNode(true) as HTMLElement;
    copy.querySelectorAll('[lang="en"], code, textarea, pre').forEach((hidden) => hidden.remove());
    return copy.textContent ?? '';
  });
  const found = (text.match(/\p{L}+/gu) ?? []).map((word) => word.toLowerCase());
  return [...new Set(found.filter((word) => ENGLISH.has(word)))];
}

let clients = 0;
async function connectDevice(hub: HubProcess, username: string, password: string) {
  const client = await mqtt.connectAsync(hub.mqttUrl, {
    clientId: `ui-admin-${process.pid}-${++clients}`,
    username,
    password,
    reconnectPeriod: 0,
    connectTimeout: 5000,
  });
  client.on('error', () => undefined);
  return client;
}

async function refused(hub: HubProcess, username: string, password: string): Promise<boolean> {
  const client = await connectDevice(hub, username, password).catch(() => null);
  if (!client) return true;
  await client.endAsync(true);
  return false;
}

const tab = (page: Page, name: string) => page.click(`[data-testid="admin-tab-${name}"]`);

describe('the admin console (built hub, device identity on, Chromium)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ioc-ui-admin-'));
  const rulesFile = join(dir, 'rules.yaml');
  let hub: HubProcess;
  let browser: Browser;
  let admin: string;
  const open: ConsolePage[] = [];
  const devices: MqttClient[] = [];

  beforeAll(async () => {
    writeFileSync(rulesFile, FIRST_RULES);
    hub = await HubProcess.start('ui-console-admin', {
      broker: 'embedded',
      database: 'sqlite',
      anonymousDevices: false,
      env: { RULES_FILE: rulesFile },
    });
    admin = await hub.login('admin');
    browser = await launchChromium();
  });

  afterAll(async () => {
    for (const { context } of open) await context.close();
    await Promise.all(devices.map((client) => client.endAsync(true)));
    await browser?.close();
    await hub?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  async function adminConsole(viewport: { width: number; height: number; locale: string }) {
    const opened = await openConsole(browser, hub, 'admin', {
      locale: viewport.locale,
      viewport: { width: viewport.width, height: viewport.height },
    });
    open.push(opened);
    await opened.page.click('[data-testid="open-admin"]');
    await opened.page.waitForSelector('[data-testid="admin-view"]');
    return opened;
  }

  it.each(FULL)(
    'at $width×$height ($locale): accounts, devices, rules, refused messages and CAP',
    async (viewport) => {
      const { page, errors, dialogs } = await adminConsole(viewport);
      const p = `${viewport.locale.slice(0, 2)}${viewport.width}`;
      const name = `admin-${p}`;

      // Accounts: create one, who signs in; disable it, and it no longer can.
      const username = `ops-${p}`;
      await page.fill('[data-testid="admin-input-username"]', username);
      await page.fill('[data-testid="admin-input-password"]', 'a-long-password-1');
      await page.selectOption('[data-testid="admin-input-role"]', 'dispatcher');
      await page.click('[data-testid="admin-user-create"]');
      const userRow = `[data-testid="admin-user-row"][data-username="${username}"]`;
      await page.waitForSelector(`${userRow}[data-disabled="false"]`);
      expect((await loginAs(hub, username, 'a-long-password-1')).status).toBe(200);
      await screenshot(page, `${name}-users`);
      await page.click(`${userRow} [data-testid="admin-user-toggle"]`);
      await page.waitForSelector(`${userRow}[data-disabled="true"]`);
      expect((await loginAs(hub, username, 'a-long-password-1')).status).toBe(401);

      // Devices: provision, connect with the shown credentials, publish.
      await tab(page, 'devices');
      const deviceId = `cam-${p}`;
      await page.fill('[data-testid="admin-input-device-id"]', deviceId);
      await page.fill('[data-testid="admin-input-device-name"]', `<b>Ridge ${p}</b>`);
      await page.selectOption('[data-testid="admin-input-device-kind"]', 'camera');
      await page.fill('[data-testid="admin-input-device-zone"]', 'langbiang');
      await page.fill('[data-testid="admin-input-device-lat"]', '12.047');
      await page.fill(
        '[data-testid="admin-input-device-lon"]',
        String(108.4 + viewport.width / 1e5),
      );
      await page.fill('[data-testid="admin-input-device-capabilities"]', 'fire.smoke, fire.flame');
      await page.click('[data-testid="admin-device-provision"]');
      await page.waitForSelector(`[data-testid="admin-credentials"][data-username="${deviceId}"]`);
      const first = (await page.textContent('[data-testid="admin-credentials-password"]')) ?? '';
      expect(first).toMatch(/^[A-Za-z0-9_-]{32}$/);
      const deviceRow = `[data-testid="admin-device-row"][data-device-id="${deviceId}"]`;
      await page.waitForSelector(`${deviceRow}[data-provisioned="true"]`);
      // A name a person typed is text, never markup.
      expect(await page.$$(`${deviceRow} b`)).toHaveLength(0);
      await screenshot(page, `${name}-device-credentials`);
      const device = await connectDevice(hub, deviceId, first);
      devices.push(device);
      await device.publishAsync(
        topics.events(deviceId, hub.topicRoot),
        JSON.stringify({
          id: `ev-${p}`,
          ts: new Date().toISOString(),
          type: 'fire.smoke',
          location: { lat: 12.047, lon: 108.4 + viewport.width / 1e5 },
        }),
        { qos: 1 },
      );
      await device.publishAsync(topics.events(deviceId, hub.topicRoot), '{not json', { qos: 1 });

      // Rotate: the new password works, the old one is refused.
      await page.click(`${deviceRow} [data-testid="admin-device-rotate"]`);
      await expectEventually(async () => {
        const shown = await page.textContent('[data-testid="admin-credentials-password"]');
        expect(shown).toMatch(/^[A-Za-z0-9_-]{32}$/);
        expect(shown).not.toBe(first);
      });
      const second = (await page.textContent('[data-testid="admin-credentials-password"]')) ?? '';
      await expectEventually(() => expect(device.connected).toBe(false));
      expect(await refused(hub, deviceId, first)).toBe(true);
      expect(await refused(hub, deviceId, second)).toBe(false);

      // Retire: no longer listed, and no password works.
      await page.click(`${deviceRow} [data-testid="admin-device-retire"]`);
      await page.click(`${deviceRow} [data-testid="admin-device-retire"]`);
      await page.waitForSelector(deviceRow, { state: 'detached' });
      expect(await refused(hub, deviceId, second)).toBe(true);

      // A fleet from a CSV file.
      await page.setInputFiles('[data-testid="admin-fleet-file"]', {
        name: 'fleet.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from(
          `id,kind,name,lat,lon,zone,capabilities\nfleet-${p},sensor,Gauge ${p},11.94,108.45,xuan-huong,\nbad id,camera,x,1,1,z,\n`,
        ),
      });
      await page.click('[data-testid="admin-fleet-upload"]');
      await page.waitForSelector(
        `[data-testid="admin-device-row"][data-device-id="fleet-${p}"][data-provisioned="true"]`,
      );
      expect(await page.textContent('[data-testid="admin-fleet-result"]')).toMatch(/1\D+1/);

      // Rules: a bad value is refused and nothing is applied; a good one is.
      await tab(page, 'rules');
      await page.waitForSelector('[data-testid="admin-rules-text"]');
      await page.fill('[data-testid="admin-rules-text"]', BAD_RULES);
      await page.click('[data-testid="admin-rules-apply"]');
      await page.waitForSelector('[data-testid="admin-rules-outcome"][data-outcome="refused"]');
      expect(await page.textContent('[data-testid="admin-rules-refusal"]')).toMatch(
        /categories\.fire\.radiusM/,
      );
      const kept = await call<RulesStatus>(hub, 'GET', apiRoutes.rules(), admin);
      expect((kept.body.rules as FireRules).categories.fire.radiusM).not.toBe(-5);
      expect(readFileSync(rulesFile, 'utf8')).not.toBe(BAD_RULES);
      await screenshot(page, `${name}-rules-refused`);
      await page.fill('[data-testid="admin-rules-text"]', GOOD_RULES);
      await page.click('[data-testid="admin-rules-validate"]');
      await page.waitForSelector('[data-testid="admin-rules-outcome"][data-outcome="valid"]');
      await page.click('[data-testid="admin-rules-apply"]');
      await page.waitForSelector('[data-testid="admin-rules-outcome"][data-outcome="applied"]');
      const applied = await call<RulesStatus>(hub, 'GET', apiRoutes.rules(), admin);
      expect((applied.body.rules as FireRules).categories.fire.radiusM).toBe(250);
      expect(readFileSync(rulesFile, 'utf8')).toBe(GOOD_RULES);
      // The next run starts from the first rules again.
      writeFileSync(rulesFile, FIRST_RULES);

      // Refused messages: the device's broken JSON, with its reason in this language.
      await tab(page, 'rejections');
      await page.waitForSelector('[data-testid="admin-rejection-row"][data-reason="invalid_json"]');
      expect(
        await page.textContent(
          '[data-testid="admin-rejection-row"][data-reason="invalid_json"] td:nth-child(3)',
        ),
      ).toBe(viewport.locale === 'vi-VN' ? 'Không phải JSON hợp lệ' : 'Not valid JSON');
      await screenshot(page, `${name}-rejections`);

      // CAP of the device's incident.
      const incident = await expectEventually(async () => {
        const { items } = await hub.get<IncidentList>('/api/incidents?category=fire', admin);
        const found = items.find((item) => item.sources.includes(deviceId));
        if (!found) throw new Error('no incident yet');
        return found;
      });
      await tab(page, 'cap');
      await page.waitForSelector(
        `[data-testid="admin-cap-incident"] option[value="${incident.id}"]`,
        { state: 'attached' },
      );
      await page.selectOption('[data-testid="admin-cap-incident"]', incident.id);
      await page.click('[data-testid="admin-cap-open"]');
      await expectEventually(async () =>
        expect(await page.textContent('[data-testid="admin-cap-document"]')).toContain(
          `<identifier>`,
        ),
      );
      await screenshot(page, `${name}-cap`);

      await tab(page, 'falseAlarms');
      await page.waitForSelector('[data-testid="admin-false-alarms-slot"]');
      if (viewport.locale === 'vi-VN') {
        for (const each of ['users', 'units', 'devices', 'rules', 'rejections', 'cap']) {
          await tab(page, each);
          expect({ tab: each, english: await englishOnAdmin(page) }).toEqual({
            tab: each,
            english: [],
          });
        }
      }
      expect({ errors, dialogs }).toEqual({ errors: [], dialogs: [] });
    },
  );

  it.each(LOOK)(
    'at $width×$height ($locale) every tab fits and reads in one language',
    async (viewport) => {
      const { page, errors } = await adminConsole(viewport);
      const name = `admin-${viewport.locale.slice(0, 2)}${viewport.width}`;
      for (const each of [
        'users',
        'units',
        'devices',
        'rules',
        'rejections',
        'cap',
        'falseAlarms',
      ]) {
        await tab(page, each);
        // Nothing wider than the window: no horizontal scrolling of the page itself.
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
          viewport.width,
        );
        if (viewport.locale === 'vi-VN')
          expect({ tab: each, english: await englishOnAdmin(page) }).toEqual({
            tab: each,
            english: [],
          });
        await screenshot(page, `${name}-${each}`);
      }
      await page.click('[data-testid="admin-close"]');
      await page.waitForSelector('[data-testid="admin-view"]', { state: 'detached' });
      expect(errors).toEqual([]);
    },
  );

  it("a non-admin who forces the admin console gets the hub's 403, shown as not allowed", async () => {
    const context = await browser.newContext({
      locale: 'en-US',
      viewport: { width: 1366, height: 768 },
    });
    const page = await context.newPage();
    open.push({ context, page, dialogs: [], errors: [] });
    await page.goto(`${hub.baseUrl}/#admin`);
    await page.fill('input[name="username"]', 'operator');
    await page.fill('input[name="password"]', DEMO_PASSWORD);
    await page.click('[data-testid="login-submit"]');
    await page.waitForSelector('[data-testid="admin-view"]');
    expect(await page.isHidden('[data-testid="open-admin"]')).toBe(true);
    await expectEventually(async () =>
      expect(
        await page.textContent('[data-testid="admin-users"] [data-testid="admin-status"]'),
      ).toBe('Not allowed: your role may not do this.'),
    );
    await page.fill('[data-testid="admin-input-username"]', 'sneaky');
    await page.fill('[data-testid="admin-input-password"]', 'a-long-password-1');
    await page.click('[data-testid="admin-user-create"]');
    await expectEventually(async () =>
      expect(
        await page.getAttribute(
          '[data-testid="admin-users"] [data-testid="admin-status"]',
          'data-kind',
        ),
      ).toBe('error'),
    );
    expect((await loginAs(hub, 'sneaky', 'a-long-password-1')).status).toBe(401);
    await screenshot(page, 'admin-operator-forbidden');
  });
});
