import {
  decodeJson,
  parseDeviceTopic,
  topics,
  validateBatch,
  validateBirth,
  validateEvent,
  validateStatus,
  validateTelemetry,
  MAX_FUTURE_SKEW_MS,
  MAX_PAYLOAD_BYTES,
  type Birth,
  type LatLon,
  type RejectionReason,
} from '@ioc/shared';
import { eventId } from '../messages';
import { Random } from '../random';

/**
 * Bad input, made on purpose, each message with the effect the hub should record for it.
 * The effect is not guessed: every payload goes through shared's validators (the ones the
 * hub's ingest uses), so the printed counts are what `/metrics` should show.
 */
export const FAULT_KINDS = [
  'malformed-json',
  'missing-fields',
  'wrong-types',
  'oversized',
  'out-of-range',
  'future-ts',
  'unknown-device',
  'bad-topic',
  'duplicates',
  'out-of-order',
  'clock-skew',
  'flapping',
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

/** What each kind is meant to provoke (the unit specs check the catalog keeps to it). */
export const INTENDED_EFFECT: Record<FaultKind, string> = {
  'malformed-json': 'rejected: invalid_json',
  'missing-fields': 'rejected: missing_field',
  'wrong-types': 'rejected: invalid_field',
  oversized: 'rejected: payload_too_large',
  'out-of-range': 'rejected: coordinates_out_of_range',
  'future-ts': 'rejected: future_timestamp',
  'unknown-device': 'rejected: unknown_device',
  'bad-topic': 'rejected: bad_topic',
  duplicates: 'duplicate (after one accepted original)',
  'out-of-order': 'accepted (published newest first)',
  'clock-skew': 'accepted when the skew is within 120 s ahead; rejected: future_timestamp beyond',
  flapping: 'status changes: a Last Will offline per drop, online per reconnect',
};

export type HubEffect =
  | { kind: 'rejected'; reason: RejectionReason }
  | { kind: 'event-accepted' }
  | { kind: 'telemetry-accepted' }
  | { kind: 'duplicate' }
  | { kind: 'birth' }
  | { kind: 'status' };

export function describeEffect(effect: HubEffect): string {
  return effect.kind === 'rejected' ? `rejected: ${effect.reason}` : effect.kind;
}

export interface FaultMessage {
  kind: FaultKind | 'setup';
  topic: string;
  payload: string;
  retain: boolean;
  effect: HubEffect;
}

export interface FaultPlan {
  counts: Partial<Record<Exclude<FaultKind, 'flapping'>, number>>;
  /** Seconds added to the timestamps of the `clock-skew` events (negative: behind). */
  clockSkewS: number;
  topicRoot: string;
  runTag: string;
  nowMs: number;
  seed: number;
  /**
   * Device identity: the faults go out on the fault device's own connection, and a broker
   * lets a device publish under its own topics only, so the kinds that need another
   * device's topic (unknown-device, most bad topics) are not sent (NOT_SENT_AS_DEVICE).
   */
  asDevice?: boolean;
}

/** Kinds a device connected as itself cannot send: the broker refuses them before the hub. */
export const NOT_SENT_AS_DEVICE: readonly FaultKind[] = ['unknown-device'];

/** A test range east of Da Lat, kilometres from every library scenario and fleet site. */
export const FAULT_SITE: LatLon = { lat: 11.872, lon: 108.562 };
export const FAULT_ZONE = 'fault-range';
export const FAULT_DEVICE = 'fault-sim-01';
export const FLAP_DEVICE = 'fault-sim-flap';

export function faultBirth(name: string): Birth {
  return {
    kind: 'sensor',
    name,
    location: { ...FAULT_SITE },
    zone: FAULT_ZONE,
    capabilities: ['pm25'],
  };
}

/**
 * The messages of a plan, in publish order: the fault device's birth and `online`, then
 * each kind's messages. Deterministic for a seed, run tag and time.
 */
export function buildFaults(plan: FaultPlan): FaultMessage[] {
  const root = plan.topicRoot;
  const rng = Random.derive(plan.seed, `faults:${plan.runTag}`);
  const iso = (ms: number): string => new Date(ms).toISOString();
  let counter = 0;
  const nextId = (): string => eventId(FAULT_DEVICE, plan.runTag, ++counter);
  const here = (): LatLon => ({
    lat: Math.round((FAULT_SITE.lat + rng.range(-0.002, 0.002)) * 1e6) / 1e6,
    lon: Math.round((FAULT_SITE.lon + rng.range(-0.002, 0.002)) * 1e6) / 1e6,
  });
  const validEvent = (ts = plan.nowMs): Record<string, unknown> => ({
    id: nextId(),
    ts: iso(ts),
    type: 'urban.littering',
    confidence: 0.7,
    location: here(),
  });
  const eventsTopic = topics.events(FAULT_DEVICE, root);
  const out: { kind: FaultKind | 'setup'; topic: string; payload: string; retain?: boolean }[] = [
    {
      kind: 'setup',
      topic: topics.birth(FAULT_DEVICE, root),
      payload: JSON.stringify(faultBirth('Fault injection test sensor')),
      retain: true,
    },
    { kind: 'setup', topic: topics.status(FAULT_DEVICE, root), payload: 'online', retain: true },
  ];
  const add = (
    kind: FaultKind,
    n: number | undefined,
    make: (i: number) => { topic?: string; payload: string },
  ): void => {
    for (let i = 0; i < (n ?? 0); i++) {
      const m = make(i);
      out.push({ kind, topic: m.topic ?? eventsTopic, payload: m.payload });
    }
  };
  const c = plan.counts;

  add('malformed-json', c['malformed-json'], (i) => {
    const variants = [
      `{"id": "${nextId()}", "ts": `,
      'smoke seen near the market',
      `{'id': '${nextId()}', 'type': 'urban.littering'}`,
      `{"id":"${nextId()}","ts":"${iso(plan.nowMs)}","type":"urban.littering",}`,
    ];
    return { payload: variants[i % variants.length] as string };
  });

  add('missing-fields', c['missing-fields'], (i) => {
    const event = validEvent();
    const drop = ['id', 'ts', 'type'][i % 4];
    if (drop) {
      delete event[drop];
      return { payload: JSON.stringify(event) };
    }
    return {
      topic: topics.telemetry(FAULT_DEVICE, root),
      payload: JSON.stringify({ ts: iso(plan.nowMs) }),
    };
  });

  add('wrong-types', c['wrong-types'], (i) => {
    const event = validEvent();
    switch (i % 5) {
      case 0:
        event.confidence = 'very sure';
        break;
      case 1:
        event.ts = true;
        break;
      case 2:
        event.location = 'near the market';
        break;
      case 3:
        event.attributes = 'not an object';
        break;
      default:
        return {
          topic: topics.telemetry(FAULT_DEVICE, root),
          payload: JSON.stringify({ ts: iso(plan.nowMs), readings: { pm25: 'high' } }),
        };
    }
    return { payload: JSON.stringify(event) };
  });

  add('oversized', c.oversized, () => {
    const event = validEvent();
    // Past the 64 KiB payload limit, which the hub checks before it even parses.
    event.attributes = { blob: 'x'.repeat(MAX_PAYLOAD_BYTES + 1024) };
    return { payload: JSON.stringify(event) };
  });

  add('out-of-range', c['out-of-range'], (i) => {
    const event = validEvent();
    const places = [
      { lat: 95.2, lon: 108.44 },
      { lat: 11.94, lon: 188.44 },
      { lat: -91, lon: 108.44 },
      { lat: 11.94, lon: -180.5 },
    ];
    event.location = places[i % places.length];
    return { payload: JSON.stringify(event) };
  });

  add('future-ts', c['future-ts'], () => {
    const aheadMs = 10 * 60_000 + Math.floor(rng.range(0, 50 * 60_000));
    return { payload: JSON.stringify(validEvent(plan.nowMs + aheadMs)) };
  });

  add('unknown-device', plan.asDevice ? 0 : c['unknown-device'], (i) => {
    // A device that never sent a birth, and an event without a location.
    const ghost = `fault-${plan.runTag}-ghost-${i + 1}`;
    const event = validEvent();
    delete event.location;
    return { topic: topics.events(ghost, root), payload: JSON.stringify(event) };
  });

  add('bad-topic', c['bad-topic'], (i) => {
    const own = topics.device(FAULT_DEVICE, 'events', root);
    const variants = plan.asDevice
      ? [own.replace(/events$/, 'commands'), `${own}/extra`]
      : [
          `${root}/devices/bad device!/events`,
          own.replace(/events$/, 'commands'),
          `${root}/devices/${FAULT_DEVICE}`,
          `${root}/devices/${'x'.repeat(65)}/events`,
        ];
    return { topic: variants[i % variants.length], payload: JSON.stringify(validEvent()) };
  });

  if ((c.duplicates ?? 0) > 0) {
    const original = JSON.stringify(validEvent());
    out.push({ kind: 'duplicates', topic: eventsTopic, payload: original });
    add('duplicates', c.duplicates, () => ({ payload: original }));
  }

  if ((c['out-of-order'] ?? 0) > 0) {
    const n = c['out-of-order'] ?? 0;
    // One second apart in event time, published newest first.
    const events = Array.from({ length: n }, (_, i) => validEvent(plan.nowMs - (n - i) * 1000));
    for (const event of events.reverse())
      out.push({ kind: 'out-of-order', topic: eventsTopic, payload: JSON.stringify(event) });
  }

  add('clock-skew', c['clock-skew'], () => ({
    payload: JSON.stringify(validEvent(plan.nowMs + plan.clockSkewS * 1000)),
  }));

  return predictEffects(out, root, plan.nowMs);
}

/**
 * What the hub's ingest does with each message, in order: topic, size, JSON, schema,
 * time, device known or located, `(deviceId, id)` already seen. Same validators as the hub.
 */
export function predictEffects(
  messages: { kind: FaultKind | 'setup'; topic: string; payload: string; retain?: boolean }[],
  root: string,
  nowMs: number,
): FaultMessage[] {
  const known = new Set<string>();
  const seen = new Set<string>();
  return messages.map((m) => ({
    kind: m.kind,
    topic: m.topic,
    payload: m.payload,
    retain: m.retain ?? false,
    effect: predict(m.topic, m.payload),
  }));

  function predict(topic: string, payload: string): HubEffect {
    const parsed = parseDeviceTopic(topic, root);
    if (!parsed) return { kind: 'rejected', reason: 'bad_topic' };
    const { deviceId, channel } = parsed;
    if (channel === 'status') {
      const status = validateStatus(payload);
      return status.ok ? { kind: 'status' } : { kind: 'rejected', reason: status.reason };
    }
    const json = decodeJson(payload);
    if (!json.ok) return { kind: 'rejected', reason: json.reason };
    if (channel === 'birth') {
      const birth = validateBirth(json.value);
      if (!birth.ok) return { kind: 'rejected', reason: birth.reason };
      known.add(deviceId);
      return { kind: 'birth' };
    }
    if (channel === 'telemetry') {
      const batch = validateBatch(json.value, (item) => validateTelemetry(item, nowMs));
      if (!batch.ok) return { kind: 'rejected', reason: batch.reason };
      const first = batch.value[0];
      if (first && !first.ok) return { kind: 'rejected', reason: first.reason };
      return { kind: 'telemetry-accepted' };
    }
    const batch = validateBatch(json.value, (item) => validateEvent(item, nowMs));
    if (!batch.ok) return { kind: 'rejected', reason: batch.reason };
    const first = batch.value[0];
    if (!first) return { kind: 'event-accepted' };
    if (!first.ok) return { kind: 'rejected', reason: first.reason };
    if (!first.value.location && !known.has(deviceId))
      return { kind: 'rejected', reason: 'unknown_device' };
    const key = `${deviceId}\u0000${first.value.id}`;
    if (seen.has(key)) return { kind: 'duplicate' };
    seen.add(key);
    return { kind: 'event-accepted' };
  }
}

/** A skew this close to the hub's 120 s limit may land either side of it. */
export function ambiguousSkew(skewS: number): boolean {
  return Math.abs(skewS * 1000 - MAX_FUTURE_SKEW_MS) < 5_000;
}
