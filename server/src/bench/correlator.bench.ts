/**
 * Micro-benchmark of the correlation engine alone (no I/O): the cost per event with
 * thousands of open incidents spread over the Da Lat area. Run after a build:
 *   node server/dist/bench/correlator.bench.js [openIncidents=5000] [events=200000]
 */

import { EVENT_TYPES, offsetM, type EventType } from '@ioc/shared';
import { ManualClock } from '../correlation/clock';
import { Correlator } from '../correlation/correlator';

const openIncidents = Number(process.argv[2] ?? 5000);
const events = Number(process.argv[3] ?? 200_000);
const center = { lat: 11.9404, lon: 108.4373 };
const types = EVENT_TYPES.filter((t) => t !== 'device.offline') as EventType[];

let seed = 42;
const random = (): number => {
  seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
  return seed / 2 ** 31;
};

const clock = new ManualClock(Date.parse('2026-11-23T08:00:00Z'));
let n = 0;
const correlator = new Correlator(clock, () => `i${++n}`);
// Seed until exactly `openIncidents` are open, spread over a 40 km square around Da Lat.
for (let i = 0; correlator.trackedCount < openIncidents; i++) {
  const type = types[i % types.length]!;
  const location = offsetM(center, (random() - 0.5) * 40_000, (random() - 0.5) * 40_000);
  correlator.ingest({
    type,
    ts: clock.now(),
    location,
    source: `seed-${i}`,
    zone: null,
    severityHint: null,
  });
}
const opened = correlator.trackedCount;

const start = process.hrtime.bigint();
let joined = 0;
for (let i = 0; i < events; i++) {
  const type = types[i % types.length]!;
  const location = offsetM(center, (random() - 0.5) * 40_000, (random() - 0.5) * 40_000);
  clock.advance(1);
  if (
    !correlator.ingest({
      type,
      ts: clock.now(),
      location,
      source: `dev-${i % 500}`,
      zone: null,
      severityHint: null,
    }).created
  )
    joined++;
}
const elapsedNs = Number(process.hrtime.bigint() - start);
console.log(
  JSON.stringify(
    {
      openIncidentsAtStart: opened,
      trackedAtEnd: correlator.trackedCount,
      events,
      joined,
      nsPerEvent: Math.round(elapsedNs / events),
      eventsPerSecond: Math.round(events / (elapsedNs / 1e9)),
      node: process.version,
    },
    null,
    2,
  ),
);
