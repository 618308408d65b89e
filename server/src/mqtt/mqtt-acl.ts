/**
 * Who may do what on the embedded broker (docs/security.md, "MQTT"). Pure decisions: the
 * broker hooks (mqtt-identity.ts) look the identity up and ask these.
 */
export type MqttIdentity =
  /** MQTT_ALLOW_ANONYMOUS=true: any device, as before device identity. */
  | { kind: 'anonymous' }
  /** A provisioned device: its username is its id. */
  | { kind: 'device'; deviceId: string }
  /** A read-only account of a sharing platform (MQTT_INTEGRATION_ACCOUNTS). */
  | { kind: 'integration'; account: string }
  /** A district hub forwarding its incidents to this province (FEDERATION_DISTRICTS). */
  | { kind: 'district'; districtId: string };

/** Why the embedded broker refused something: the label of ioc_mqtt_auth_failures_total. */
export const MQTT_AUTH_FAILURE_REASONS = [
  'no_credentials',
  'bad_credentials',
  'throttled',
  /** A client id held by another device's session (no session takeover). */
  'client_id_taken',
  'publish_denied',
  'subscribe_denied',
  'packet_too_large',
] as const;
export type MqttAuthFailureReason = (typeof MQTT_AUTH_FAILURE_REASONS)[number];

/**
 * True when `topic` (or a filter) is `prefix` itself or lies under it. `prefix` is literal
 * (device ids have no wildcards), so a filter passing this matches nothing outside it.
 */
function under(topic: string, prefix: string): boolean {
  return topic === prefix || topic.startsWith(`${prefix}/`);
}

/** Topics a client may publish to. `$SYS` is refused by the broker before this. */
export function mayPublish(identity: MqttIdentity, topic: string, root: string): boolean {
  switch (identity.kind) {
    case 'anonymous':
      return true;
    case 'device':
      // Only under its own id: ioc/incidents/# is written by the hub alone (in-process).
      return topic.startsWith(`${root}/devices/${identity.deviceId}/`);
    case 'integration':
      return false;
    case 'district':
      return topic.startsWith(`${root}/federation/${identity.districtId}/`);
  }
}

/** Topic filters a client may subscribe to. Shared subscriptions are the hub's alone. */
export function maySubscribe(identity: MqttIdentity, filter: string, root: string): boolean {
  switch (identity.kind) {
    case 'anonymous':
      return true;
    case 'device':
      return under(filter, `${root}/devices/${identity.deviceId}`);
    case 'integration':
      return under(filter, `${root}/incidents`);
    case 'district':
      return false;
  }
}
