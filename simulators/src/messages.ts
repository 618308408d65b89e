import {
  SNAPSHOT_CHANNEL,
  topics,
  type Birth,
  type DeviceChannel,
  type DeviceStatusPayload,
  type EventPayload,
  type TelemetryPayload,
} from '@ioc/shared';

/**
 * One MQTT message a simulated device sends. Runners build these and hand them to a
 * sink (the MQTT publisher, or a recording sink in tests), so that what is sent can be
 * checked without a broker.
 */
export interface OutboundMessage {
  deviceId: string;
  channel: DeviceChannel | typeof SNAPSHOT_CHANNEL;
  topic: string;
  /** JSON for birth/events/telemetry, plain text for status, an image for snapshots. */
  payload: string | Buffer;
  qos: 0 | 1;
  retain: boolean;
}

export interface MessageSink {
  publish(message: OutboundMessage): Promise<void>;
}

// QoS and retain flags follow the topic table of docs/contract.md §3.

export function birthMessage(deviceId: string, birth: Birth, root: string): OutboundMessage {
  return {
    deviceId,
    channel: 'birth',
    topic: topics.birth(deviceId, root),
    payload: JSON.stringify(birth),
    qos: 1,
    retain: true,
  };
}

export function statusMessage(
  deviceId: string,
  status: DeviceStatusPayload,
  root: string,
): OutboundMessage {
  return {
    deviceId,
    channel: 'status',
    topic: topics.status(deviceId, root),
    payload: status,
    qos: 1,
    retain: true,
  };
}

export function eventMessage(deviceId: string, event: EventPayload, root: string): OutboundMessage {
  return {
    deviceId,
    channel: 'events',
    topic: topics.events(deviceId, root),
    payload: JSON.stringify(event),
    qos: 1,
    retain: false,
  };
}

/** Telemetry may go at QoS 0: a periodic reading lost now is replaced by the next one. */
export function telemetryMessage(
  deviceId: string,
  telemetry: TelemetryPayload,
  root: string,
  qos: 0 | 1 = 1,
): OutboundMessage {
  return {
    deviceId,
    channel: 'telemetry',
    topic: topics.telemetry(deviceId, root),
    payload: JSON.stringify(telemetry),
    qos,
    retain: false,
  };
}

/**
 * Event ids are `${deviceId}-${runTag}-${counter}`. `(deviceId, id)` is the hub's
 * idempotency key, so a bare counter would make a second run of the same fleet or
 * scenario against the same hub count as duplicates and open no incident; the run tag
 * (derived from the start time unless given) keeps runs apart while ids stay readable
 * and ordered within a run.
 */
export function eventId(deviceId: string, runTag: string, counter: number): string {
  return `${deviceId}-${runTag}-${String(counter).padStart(6, '0')}`;
}

/** A short base-36 tag of a start time in ms, e.g. `mi7x3k9a`. */
export function runTagFor(ms: number): string {
  return Math.floor(ms).toString(36);
}

/** A camera's image of one of its events, sent once the event is acknowledged (stored). */
export function snapshotMessage(
  deviceId: string,
  eventId: string,
  image: Buffer,
  root: string,
): OutboundMessage {
  return {
    deviceId,
    channel: SNAPSHOT_CHANNEL,
    topic: topics.snapshot(deviceId, eventId, root),
    payload: image,
    qos: 1,
    retain: false,
  };
}
