import { deviceIdPattern } from '../schemas/common.schema';

/** MQTT topics of docs/contract.md §3. Build and parse topics only through these functions. */
export const DEFAULT_TOPIC_ROOT = 'ioc';

export const DEVICE_CHANNELS = ['birth', 'status', 'events', 'telemetry'] as const;
export type DeviceChannel = (typeof DEVICE_CHANNELS)[number];
/** The binary channel beside them: `{root}/devices/{id}/snapshots/{eventId}`. */
export const SNAPSHOT_CHANNEL = 'snapshots';

export const topics = {
  device: (deviceId: string, channel: DeviceChannel, root = DEFAULT_TOPIC_ROOT): string =>
    `${root}/devices/${deviceId}/${channel}`,
  birth: (deviceId: string, root = DEFAULT_TOPIC_ROOT): string =>
    topics.device(deviceId, 'birth', root),
  status: (deviceId: string, root = DEFAULT_TOPIC_ROOT): string =>
    topics.device(deviceId, 'status', root),
  events: (deviceId: string, root = DEFAULT_TOPIC_ROOT): string =>
    topics.device(deviceId, 'events', root),
  telemetry: (deviceId: string, root = DEFAULT_TOPIC_ROOT): string =>
    topics.device(deviceId, 'telemetry', root),
  /** A camera's image of one of its events (binary JPEG or PNG, docs/contract.md §3). */
  snapshot: (deviceId: string, eventId: string, root = DEFAULT_TOPIC_ROOT): string =>
    `${root}/devices/${deviceId}/snapshots/${eventId}`,
  incident: (incidentId: string, root = DEFAULT_TOPIC_ROOT): string =>
    `${root}/incidents/${incidentId}`,
  /** What the hub subscribes to; with `shareGroup`, an MQTT 5 / 3.1.1 shared subscription. */
  deviceWildcard: (root = DEFAULT_TOPIC_ROOT, shareGroup?: string): string =>
    shareGroup ? `$share/${shareGroup}/${root}/devices/#` : `${root}/devices/#`,
  /** Federation (docs/federation.md): a district hub's incident, published to its province. */
  federationIncident: (hubId: string, incidentId: string, root = DEFAULT_TOPIC_ROOT): string =>
    `${root}/federation/${hubId}/incidents/${incidentId}`,
  /** Everything districts publish to a province. */
  federationWildcard: (root = DEFAULT_TOPIC_ROOT): string => `${root}/federation/#`,
};

export type ParsedFederationTopic = { hubId: string; incidentId: string };

/** Parses `{root}/federation/{hubId}/incidents/{id}`; null when outside that scheme. */
export function parseFederationTopic(
  topic: string,
  root = DEFAULT_TOPIC_ROOT,
): ParsedFederationTopic | null {
  const parts = topic.split('/');
  if (parts.length !== 5 || parts[0] !== root || parts[1] !== 'federation') return null;
  const [, , hubId = '', kind, incidentId = ''] = parts;
  if (kind !== 'incidents' || !deviceIdPattern.test(hubId) || !deviceIdPattern.test(incidentId))
    return null;
  return { hubId, incidentId };
}

export type ParsedDeviceTopic = { deviceId: string; channel: DeviceChannel };

/** Parses a device topic; null when it is outside the scheme (wrong root, id or channel). */
export function parseDeviceTopic(
  topic: string,
  root = DEFAULT_TOPIC_ROOT,
): ParsedDeviceTopic | null {
  const prefix = `${root}/devices/`;
  if (!topic.startsWith(prefix)) return null;
  const rest = topic.slice(prefix.length);
  const slash = rest.indexOf('/');
  if (slash < 0) return null;
  const deviceId = rest.slice(0, slash);
  const channel = rest.slice(slash + 1);
  if (!deviceIdPattern.test(deviceId)) return null;
  if (!(DEVICE_CHANNELS as readonly string[]).includes(channel)) return null;
  return { deviceId, channel: channel as DeviceChannel };
}

export type ParsedSnapshotTopic = { deviceId: string; eventId: string };

/**
 * An event id as it may stand in a topic level (no `/`, `+`, `#`), as long as events allow.
 * MQTT forbids NUL in topics, so brokers never deliver one.
 */
const snapshotEventIdPattern = /^[^/+#]{1,128}$/;

/**
 * Parses `{root}/devices/{deviceId}/snapshots/{eventId}`; null when the topic is not a
 * snapshot's (wrong root, channel, or an id outside its pattern).
 */
export function parseSnapshotTopic(
  topic: string,
  root = DEFAULT_TOPIC_ROOT,
): ParsedSnapshotTopic | null {
  const parts = topic.split('/');
  if (parts.length !== 5 || parts[0] !== root || parts[1] !== 'devices') return null;
  const [, , deviceId = '', channel, eventId = ''] = parts;
  if (channel !== SNAPSHOT_CHANNEL) return null;
  if (!deviceIdPattern.test(deviceId) || !snapshotEventIdPattern.test(eventId)) return null;
  return { deviceId, eventId };
}
