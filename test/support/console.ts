import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { MqttClient } from 'mqtt';
import { topics, type EventType, type Role, type Severity } from '@ioc/shared';
import { call } from './api';
import { logIn, screenshot } from './browser';
import { DEMO_PASSWORD, type HubProcess } from './hub-process';

/** The numbers the console exposes on `window.__iocConsole` (see client/src/debug-hook.ts). */
export interface ConsoleProbe {
  incidentCount(): number;
  deviceCount(): number;
  lastSeq(): number;
  incidentMarkerCount(): number;
  incidentTargets(): { x: number; y: number; count: number }[];
  deviceMarkerCount(): number;
  unitCount(): number;
  alarmCount(): number;
  soundCount(): number;
  mapIdle(): number;
  mapZoom(): number;
  paintStats(): {
    devicePaints: number;
    deviceMs: number;
    incidentPaints: number;
    incidentMs: number;
  };
}

export type ProbeName = Exclude<keyof ConsoleProbe, 'paintStats' | 'incidentTargets'>;

export interface ConsolePage {
  context: BrowserContext;
  page: Page;
  /** Messages of any alert/confirm/prompt the page opened (an XSS would land here). */
  dialogs: string[];
  /** Uncaught errors in the page. */
  errors: string[];
}

/** A fresh browser context (own storage, own socket) with a console page in it. */
export async function openConsole(
  browser: Browser,
  hub: HubProcess,
  username: string,
  options: {
    locale?: string;
    password?: string;
    viewport?: { width: number; height: number };
  } = {},
): Promise<ConsolePage> {
  const context = await browser.newContext({
    locale: options.locale ?? 'en-US',
    timezoneId: 'Asia/Ho_Chi_Minh',
    viewport: options.viewport ?? { width: 1600, height: 900 },
  });
  const page = await context.newPage();
  const dialogs: string[] = [];
  const errors: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  page.on('pageerror', (error) => errors.push(error.message));
  await logIn(page, hub.baseUrl, username, options.password ?? DEMO_PASSWORD);
  await page.waitForSelector('[data-testid="connection-state"][data-status="connected"]', {
    timeout: 15_000,
  });
  return { context, page, dialogs, errors };
}

export async function probe(page: Page, name: ProbeName): Promise<number> {
  return page.evaluate((key) => {
    const hook = (window as unknown as { __iocConsole: Record<string, () => number> }).__iocConsole;
    return hook[key]!();
  }, name);
}

export const row = (id: string): string => `[data-testid="incident-row"][data-incident-id="${id}"]`;

/** Clicks an incident in the feed and waits for its panel. */
export async function openIncidentPanel(page: Page, id: string): Promise<void> {
  await page.click(row(id));
  await page.waitForSelector(
    `[data-testid="incident-panel"][data-incident-id="${id}"]:not([hidden])`,
  );
}

let sequence = 0;

/** Publishes one event (a new device per call unless one is named) and returns its device id. */
export async function publishEvent(
  mqtt: MqttClient,
  hub: HubProcess,
  options: {
    lat: number;
    lon?: number;
    type?: EventType;
    severity?: Severity;
    deviceId?: string;
    attributes?: Record<string, unknown>;
  },
): Promise<string> {
  const n = ++sequence;
  const deviceId = options.deviceId ?? `ui-dev-${process.pid}-${n}`;
  await mqtt.publishAsync(
    topics.events(deviceId, hub.topicRoot),
    JSON.stringify({
      id: `ui-ev-${process.pid}-${n}`,
      ts: new Date().toISOString(),
      type: options.type ?? 'urban.crowd',
      ...(options.severity ? { severity: options.severity } : {}),
      ...(options.attributes ? { attributes: options.attributes } : {}),
      location: { lat: options.lat, lon: options.lon ?? 108.44 },
    }),
    { qos: 1 },
  );
  return deviceId;
}

/** Adds an account through the admin API (e.g. a second dispatcher). */
export async function createAccount(
  hub: HubProcess,
  username: string,
  role: Role,
  password: string,
): Promise<void> {
  const admin = await hub.login('admin');
  const created = await call(hub, 'POST', '/api/users', admin, { username, password, role });
  if (created.status !== 201)
    throw new Error(`creating ${username}: ${created.status} ${JSON.stringify(created.body)}`);
}

/**
 * Places inside the Da Lat overview, 2.2 km apart (more than any category's radius), so
 * incidents never merge: 8 rows of 7 between Tuyen Lam lake and Lac Duong.
 */
let slot = 0;
export function daLatPlace(): { lat: number; lon: number } {
  const i = slot++ % 56;
  return { lat: 11.88 + (i % 8) * 0.02, lon: 108.37 + Math.floor(i / 8) * 0.02 };
}

/** Waits until the map has stopped moving (no pan, zoom or flight), then saves a screenshot. */
export async function settledScreenshot(page: Page, name: string): Promise<string> {
  await page.waitForFunction(() => {
    const hook = (window as unknown as { __iocConsole: { mapIdle(): number } }).__iocConsole;
    return hook.mapIdle() === 1;
  });
  return screenshot(page, name);
}
