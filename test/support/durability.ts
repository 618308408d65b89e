import { randomBytes } from 'node:crypto';
import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { IncidentDetail, IncidentList } from '@ioc/shared';
import { expectEventually } from './eventually';
import { Flood, spreadPlaces, type FloodOptions, type Place } from './flood';
import { ARTIFACTS, HubProcess, type HubOptions } from './hub-process';
import { MosquittoProcess } from './mosquitto-process';

/** A small seeded generator (mulberry32), so that a failing run can be repeated. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The seed of this run: E2E_DURABILITY_SEED, or the clock (printed by the tests). */
export function durabilitySeed(): number {
  return Number(process.env.E2E_DURABILITY_SEED ?? Date.now() % 1_000_000);
}

export interface StoredIncident {
  id: string;
  eventCount: number;
  /** `deviceId/eventId` of every stored event. */
  events: string[];
}

/** GET /api/incidents/{id} lists at most this many events (a harness limit, not a result). */
const DETAIL_EVENTS_MAX = 5000;

/** Every incident with its stored events, read back over the API (docs/contract.md §7). */
export async function readStored(hub: HubProcess, token: string): Promise<StoredIncident[]> {
  const { items } = await hub.get<IncidentList>('/api/incidents?limit=5000', token);
  const out: StoredIncident[] = [];
  for (const item of items) {
    const detail = await hub.get<IncidentDetail>(`/api/incidents/${item.id}`, token);
    if (detail.eventCount > DETAIL_EVENTS_MAX)
      throw new Error(`harness: incident ${item.id} has more events than its detail lists`);
    out.push({
      id: item.id,
      eventCount: detail.eventCount,
      events: detail.events.map((e) => `${e.deviceId}/${e.eventId}`),
    });
  }
  return out;
}

/**
 * Waits until the incidents hold as many events as were acknowledged, or until their count
 * has not grown for `stallMs` (a hub that lost events never gets there: the figures tell).
 */
async function untilStored(
  hub: HubProcess,
  token: string,
  expected: number,
  stallMs = 5000,
): Promise<void> {
  let best = -1;
  let grewAt = Date.now();
  await expectEventually(
    async () => {
      const { items } = await hub.get<IncidentList>('/api/incidents?limit=5000', token);
      const stored = items.reduce((sum, i) => sum + i.eventCount, 0);
      if (stored > best) [best, grewAt] = [stored, Date.now()];
      if (stored < expected && Date.now() - grewAt < stallMs)
        throw new Error(`${stored} of ${expected} stored`);
    },
    120_000,
    250,
  );
}

export interface DurabilityFigures {
  acknowledged: number;
  stored: number;
  /** Acknowledged, not refused on purpose, and not stored. */
  lost: number;
  lostSample: string[];
  /** Stored although the test expects them refused. */
  storedRefused: string[];
  /** Stored events listed more than once. */
  duplicates: number;
  /** Incidents whose eventCount differs from their stored events. */
  countMismatches: string[];
  /** Incidents holding events of more than one place, and places split over incidents. */
  mixedIncidents: number;
  splitPlaces: number;
  incidents: number;
}

/** Compares what the devices had acknowledged with what the hub stored. */
export function durabilityFigures(
  flood: Flood,
  incidents: StoredIncident[],
  refused: ReadonlySet<string> = new Set(),
): DurabilityFigures {
  const stored = new Set<string>();
  let duplicates = 0;
  let mixedIncidents = 0;
  const incidentsOfPlace = new Map<number, number>();
  for (const incident of incidents) {
    const places = new Set<number>();
    for (const key of incident.events) {
      if (stored.has(key)) duplicates++;
      stored.add(key);
      const place = flood.placeOf.get(key);
      if (place !== undefined) places.add(place);
    }
    if (places.size > 1) mixedIncidents++;
    for (const place of places) incidentsOfPlace.set(place, (incidentsOfPlace.get(place) ?? 0) + 1);
  }
  const lostKeys: string[] = [];
  let acknowledged = 0;
  for (const [deviceId, ids] of flood.acknowledged)
    for (const id of ids) {
      const key = `${deviceId}/${id}`;
      acknowledged++;
      if (!refused.has(key) && !stored.has(key)) lostKeys.push(key);
    }
  return {
    acknowledged,
    stored: stored.size,
    lost: lostKeys.length,
    lostSample: lostKeys.slice(0, 5),
    storedRefused: [...refused].filter((k) => stored.has(k)),
    duplicates,
    countMismatches: incidents
      .filter((i) => i.eventCount !== i.events.length)
      .map((i) => `${i.id}: eventCount ${i.eventCount}, ${i.events.length} stored`),
    mixedIncidents,
    splitPlaces: [...incidentsOfPlace.values()].filter((n) => n > 1).length,
    incidents: incidents.length,
  };
}

/** A hub (on a private Mosquitto built from the shipped configuration, if asked) and a flood. */
export interface DurabilityRun {
  name: string;
  hub: HubProcess;
  mosquitto: MosquittoProcess | null;
  flood: Flood;
  places: Place[];
  /** This run's seed (printed) and the generator it seeds. */
  seed: number;
  random: () => number;
  startedAt: number;
}

export interface DurabilityRunOptions extends HubOptions {
  /** How many places, hence incidents. */
  places: number;
  flood?: Partial<Pick<FloodOptions, 'rate' | 'devices' | 'eventId'>>;
}

/** Starts a run, hands it to `body`, and stops everything it started, whatever happens. */
export async function withDurabilityRun(
  name: string,
  options: DurabilityRunOptions,
  body: (run: DurabilityRun) => Promise<void>,
): Promise<void> {
  const seed = durabilitySeed();
  // On Mosquitto the test owns the broker: the shipped configuration, not the machine's.
  const mosquitto = options.broker === 'mosquitto' ? await MosquittoProcess.start(name) : null;
  let hub: HubProcess | null = null;
  let flood: Flood | null = null;
  try {
    hub = await HubProcess.start(name, {
      ...options,
      ...(mosquitto && !options.brokerUrl ? { brokerUrl: mosquitto.url } : {}),
    });
    const places = spreadPlaces(options.places);
    flood = await Flood.start({
      url: hub.mqttUrl,
      topicRoot: hub.topicRoot,
      prefix: `d${randomBytes(3).toString('hex')}`,
      devices: 10,
      rate: 2000,
      places,
      ...options.flood,
    });
    const random = seededRandom(seed);
    await body({ name, hub, mosquitto, flood, places, seed, random, startedAt: Date.now() });
  } finally {
    await flood?.close();
    await hub?.dispose();
    await mosquitto?.dispose();
  }
}

/**
 * Ends the flood (every published event acknowledged, or the deadline), waits for the hub
 * to store what it took, reads everything back and prints the figures with `context`.
 */
export async function settle(
  run: DurabilityRun,
  context: string,
  refused: ReadonlySet<string> = new Set(),
): Promise<DurabilityFigures & { unacknowledged: number; brokerDropNotices: number }> {
  const unacknowledged = await run.flood.finish();
  const token = await run.hub.login('operator');
  await untilStored(run.hub, token, run.flood.acked - refused.size);
  const figures = {
    ...durabilityFigures(run.flood, await readStored(run.hub, token), refused),
    unacknowledged,
    // A loss the broker owns (its queue overflowed) is told apart from the hub's.
    brokerDropNotices: run.mosquitto?.dropNotices ?? 0,
  };
  const seconds = ((Date.now() - run.startedAt) / 1000).toFixed(1);
  const line = `${run.name} (seed ${run.seed}, ${seconds} s, ${context}): ${JSON.stringify(figures)}`;
  console.log(line);
  mkdirSync(ARTIFACTS, { recursive: true });
  appendFileSync(
    join(ARTIFACTS, 'durability-figures.log'),
    `${new Date().toISOString()} ${line}\n`,
  );
  return figures;
}

/** What a run that loses nothing shows (asserted with toMatchObject, so figures print). */
export function nothingLost(run: DurabilityRun): Partial<DurabilityFigures> & {
  unacknowledged: number;
  brokerDropNotices: number;
} {
  return {
    unacknowledged: 0,
    brokerDropNotices: 0,
    lost: 0,
    storedRefused: [],
    duplicates: 0,
    countMismatches: [],
    mixedIncidents: 0,
    splitPlaces: 0,
    incidents: run.places.length,
  };
}
