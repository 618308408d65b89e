import { eventAt, MIN, T0, virtualCorrelator } from './correlation.fixtures';
import type { CorrelationInput } from './correlator';

/** Deterministic shuffle (mulberry32), so a failure is reproducible. */
function shuffled<T>(items: T[], seed: number): T[] {
  let a = seed;
  const random = (): number => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

function groups(events: CorrelationInput[]): string[] {
  const { correlator } = virtualCorrelator();
  const byIncident = new Map<string, string[]>();
  for (const e of events) {
    const { incident } = correlator.ingest(e);
    byIncident.set(incident.id, [...(byIncident.get(incident.id) ?? []), `${e.source}@${e.ts}`]);
  }
  return [...byIncident.values()].map((members) => members.sort().join(',')).sort();
}

describe('shuffled arrival of well-separated bursts', () => {
  // Five fire bursts 5 km apart, each of 6 detections within 150 m and 5 minutes.
  const events: CorrelationInput[] = [];
  for (let burst = 0; burst < 5; burst++) {
    for (let k = 0; k < 6; k++) {
      events.push(
        eventAt(
          'fire.smoke',
          `cam-${burst}-${k % 3}`,
          burst * 5000 + (k % 3) * 50,
          k * 20,
          T0 + k * MIN,
        ),
      );
    }
  }

  it('gives the same incidents as arrival in time order', () => {
    const inOrder = groups([...events].sort((a, b) => a.ts - b.ts));
    expect(inOrder).toHaveLength(5);
    for (const seed of [1, 2, 3, 42, 1234]) expect(groups(shuffled(events, seed))).toEqual(inOrder);
  });
});
