import type { Incident } from '@ioc/shared';

/** Per-run cap on remembered publish times: latency is sampled for the first events. */
export const MAX_TRACKED_EVENTS = 2_000_000;

interface Lane {
  /** Publish time of each of this run's events of the lane, in publish order. */
  publishedAt: number[];
  /** Event time (ms) of each, to find where a merged incident's count starts. */
  eventTs: number[];
  incidentId: string | null;
  seq: number;
  /** Events of the incident that are not this run's (an earlier run's, same place). */
  base: number | null;
  delivered: number;
}

/**
 * Publish-to-console latency from /live pushes. Each load device ("lane") sits alone at its
 * own place, so its events form one incident; a push with `eventCount` n says the lane's
 * first n events are stored and announced. Pushes may be coalesced, never dropped (docs/contract.md
 * §8), so every event gets a delivery time: the arrival of the first push that counts it.
 */
export class LatencyTracker {
  private readonly lanes: Lane[];
  private readonly laneOf = new Map<string, number>();
  readonly samples: number[] = [];
  tracked = 0;
  published = 0;

  constructor(deviceIds: readonly string[]) {
    this.lanes = deviceIds.map(() => ({
      publishedAt: [],
      eventTs: [],
      incidentId: null,
      seq: -1,
      base: null,
      delivered: 0,
    }));
    deviceIds.forEach((id, i) => this.laneOf.set(id, i));
  }

  onPublish(lane: number, atMs: number, eventTsMs: number): void {
    this.published += 1;
    if (this.tracked >= MAX_TRACKED_EVENTS) return;
    const l = this.lanes[lane];
    if (!l) return;
    l.publishedAt.push(atMs);
    l.eventTs.push(eventTsMs);
    this.tracked += 1;
  }

  onIncident(incident: Incident, arrivalMs: number): void {
    const lane = incident.sources.map((s) => this.laneOf.get(s)).find((i) => i !== undefined);
    if (lane === undefined) return;
    const l = this.lanes[lane] as Lane;
    if (l.incidentId !== incident.id) {
      l.incidentId = incident.id;
      l.seq = -1;
      l.base = null;
    }
    if (incident.seq <= l.seq) return;
    l.seq = incident.seq;
    if (l.base === null) {
      // The incident may hold an earlier run's events at this place: what it counts beyond
      // this run's events stamped up to its lastSeen is theirs.
      const lastSeen = Date.parse(incident.lastSeen);
      const ours = l.eventTs.filter((ts) => ts <= lastSeen).length;
      l.base = Math.max(0, incident.eventCount - ours);
    }
    const delivered = Math.min(incident.eventCount - l.base, l.publishedAt.length);
    for (let j = l.delivered; j < delivered; j++)
      this.samples.push(arrivalMs - (l.publishedAt[j] as number));
    l.delivered = Math.max(l.delivered, delivered);
  }

  get delivered(): number {
    return this.samples.length;
  }

  summary(): LatencySummary {
    return summarize(this.samples);
  }
}

export interface LatencySummary {
  count: number;
  p50: number | null;
  p95: number | null;
  p99: number | null;
  max: number | null;
}

/** Nearest-rank percentiles. */
export function summarize(samples: readonly number[]): LatencySummary {
  if (samples.length === 0) return { count: 0, p50: null, p95: null, p99: null, max: null };
  const sorted = Float64Array.from(samples).sort();
  const at = (p: number): number =>
    sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] as number;
  return {
    count: sorted.length,
    p50: at(0.5),
    p95: at(0.95),
    p99: at(0.99),
    max: sorted[sorted.length - 1] as number,
  };
}
