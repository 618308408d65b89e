import { haversineM, topics } from '@ioc/shared';
import { libraryScenarios } from '../scenarios/scenario.loader';
import {
  FAULT_KINDS,
  FAULT_SITE,
  INTENDED_EFFECT,
  ambiguousSkew,
  buildFaults,
  describeEffect,
  predictEffects,
  type FaultPlan,
} from './fault.catalog';
import { counterRows, expectedCounters, readCounters } from './fault.runner';

const NOW = Date.parse('2026-11-24T08:00:00Z');
const plan = (counts: FaultPlan['counts'], clockSkewS = 30): FaultPlan => ({
  counts,
  clockSkewS,
  topicRoot: 'ioc',
  runTag: 'unit',
  nowMs: NOW,
  seed: 1,
});

describe('fault catalog', () => {
  it("makes every kind provoke the effect it is meant to, by the hub's own validators", () => {
    const all = Object.fromEntries(FAULT_KINDS.filter((k) => k !== 'flapping').map((k) => [k, 8]));
    const messages = buildFaults(plan(all));
    for (const kind of FAULT_KINDS) {
      if (
        kind === 'flapping' ||
        kind === 'duplicates' ||
        kind === 'out-of-order' ||
        kind === 'clock-skew'
      )
        continue;
      const effects = new Set(
        messages.filter((m) => m.kind === kind).map((m) => describeEffect(m.effect)),
      );
      expect([kind, [...effects]]).toEqual([kind, [INTENDED_EFFECT[kind]]]);
    }
    const dupes = messages.filter((m) => m.kind === 'duplicates').map((m) => m.effect.kind);
    expect(dupes).toEqual(['event-accepted', ...Array<string>(8).fill('duplicate')]);
    expect(
      messages
        .filter((m) => m.kind === 'out-of-order')
        .every((m) => m.effect.kind === 'event-accepted'),
    ).toBe(true);
    expect(
      messages
        .filter((m) => m.kind === 'clock-skew')
        .every((m) => m.effect.kind === 'event-accepted'),
    ).toBe(true);
  });

  it("sends the requested number of each kind, after the device's birth and online", () => {
    const messages = buildFaults(plan({ 'malformed-json': 3, oversized: 2, duplicates: 4 }));
    expect(messages.slice(0, 2).map((m) => m.topic)).toEqual([
      topics.birth('fault-sim-01'),
      topics.status('fault-sim-01'),
    ]);
    expect(messages.filter((m) => m.kind === 'malformed-json')).toHaveLength(3);
    expect(messages.filter((m) => m.kind === 'oversized')).toHaveLength(2);
    expect(messages.filter((m) => m.kind === 'duplicates')).toHaveLength(5);
    for (const m of messages.filter((x) => x.kind === 'oversized'))
      expect(m.payload.length).toBeGreaterThan(64 * 1024);
  });

  it('publishes out-of-order events newest first', () => {
    const times = buildFaults(plan({ 'out-of-order': 5 }))
      .filter((m) => m.kind === 'out-of-order')
      .map((m) => Date.parse((JSON.parse(m.payload) as { ts: string }).ts));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(new Set(times).size).toBe(5);
  });

  it('turns a clock skew beyond 120 s into future timestamps', () => {
    const ahead = buildFaults(plan({ 'clock-skew': 3 }, 300)).filter(
      (m) => m.kind === 'clock-skew',
    );
    expect(ahead.map((m) => describeEffect(m.effect))).toEqual(
      Array<string>(3).fill('rejected: future_timestamp'),
    );
    const behind = buildFaults(plan({ 'clock-skew': 2 }, -3600)).filter(
      (m) => m.kind === 'clock-skew',
    );
    expect(behind.every((m) => m.effect.kind === 'event-accepted')).toBe(true);
    expect(ambiguousSkew(118)).toBe(true);
    expect(ambiguousSkew(30)).toBe(false);
  });

  it('is deterministic for a plan', () => {
    const counts = { 'wrong-types': 4, 'out-of-range': 3, 'future-ts': 2 };
    expect(buildFaults(plan(counts))).toEqual(buildFaults(plan(counts)));
  });

  it('places its valid events kilometres away from every library scenario', () => {
    for (const { scenario } of libraryScenarios())
      for (const device of Object.values(scenario.devices))
        expect(haversineM(device.location, FAULT_SITE)).toBeGreaterThan(5000);
  });

  it('predicts like the hub: unknown devices, duplicates, batches', () => {
    const root = 'ioc';
    const ev = (id: string, extra: Record<string, unknown> = {}) =>
      JSON.stringify({ id, ts: new Date(NOW).toISOString(), type: 'urban.crowd', ...extra });
    const effects = predictEffects(
      [
        { kind: 'setup', topic: topics.events('ghost', root), payload: ev('a') },
        {
          kind: 'setup',
          topic: topics.birth('cam', root),
          payload: JSON.stringify({
            kind: 'camera',
            name: 'c',
            location: { lat: 1, lon: 1 },
            zone: 'z',
          }),
        },
        { kind: 'setup', topic: topics.events('cam', root), payload: ev('a') },
        { kind: 'setup', topic: topics.events('cam', root), payload: ev('a') },
        { kind: 'setup', topic: topics.status('cam', root), payload: 'sleeping' },
        {
          kind: 'setup',
          topic: topics.telemetry('cam', root),
          payload: JSON.stringify({ ts: NOW, readings: { pm25: 3 } }),
        },
        {
          kind: 'setup',
          topic: topics.events('cam', root),
          payload: JSON.stringify(Array.from({ length: 501 }, (_, i) => i)),
        },
      ],
      root,
      NOW,
    ).map((m) => describeEffect(m.effect));
    expect(effects).toEqual([
      'rejected: unknown_device',
      'birth',
      'event-accepted',
      'duplicate',
      'rejected: invalid_status',
      'telemetry-accepted',
      'rejected: batch_too_large',
    ]);
  });
});

describe('fault counters', () => {
  it('sums expected deltas, with the Last Wills and device.offline events of flapping', () => {
    const messages = buildFaults(plan({ 'malformed-json': 2, duplicates: 3, 'missing-fields': 4 }));
    const expected = expectedCounters(messages, { drops: 2, onlines: 3 });
    expect(expected.rejected.invalid_json).toBe(2);
    expect(expected.rejected.missing_field).toBe(4);
    expect(expected.duplicates).toBe(3);
    // The original of the duplicates, and one device.offline per drop.
    expect(expected.eventsAccepted).toBe(1 + 2);
    // The fault device's online, then 2 wills and 3 onlines.
    expect(expected.statusMessages).toBe(1 + 5);
  });

  it('reads the hub counters from /metrics text and compares deltas', () => {
    const text = (invalidJson: number, dupes: number): string =>
      [
        '# HELP ioc_events_rejected_total Inbound MQTT messages rejected',
        '# TYPE ioc_events_rejected_total counter',
        `ioc_events_rejected_total{reason="invalid_json"} ${invalidJson}`,
        'ioc_events_rejected_total{reason="missing_field"} 0',
        `ioc_events_duplicate_total ${dupes}`,
        'ioc_events_accepted_total 10',
        'ioc_telemetry_accepted_total 0',
        'ioc_mqtt_messages_total{channel="status"} 4',
        'ioc_mqtt_messages_total{channel="events"} 40',
      ].join('\n');
    const before = readCounters(text(1, 0));
    const after = readCounters(text(3, 5));
    expect(after.rejected.invalid_json).toBe(3);
    expect(after.statusMessages).toBe(4);
    const expected = expectedCounters([]);
    expected.rejected.invalid_json = 2;
    expected.duplicates = 4;
    const rows = counterRows(expected, before, after);
    expect(
      rows.find((r) => r.metric === 'ioc_events_rejected_total{reason="invalid_json"}'),
    ).toEqual({
      metric: 'ioc_events_rejected_total{reason="invalid_json"}',
      expected: 2,
      actual: 2,
    });
    expect(rows.find((r) => r.metric === 'ioc_events_duplicate_total')).toEqual({
      metric: 'ioc_events_duplicate_total',
      expected: 4,
      actual: 5,
    });
    expect(counterRows(expected).every((r) => r.actual === null)).toBe(true);
  });
});
