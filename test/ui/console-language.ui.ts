import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { EVENT_TYPE_LABELS, type Incident, type IncidentList } from '@ioc/shared';
import { call } from '../support/api';
import { launchChromium } from '../support/browser';
import { openConsole, openIncidentPanel, row, settledScreenshot } from '../support/console';
import { expectEventually } from '../support/eventually';
import { HubProcess, REPO_ROOT } from '../support/hub-process';
import { runSimulator } from '../support/simulator-process';

/*
 * One language at a time (issue 20): over a full scenario — an hour of the simulated fleet,
 * then the forest fire, escalated by the hub, another incident resolved by a person — the
 * Vietnamese console shows no English word outside an allow-list of proper names, and
 * neither language shows a zone by its id.
 * SLA_SCALE=0.01: the fire escalates within a second, so the hub writes its audit entries.
 */

const VIEWPORTS = [
  { width: 1366, height: 768 },
  { width: 1920, height: 1080 },
] as const;

/** Names that are the same in both languages: places, products, accounts, units of measure. */
const ALLOW = new Set(
  [
    'langbiang',
    'prenn',
    'mimosa',
    'robin',
    'datanla',
    'leaflet',
    'openstreetmap',
    'operator',
    'dispatcher',
    'admin',
    'camera',
    'sla',
    'ioc',
    'km',
    'pm',
    'dba',
  ].map((word) => word.toLowerCase()),
);

/** The words of a dictionary file's string values (`'key': 'value'`). */
function dictionaryWords(file: string): Set<string> {
  const text = readFileSync(join(REPO_ROOT, file), 'utf8');
  const words = new Set<string>();
  for (const [, value] of text.matchAll(/^\s+'[^']+': '((?:[^'\\]|\\.)*)',?$/gm))
    for (const word of (value ?? '').replace(/\{\w+\}/g, ' ').match(/\p{L}+/gu) ?? [])
      words.add(word.toLowerCase());
  return words;
}

/**
 * English a Vietnamese screen must not show: the English console's words, the hub's English
 * (type labels, audit and reason texts, attribute keys) and the fleet's English device names;
 * minus words the Vietnamese console itself uses and the allow-list.
 */
function englishVocabulary(): Set<string> {
  const vietnamese = dictionaryWords('client/src/i18n/vi.ts');
  const english = dictionaryWords('client/src/i18n/en.ts');
  const hub = [
    ...Object.values(EVENT_TYPE_LABELS),
    'First event: opened a new incident, same zone, radius window',
    'open for past the SLA for severity',
    'm from the incident centre after the last event',
    'unit resolution handled expired back below',
    'bearingDeg distanceM simulated true false',
    'ridge camera forest temperature sensor air quality water level rain gauge slope tilt',
    'weather station lake pass hill centre square market falls gateway simulator',
  ];
  const words = new Set(english);
  for (const text of hub)
    for (const word of text.match(/\p{L}+/gu) ?? []) words.add(word.toLowerCase());
  for (const word of [...words])
    if (word.length < 3 || vietnamese.has(word) || ALLOW.has(word)) words.delete(word);
  return words;
}

/** Visible text in words; ids (`cam-langbiang-ridge-1`, UUIDs) are not words. */
function visibleWords(text: string): { words: string[]; tokens: string[] } {
  const tokens = text
    .split(/\s+/)
    .map((token) => token.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, ''))
    .filter(Boolean);
  const words = tokens
    .filter((token) => !/[\d_.]|\p{L}-\p{L}/u.test(token))
    .flatMap((token) => token.match(/\p{L}+/gu) ?? []);
  return { words, tokens };
}

async function fullText(page: Page): Promise<string> {
  return page.evaluate(() => document.body.innerText);
}

describe('one language at a time (built hub, simulator CLI, Chromium)', () => {
  let hub: HubProcess;
  let browser: Browser;
  let fire: Incident;
  let zoneIds: string[];
  const english = englishVocabulary();

  beforeAll(async () => {
    hub = await HubProcess.start('ui-console-language', {
      broker: 'embedded',
      database: 'sqlite',
      env: { SLA_SCALE: '0.01' },
    });
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
    const dispatcher = await hub.login('dispatcher');
    fire = await expectEventually(async () => {
      const { items } = await hub.get<IncidentList>('/api/incidents?category=fire', dispatcher);
      expect(items).toHaveLength(1);
      expect(items[0]).toMatchObject({ zone: 'langbiang', escalated: true });
      return items[0]!;
    }, 30_000);
    // A person's resolve, so the audit holds a coded lifecycle entry too.
    const { items } = await hub.get<IncidentList>(
      '/api/incidents?category=traffic,urban,forest',
      dispatcher,
    );
    const other = items[0];
    if (other) {
      const resolved = await call(hub, 'POST', `/api/incidents/${other.id}/resolve`, dispatcher, {
        version: other.version,
        resolution: 'handled',
      });
      expect(resolved.status).toBe(200);
    }
    const zones = await hub.get<{ zones: { id: string }[] }>('/api/zones', dispatcher);
    zoneIds = zones.zones.map((zone) => zone.id);
    expect(zoneIds).toContain('langbiang');
    browser = await launchChromium();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await hub?.dispose();
  });

  it.each(VIEWPORTS)(
    'Vietnamese at $width×$height: feed, panel with audit, filters and map show no English word',
    async (viewport) => {
      const { page, context, errors } = await openConsole(browser, hub, 'dispatcher', {
        locale: 'vi-VN',
        viewport,
      });
      await page.waitForSelector(row(fire.id));
      await expectEventually(async () =>
        expect(await page.textContent(`${row(fire.id)} .feed-row__zone`)).toBe('Núi Langbiang'),
      );
      expect(await page.textContent(`${row(fire.id)} .feed-row__title`)).toMatch(
        / — Núi Langbiang$/,
      );
      await openIncidentPanel(page, fire.id);
      await page.waitForSelector('[data-testid="audit-entry"][data-action="escalated"]');
      await page.waitForSelector('[data-testid="timeline-event"]');
      const audit = (await page.textContent('[data-testid="audit"]')) ?? '';
      expect(audit).toMatch(/Sự kiện đầu tiên: mở sự cố Cháy mới/);
      expect(audit).toMatch(/quá thời hạn .* cho mức/);
      const zoneOptions = await page.$$eval('[data-testid="filter-zone"] option', (options) =>
        options.map((option) => option.textContent ?? ''),
      );
      expect(zoneOptions).toContain('Núi Langbiang');

      const text = await fullText(page);
      const { words, tokens } = visibleWords(text);
      const leaks = [...new Set(words.filter((word) => english.has(word.toLowerCase())))];
      const ids = [...new Set(tokens.filter((token) => zoneIds.includes(token)))];
      await settledScreenshot(page, `console-language-vi-${viewport.width}x${viewport.height}`);
      expect({ leaks, ids }).toEqual({ leaks: [], ids: [] });
      expect(errors).toEqual([]);
      await context.close();
    },
  );

  it.each(VIEWPORTS)('English at $width×$height shows zone names, not ids', async (viewport) => {
    const { page, context, errors } = await openConsole(browser, hub, 'dispatcher', {
      locale: 'en-US',
      viewport,
    });
    await page.waitForSelector(row(fire.id));
    await expectEventually(async () =>
      expect(await page.textContent(`${row(fire.id)} .feed-row__zone`)).toBe('Langbiang Mountain'),
    );
    await openIncidentPanel(page, fire.id);
    await page.waitForSelector('[data-testid="audit-entry"][data-action="escalated"]');
    expect(await page.textContent('[data-testid="panel-title"]')).toMatch(/ — Langbiang Mountain$/);
    const { tokens } = visibleWords(await fullText(page));
    await settledScreenshot(page, `console-language-en-${viewport.width}x${viewport.height}`);
    expect([...new Set(tokens.filter((token) => zoneIds.includes(token)))]).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });
});
