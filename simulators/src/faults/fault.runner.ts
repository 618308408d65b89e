import { REJECTION_REASONS } from '@ioc/shared';
import type { Clock } from '../clock';
import { birthMessage, statusMessage } from '../messages';
import type { DeviceConnections } from '../identity/device-connections';
import type { MqttPublisher } from '../publisher';
import { counter, parsePrometheus } from '../hub/hub.client';
import { MqttDeviceLinks } from '../scenarios/device-links';
import {
  FLAP_DEVICE,
  buildFaults,
  faultBirth,
  type FaultKind,
  type FaultMessage,
  type FaultPlan,
  type HubEffect,
} from './fault.catalog';

/** What the hub's /metrics should move by once the faults are in. */
export interface ExpectedCounters {
  /** `ioc_events_rejected_total{reason}` per reason (every reason, zeros included). */
  rejected: Record<string, number>;
  duplicates: number;
  eventsAccepted: number;
  telemetryAccepted: number;
  /** `ioc_mqtt_messages_total{channel="status"}`: onlines, offlines and Last Wills. */
  statusMessages: number;
}

export interface FaultRunResult {
  messages: FaultMessage[];
  /** Per kind: messages sent (flapping: drops). */
  sent: Partial<Record<FaultKind, number>>;
  flaps: { drops: number; reconnects: number };
  expected: ExpectedCounters;
}

/**
 * Expected deltas of a fault run. `flaps`: each drop is a Last Will (a status message) and
 * makes the hub derive one device.offline event (an accepted event); each connect says online.
 */
export function expectedCounters(
  messages: readonly FaultMessage[],
  flaps: { drops: number; onlines: number } = { drops: 0, onlines: 0 },
): ExpectedCounters {
  const rejected = Object.fromEntries(REJECTION_REASONS.map((r) => [r, 0])) as Record<
    string,
    number
  >;
  const expected: ExpectedCounters = {
    rejected,
    duplicates: 0,
    eventsAccepted: flaps.drops,
    telemetryAccepted: 0,
    statusMessages: flaps.drops + flaps.onlines,
  };
  for (const { effect } of messages) count(expected, effect);
  return expected;
}

function count(expected: ExpectedCounters, effect: HubEffect): void {
  switch (effect.kind) {
    case 'rejected':
      expected.rejected[effect.reason] = (expected.rejected[effect.reason] ?? 0) + 1;
      return;
    case 'duplicate':
      expected.duplicates += 1;
      return;
    case 'event-accepted':
      expected.eventsAccepted += 1;
      return;
    case 'telemetry-accepted':
      expected.telemetryAccepted += 1;
      return;
    case 'status':
      expected.statusMessages += 1;
      return;
    case 'birth':
      return;
  }
}

/**
 * Publishes the plan's faults on `publisher`, in order and each acknowledged before the
 * next (so out-of-order delivery is exactly the order given), then flaps a device's own
 * connection `flaps` times: drop (the broker publishes its Last Will), reconnect, online.
 */
export async function runFaults(
  plan: FaultPlan & { flaps: number; url: string; connectTimeoutMs: number },
  deps: {
    publisher: MqttPublisher;
    clock: Clock;
    log: (line: string) => void;
    /** Device identity: the flapping device connects with its own credentials. */
    devices?: DeviceConnections;
  },
): Promise<FaultRunResult> {
  const messages = buildFaults(plan);
  const sent: Partial<Record<FaultKind, number>> = {};
  for (const m of messages) {
    await deps.publisher.publishRaw(m.topic, m.payload, 1, m.retain);
    if (m.kind !== 'setup') sent[m.kind] = (sent[m.kind] ?? 0) + 1;
  }
  const flaps = { drops: 0, reconnects: 0 };
  let onlines = 0;
  if (plan.flaps > 0) {
    const links = new MqttDeviceLinks({
      url: plan.url,
      topicRoot: plan.topicRoot,
      runTag: plan.runTag,
      connectTimeoutMs: plan.connectTimeoutMs,
      watcher: deps.publisher,
      devices: deps.devices,
    });
    const root = plan.topicRoot;
    const will = statusMessage(FLAP_DEVICE, 'offline', root);
    const announce = async (): Promise<void> => {
      await links.connect(FLAP_DEVICE, will);
      await links.publish(
        birthMessage(FLAP_DEVICE, faultBirth('Fault injection flapping sensor'), root),
      );
      await links.publish(statusMessage(FLAP_DEVICE, 'online', root));
      onlines += 1;
    };
    try {
      await announce();
      for (let i = 0; i < plan.flaps; i++) {
        await links.drop(FLAP_DEVICE);
        flaps.drops += 1;
        await announce();
        flaps.reconnects += 1;
      }
    } finally {
      await links.closeAll();
    }
    sent.flapping = flaps.drops;
  }
  return {
    messages,
    sent,
    flaps,
    expected: expectedCounters(messages, { drops: flaps.drops, onlines }),
  };
}

/** The counters of ExpectedCounters, read from one /metrics text. */
export function readCounters(text: string): ExpectedCounters {
  const m = parsePrometheus(text);
  return {
    rejected: Object.fromEntries(
      REJECTION_REASONS.map((r) => [r, counter(m, 'ioc_events_rejected_total', { reason: r })]),
    ),
    duplicates: counter(m, 'ioc_events_duplicate_total'),
    eventsAccepted: counter(m, 'ioc_events_accepted_total'),
    telemetryAccepted: counter(m, 'ioc_telemetry_accepted_total'),
    statusMessages: counter(m, 'ioc_mqtt_messages_total', { channel: 'status' }),
  };
}

export interface CounterRow {
  metric: string;
  expected: number;
  actual: number | null;
}

/** One row per counter: the name as /metrics writes it, expected delta, and the hub's delta. */
export function counterRows(
  expected: ExpectedCounters,
  before?: ExpectedCounters,
  after?: ExpectedCounters,
): CounterRow[] {
  const delta = (pick: (c: ExpectedCounters) => number): number | null =>
    before && after ? pick(after) - pick(before) : null;
  return [
    ...REJECTION_REASONS.map((reason) => ({
      metric: `ioc_events_rejected_total{reason="${reason}"}`,
      expected: expected.rejected[reason] ?? 0,
      actual: delta((c) => c.rejected[reason] ?? 0),
    })),
    {
      metric: 'ioc_events_duplicate_total',
      expected: expected.duplicates,
      actual: delta((c) => c.duplicates),
    },
    {
      metric: 'ioc_events_accepted_total',
      expected: expected.eventsAccepted,
      actual: delta((c) => c.eventsAccepted),
    },
    {
      metric: 'ioc_telemetry_accepted_total',
      expected: expected.telemetryAccepted,
      actual: delta((c) => c.telemetryAccepted),
    },
    {
      metric: 'ioc_mqtt_messages_total{channel="status"}',
      expected: expected.statusMessages,
      actual: delta((c) => c.statusMessages),
    },
  ];
}
