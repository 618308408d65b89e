import type { Browser, Page } from 'playwright-core';
import type { IncidentList } from '@ioc/shared';
import { launchChromium } from '../support/browser';
import {
  openConsole,
  openIncidentPanel,
  probe,
  row,
  settledScreenshot,
  type ConsolePage,
} from '../support/console';
import { expectEventually } from '../support/eventually';
import { HubProcess } from '../support/hub-process';
import { BackgroundSimulator } from '../support/simulator-background';
import { runSimulator } from '../support/simulator-process';

const rowIds = (page: Page): Promise<string[]> =>
  page.$$eval('[data-testid="incident-row"]', (rows) =>
    rows.map((r) => (r as HTMLElement).dataset.incidentId ?? ''),
  );

const mapIdle = (page: Page): Promise<unknown> =>
  page.waitForFunction(
    () =>
      (window as unknown as { __iocConsole: { mapIdle(): number } }).__iocConsole.mapIdle() === 1,
  );

describe('the operations map with the simulated Da Lat fleet and a forest fire (built hub, simulator CLI, Chromium)', () => {
  let hub: HubProcess;
  let browser: Browser;
  let operator: ConsolePage;
  let fireId: string;
  let fleet: BackgroundSimulator;

  beforeAll(async () => {
    hub = await HubProcess.start('ui-console-map', { broker: 'embedded', database: 'sqlite' });
    // An hour of the default fleet (37 cameras, 60 sensors) in a few seconds, then the fire;
    // the fleet then keeps running live in the background, as on a real shift.
    await runSimulator([
      'fleet',
      '--url',
      hub.mqttUrl,
      '--duration',
      '4',
      '--speed',
      '60',
      '--event-rate',
      '2',
    ]);
    await runSimulator(['scenario', 'forest-fire', '--url', hub.mqttUrl, '--speed', '0']);
    fleet = BackgroundSimulator.start([
      'fleet',
      '--url',
      hub.mqttUrl,
      '--duration',
      '0',
      '--event-rate',
      '0.5',
    ]);
    const token = await hub.login('operator');
    fireId = await expectEventually(async () => {
      const { items } = await hub.get<IncidentList>('/api/incidents?category=fire', token);
      expect(items).toHaveLength(1);
      return items[0]!.id;
    }, 20_000);
    browser = await launchChromium();
    operator = await openConsole(browser, hub, 'operator');
  }, 180_000);

  afterAll(async () => {
    await fleet?.stop();
    await operator?.context.close();
    await browser?.close();
    await hub?.dispose();
  });

  it('opens on the whole Da Lat area with devices, incidents, units, zones and the legend', async () => {
    const { page } = operator;
    await expectEventually(async () => {
      expect(await probe(page, 'deviceMarkerCount')).toBeGreaterThanOrEqual(97);
      expect(await probe(page, 'incidentMarkerCount')).toBeGreaterThan(0);
      expect(await probe(page, 'unitCount')).toBeGreaterThan(0);
    });
    // Overview zoom: the Langbiang-to-Prenn area fits (about 11.5 on a 1600×900 screen).
    expect(await probe(page, 'mapZoom')).toBeLessThan(13);
    expect(await page.textContent('[data-testid="legend"]')).toContain('Critical');
    await page.waitForSelector(row(fireId));
    // The fire is critical (flames from two cameras and a heat reading): among the first rows.
    const critical = await page.$$eval(
      '[data-testid="incident-row"][data-severity="critical"]',
      (rows) => rows.map((r) => (r as HTMLElement).dataset.incidentId),
    );
    expect(critical).toContain(fireId);
    expect((await rowIds(page)).slice(0, critical.length)).toEqual(critical);
    // The live fleet reports its devices online.
    await expectEventually(
      async () => expect(await page.textContent('[data-testid="kpi-offline"]')).toBe('0'),
      20_000,
    );
    await settledScreenshot(page, 'console-video-wall');
  });

  it('filters the feed and the map by search, severity, category and zone', async () => {
    const { page } = operator;
    const all = (await rowIds(page)).length;
    await page.fill('[data-testid="feed-search"]', 'langbiang');
    await expectEventually(async () => {
      const shown = await page.$$eval('[data-testid="incident-row"] .feed-row__zone', (zones) =>
        zones.map((z) => z.textContent),
      );
      expect(shown.length).toBeGreaterThan(0);
      expect(shown.length).toBeLessThan(all);
      // Zones by their name (ZONES_FILE), not their id.
      expect(new Set(shown)).toEqual(new Set(['Langbiang Mountain']));
    });
    expect(await probe(page, 'incidentMarkerCount')).toBe((await rowIds(page)).length);
    await page.fill('[data-testid="feed-search"]', '');
    await page.click('[data-testid="filter-severity-critical"]');
    await expectEventually(async () => {
      expect(await rowIds(page)).toContain(fireId);
      const severities = await page.$$eval('[data-testid="incident-row"]', (rows) =>
        rows.map((r) => (r as HTMLElement).dataset.severity),
      );
      expect(new Set(severities)).toEqual(new Set(['critical']));
    });
    await page.click('[data-testid="filter-severity-critical"]');
    await page.selectOption('[data-testid="filter-category"]', 'fire');
    await expectEventually(async () => expect(await rowIds(page)).toEqual([fireId]));
    await page.selectOption('[data-testid="filter-category"]', '');
    await page.selectOption('[data-testid="filter-zone"]', '=prenn');
    await expectEventually(async () => {
      const zones = await page.$$eval('[data-testid="incident-row"] .feed-row__zone', (z) =>
        z.map((e) => e.textContent),
      );
      expect(zones.length).toBeGreaterThan(0);
      expect(new Set(zones)).toEqual(new Set(['Prenn Pass']));
    });
    await page.click('[data-testid="filter-reset"]');
    await expectEventually(async () =>
      expect((await rowIds(page)).length).toBeGreaterThanOrEqual(all),
    );
  });

  it('flies to the selected incident and back; the panel explains it with its events, reasons and the sensor readings', async () => {
    const { page } = operator;
    await mapIdle(page);
    const overviewZoom = await probe(page, 'mapZoom');
    await openIncidentPanel(page, fireId);
    await mapIdle(page);
    expect(await probe(page, 'mapZoom')).toBeGreaterThanOrEqual(15);
    // Every event says why it joined; the heat reading is drawn with its threshold.
    const reasons = await page.$$eval('[data-testid="timeline-reason"]', (rs) =>
      rs.map((r) => (r as HTMLElement).dataset.rule),
    );
    expect(reasons[0]).toBe('opened');
    expect(reasons.slice(1).every((rule) => rule === 'joined')).toBe(true);
    await page.waitForSelector(
      '[data-testid="telemetry-chart"][data-metric="temperature"] polyline',
      { state: 'attached' },
    );
    expect(await page.textContent('[data-testid="telemetry-chart"]')).toContain('threshold 50');
    await settledScreenshot(page, 'console-fire-panel');
    await page.keyboard.press('Escape');
    await page.waitForSelector('[data-testid="incident-panel"]', { state: 'hidden' });
    await mapIdle(page);
    expect(await probe(page, 'mapZoom')).toBeCloseTo(overviewZoom, 5);
  });

  it('hides and shows layers, and remembers the choice', async () => {
    const { page } = operator;
    const incidentsCanvas = '.leaflet-ioc-incidents-pane canvas';
    expect(await page.$eval(incidentsCanvas, (c) => getComputedStyle(c).display)).not.toBe('none');
    await page.click('[data-testid="layer-toggle-incidents"]');
    await page.click('[data-testid="layer-toggle-units"]');
    expect(await page.$eval(incidentsCanvas, (c) => getComputedStyle(c).display)).toBe('none');
    await page.waitForSelector('[data-testid="unit-marker"]', { state: 'detached' });
    await settledScreenshot(page, 'console-layers-hidden');
    await page.reload();
    await page.fill('input[name="username"]', 'operator');
    await page.fill('input[name="password"]', 'e2e-password');
    await page.click('[data-testid="login-submit"]');
    await page.waitForSelector('[data-testid="map"]');
    expect(await page.isChecked('[data-testid="layer-toggle-incidents"]')).toBe(false);
    await page.click('[data-testid="layer-toggle-incidents"]');
    await page.click('[data-testid="layer-toggle-units"]');
    await page.waitForSelector('[data-testid="unit-marker"]', { state: 'attached' });
    expect(operator.errors).toEqual([]);
  });
});
