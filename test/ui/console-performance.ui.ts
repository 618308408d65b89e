import { writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { MqttClient } from 'mqtt';
import { haversineM, topics, type DeviceKind, type IncidentList, type Severity } from '@ioc/shared';
import { launchChromium } from '../support/browser';
import { connectMqtt } from '../support/clients';
import { probe, settledScreenshot } from '../support/console';
import { expectEventually } from '../support/eventually';
import { ARTIFACTS, DEMO_PASSWORD, HubProcess } from '../support/hub-process';

/*
 * Console performance check (docs/contract.md §11): 10,000 devices, 1,000 open incidents,
 * 100 incident updates per second. It records figures (time to first render, frame times
 * while updates stream in, while panning and while zooming) into
 * test/artifacts/console-performance.json; it asserts that the console shows everything,
 * never how fast: times on a shared 2-core machine are figures, not pass/fail criteria.
 */
const DEVICES = 10_000;
const INCIDENTS = 1_000;
const UPDATES_PER_SECOND = 100;
const SAMPLE_MS = 6_000;

/** Sites the fleet spreads over (zone, centre, spread in degrees). */
const SITES: [string, number, number, number][] = [
  ['langbiang', 12.047, 108.44, 0.012],
  ['lac-duong', 12.0, 108.425, 0.006],
  ['da-thien', 11.978, 108.452, 0.005],
  ['center', 11.944, 108.437, 0.008],
  ['xuan-huong', 11.9404, 108.4373, 0.005],
  ['cam-ly', 11.948, 108.42, 0.006],
  ['trai-mat', 11.945, 108.49, 0.008],
  ['robin', 11.927, 108.44, 0.004],
  ['mimosa', 11.905, 108.457, 0.008],
  ['prenn', 11.88, 108.47, 0.01],
  ['tuyen-lam', 11.89, 108.42, 0.012],
  ['ta-nung', 11.905, 108.36, 0.012],
];

/** A deterministic pseudo-random sequence, so every run places the same fleet. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

interface FrameFigures {
  frames: number;
  fps: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  over50ms: number;
  longTasks: number;
  longTaskMs: number;
}

/** The sampling window: polls the page clock until `ms` have passed (a measurement, not a wait for a state). */
async function sampleWindow(page: Page, ms: number): Promise<void> {
  const end = await page.evaluate((span) => performance.now() + span, ms);
  await page.waitForFunction((until) => performance.now() >= until, end, {
    timeout: ms + 30_000,
    polling: 100,
  });
}

const mapIdle = (page: Page): Promise<unknown> =>
  page.waitForFunction(
    () =>
      (window as unknown as { __iocConsole: { mapIdle(): number } }).__iocConsole.mapIdle() === 1,
  );

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** Main-thread time (s) by kind, from Chromium's Performance domain, over one sample. */
interface ThreadFigures {
  scriptS: number;
  layoutS: number;
  styleS: number;
  taskS: number;
}

/** Records frames (rAF intervals, long tasks) and main-thread time while `during` runs. */
async function measureFrames(
  page: Page,
  during: () => Promise<void>,
): Promise<FrameFigures & { mainThread: ThreadFigures }> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const read = async (): Promise<Map<string, number>> =>
    new Map((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
  const before = await read();
  const frames = await measureFrameIntervals(page, during);
  const after = await read();
  const spent = (name: string): number =>
    Math.round(((after.get(name) ?? 0) - (before.get(name) ?? 0)) * 100) / 100;
  await cdp.detach();
  return {
    ...frames,
    mainThread: {
      scriptS: spent('ScriptDuration'),
      layoutS: spent('LayoutDuration'),
      styleS: spent('RecalcStyleDuration'),
      taskS: spent('TaskDuration'),
    },
  };
}

/** Records rAF intervals and long tasks in the page while `during` runs. */
async function measureFrameIntervals(
  page: Page,
  during: () => Promise<void>,
): Promise<FrameFigures> {
  await page.evaluate(() => {
    const w = window as unknown as {
      __perf: { frames: number[]; long: number[]; stop: boolean; observer?: PerformanceObserver };
    };
    w.__perf = { frames: [], long: [], stop: false };
    const observer = new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) w.__perf.long.push(entry.duration);
    });
    observer.observe({ type: 'longtask' });
    w.__perf.observer = observer;
    let last = performance.now();
    const tick = (now: number): void => {
      w.__perf.frames.push(now - last);
      last = now;
      if (!w.__perf.stop) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  const started = Date.now();
  await during();
  const elapsed = Date.now() - started;
  const { frames, long } = await page.evaluate(() => {
    const w = window as unknown as {
      __perf: { frames: number[]; long: number[]; stop: boolean; observer?: PerformanceObserver };
    };
    w.__perf.stop = true;
    w.__perf.observer?.disconnect();
    return { frames: w.__perf.frames.slice(1), long: w.__perf.long };
  });
  const sorted = [...frames].sort((a, b) => a - b);
  const round = (n: number): number => Math.round(n * 10) / 10;
  return {
    frames: frames.length,
    fps: round((frames.length / elapsed) * 1000),
    p50: round(percentile(sorted, 50)),
    p95: round(percentile(sorted, 95)),
    p99: round(percentile(sorted, 99)),
    max: round(sorted.at(-1) ?? 0),
    over50ms: frames.filter((f) => f > 50).length,
    longTasks: long.length,
    longTaskMs: round(long.reduce((a, b) => a + b, 0)),
  };
}

describe('console performance: 10,000 devices, 1,000 incidents, 100 updates/s (figures only)', () => {
  let hub: HubProcess;
  let browser: Browser;
  let mqtt: MqttClient;
  const deviceIds: string[] = [];
  const incidentPlaces: { deviceId: string; lat: number; lon: number }[] = [];

  beforeAll(async () => {
    hub = await HubProcess.start('ui-console-performance', {
      broker: 'embedded',
      database: 'sqlite',
    });
    browser = await launchChromium();
    mqtt = await connectMqtt(hub.mqttUrl);
    const next = random(20261124);
    const births: Promise<unknown>[] = [];
    for (let i = 0; i < DEVICES; i++) {
      const [zone, lat, lon, spread] = SITES[i % SITES.length]!;
      const kind: DeviceKind = i % 10 < 3 ? 'camera' : i % 10 < 9 ? 'sensor' : 'gateway';
      const id = `perf-${kind}-${i}`;
      deviceIds.push(id);
      births.push(
        mqtt.publishAsync(
          topics.birth(id, hub.topicRoot),
          JSON.stringify({
            kind,
            name: `${zone} ${kind} ${i}`,
            location: {
              lat: lat + (next() - 0.5) * 2 * spread,
              lon: lon + (next() - 0.5) * 2 * spread,
            },
            zone,
            capabilities:
              kind === 'camera'
                ? ['urban.crowd', `bearing:${Math.floor(next() * 360)}`]
                : kind === 'sensor'
                  ? ['pm25', 'temperature']
                  : [],
          }),
          { qos: 0, retain: false },
        ),
      );
      // Most devices are up; one in twenty has dropped off (the ring of its bubble shows it).
      births.push(
        mqtt.publishAsync(topics.status(id, hub.topicRoot), i % 20 === 0 ? 'offline' : 'online', {
          qos: 0,
        }),
      );
      if (births.length >= 1000) await Promise.all(births.splice(0));
    }
    await Promise.all(births);
    // 1,000 incidents around the sites, each at least 150 m from every other (urban radius
    // is 100 m: none merge).
    const places: { lat: number; lon: number }[] = [];
    while (places.length < INCIDENTS) {
      const [, lat, lon, spread] = SITES[Math.floor(next() * SITES.length)]!;
      const candidate = {
        lat: lat + (next() - 0.5) * 3 * spread,
        lon: lon + (next() - 0.5) * 3 * spread,
      };
      if (places.every((p) => haversineM(p, candidate) >= 150)) places.push(candidate);
    }
    const severities: Severity[] = [
      'info',
      'low',
      'low',
      'medium',
      'medium',
      'medium',
      'high',
      'high',
      'low',
      'info',
    ];
    const events: Promise<unknown>[] = [];
    for (let i = 0; i < INCIDENTS; i++) {
      const { lat, lon } = places[i]!;
      const deviceId = deviceIds[i * 7]!;
      incidentPlaces.push({ deviceId, lat, lon });
      const severity = i % 50 === 0 ? 'critical' : severities[i % severities.length]!;
      events.push(
        mqtt.publishAsync(
          topics.events(deviceId, hub.topicRoot),
          JSON.stringify({
            id: `perf-open-${i}`,
            ts: new Date().toISOString(),
            type: 'urban.crowd',
            severity,
            location: { lat, lon },
          }),
          { qos: 1 },
        ),
      );
      if (events.length >= 200) await Promise.all(events.splice(0));
    }
    await Promise.all(events);
    const token = await hub.login('operator');
    await expectEventually(
      async () => {
        const devices = await hub.get<unknown[]>('/api/devices', token);
        expect(devices.length).toBeGreaterThanOrEqual(DEVICES);
        const { total } = await hub.get<IncidentList>('/api/incidents?status=open&limit=1', token);
        expect(total).toBeGreaterThanOrEqual(INCIDENTS);
      },
      120_000,
      500,
    );
  }, 300_000);

  afterAll(async () => {
    await mqtt?.endAsync();
    await browser?.close();
    await hub?.dispose();
  });

  it('records time to first render and frame times', async () => {
    const context = await browser.newContext({
      locale: 'en-US',
      timezoneId: 'Asia/Ho_Chi_Minh',
      viewport: { width: 1920, height: 1080 },
    });
    const page = await context.newPage();
    await page.goto(`${hub.baseUrl}/`);
    await page.fill('input[name="username"]', 'operator');
    await page.fill('input[name="password"]', DEMO_PASSWORD);
    // Time from the sign-in click to the first paint that shows every device and incident.
    const rendered = page.evaluate(
      ([devices, incidents]) =>
        new Promise<number>((resolve) => {
          const started = performance.now();
          const hook = ():
            | {
                deviceMarkerCount(): number;
                incidentMarkerCount(): number;
                paintStats(): { devicePaints: number; incidentPaints: number };
              }
            | undefined => (window as unknown as { __iocConsole?: never }).__iocConsole;
          let paintsAtCount: { devicePaints: number; incidentPaints: number } | null = null;
          const check = (): void => {
            const probe = hook();
            if (
              probe &&
              probe.deviceMarkerCount() >= devices! &&
              probe.incidentMarkerCount() >= incidents!
            ) {
              const stats = probe.paintStats();
              if (!paintsAtCount) paintsAtCount = stats;
              else if (
                stats.devicePaints > paintsAtCount.devicePaints ||
                stats.incidentPaints > paintsAtCount.incidentPaints
              ) {
                resolve(performance.now() - started);
                return;
              }
            }
            requestAnimationFrame(check);
          };
          document.querySelector<HTMLButtonElement>('[data-testid="login-submit"]')?.click();
          requestAnimationFrame(check);
        }),
      [DEVICES, INCIDENTS],
    );
    const timeToFirstRenderMs = Math.round(await rendered);
    await page.waitForSelector('[data-testid="connection-state"][data-status="connected"]');
    expect(await probe(page, 'deviceMarkerCount')).toBeGreaterThanOrEqual(DEVICES);
    expect(await probe(page, 'incidentMarkerCount')).toBeGreaterThanOrEqual(INCIDENTS);
    await settledScreenshot(page, 'console-performance-overview');
    // The cost of one full paint of each canvas at the overview (everything in view, grouped).
    const overviewPaint = await page.evaluate(() =>
      (window as unknown as { __iocConsole: { paintStats(): unknown } }).__iocConsole.paintStats(),
    );

    // 100 incident updates per second: a new event joins one of the incidents.
    let updates = 0;
    const updater = setInterval(() => {
      for (let k = 0; k < UPDATES_PER_SECOND / 10; k++) {
        const place = incidentPlaces[updates % incidentPlaces.length]!;
        updates++;
        void mqtt
          .publishAsync(
            topics.events(place.deviceId, hub.topicRoot),
            JSON.stringify({
              id: `perf-upd-${updates}`,
              ts: new Date().toISOString(),
              type: 'urban.crowd',
              location: { lat: place.lat, lon: place.lon },
            }),
            { qos: 0 },
          )
          .catch(() => undefined);
      }
    }, 100);
    const seqBefore = await probe(page, 'lastSeq');
    try {
      const idle = await measureFrames(page, () => sampleWindow(page, SAMPLE_MS));
      const box = (await page.$('[data-testid="map"]'))!;
      const area = (await box.boundingBox())!;
      const cx = area.x + area.width / 2;
      const cy = area.y + area.height / 2;
      const panning = await measureFrames(page, async () => {
        const until = Date.now() + SAMPLE_MS;
        let direction = 1;
        while (Date.now() < until) {
          await page.mouse.move(cx - 200 * direction, cy);
          await page.mouse.down();
          for (let step = 1; step <= 20; step++)
            await page.mouse.move(cx - 200 * direction + 20 * step * direction, cy + 4 * step, {
              steps: 1,
            });
          await page.mouse.up();
          direction = -direction;
        }
      });
      const zooming = await measureFrames(page, async () => {
        const until = Date.now() + SAMPLE_MS;
        let direction = -1;
        await page.mouse.move(cx, cy);
        while (Date.now() < until) {
          for (let step = 0; step < 4; step++) {
            await page.mouse.wheel(0, 120 * direction);
            await mapIdle(page);
          }
          direction = -direction;
        }
      });
      await mapIdle(page);
      const paint = await page.evaluate(() =>
        (
          window as unknown as { __iocConsole: { paintStats(): unknown } }
        ).__iocConsole.paintStats(),
      );
      const memory = await page.evaluate(
        () =>
          (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory
            ?.usedJSHeapSize ?? 0,
      );
      const seqAfter = await probe(page, 'lastSeq');
      const version = browser.version();
      const figures = {
        at: new Date().toISOString(),
        machine: {
          cpus: cpus().length,
          cpu: cpus()[0]?.model ?? '?',
          memoryGiB: Math.round(totalmem() / 2 ** 30),
          node: process.version,
          chromium: version,
        },
        load: {
          devices: DEVICES,
          incidents: INCIDENTS,
          updatesPerSecond: UPDATES_PER_SECOND,
          updatesSent: updates,
          incidentChangesReceived: seqAfter - seqBefore,
        },
        viewport: '1920×1080',
        timeToFirstRenderMs,
        frames: { idleWithUpdates: idle, panningWithUpdates: panning, zoomingWithUpdates: zooming },
        paintAtOverview: overviewPaint,
        paintAtEnd: paint,
        jsHeapMiB: Math.round(memory / 2 ** 20),
      };
      writeFileSync(
        join(ARTIFACTS, 'console-performance.json'),
        `${JSON.stringify(figures, null, 2)}\n`,
      );
      console.log(JSON.stringify(figures, null, 2));
      expect(seqAfter).toBeGreaterThan(seqBefore);
    } finally {
      clearInterval(updater);
    }
    await settledScreenshot(page, 'console-performance-after');
    await context.close();
  }, 300_000);
});
