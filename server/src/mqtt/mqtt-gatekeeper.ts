import { RateLimiter } from '../common/rate-limiter';
import { digestSecret, secretMatches } from '../devices/device-secret';
import {
  mayPublish,
  maySubscribe,
  type MqttAuthFailureReason,
  type MqttIdentity,
} from './mqtt-acl';

const FAILURE_WINDOW_MS = 60_000;
/** Addresses remembered by the failure throttle (least recently failing forgotten first). */
const THROTTLED_ADDRESSES = 10_000;

export interface GatekeeperOptions {
  allowAnonymous: boolean;
  topicRoot: string;
  /** Read-only accounts: `id` is the username, `key` the password. */
  integrationAccounts: readonly { id: string; key: string }[];
  /** District hubs (docs/federation.md): `id` is the username, `key` the password. */
  districtAccounts?: readonly { id: string; key: string }[];
  /** Failed logins per address per minute before the address is refused unchecked. */
  failuresPerAddress: number;
  /** The stored digest of a device's password (from memory: 10,000 reconnects stay fast). */
  secretDigestOf: (deviceId: string) => string | null;
  now?: () => number;
}

export type LoginDecision =
  { ok: true; identity: MqttIdentity } | { ok: false; reason: MqttAuthFailureReason };

/**
 * Who a connecting MQTT client is, and what it may then do (docs/security.md, "MQTT"). No
 * broker in here: embedded-broker.ts asks it from Aedes' hooks.
 */
export class MqttGatekeeper {
  private readonly failures: RateLimiter;
  /** SHA-256 of each integration password, compared in constant time like a device's. */
  private readonly integrationDigests: Map<string, string>;
  private readonly districtDigests: Map<string, string>;

  constructor(private readonly options: GatekeeperOptions) {
    this.failures = new RateLimiter(
      options.failuresPerAddress,
      FAILURE_WINDOW_MS,
      THROTTLED_ADDRESSES,
      options.now,
    );
    this.integrationDigests = new Map(
      options.integrationAccounts.map(({ id, key }) => [id, digestSecret(key)]),
    );
    this.districtDigests = new Map(
      (options.districtAccounts ?? []).map(({ id, key }) => [id, digestSecret(key)]),
    );
  }

  /**
   * Checks a CONNECT's credentials. An address past its failures is refused before they are
   * checked; a failure counts against the address.
   */
  login(
    address: string,
    username: string | undefined,
    password: Buffer | undefined,
  ): LoginDecision {
    if (this.failures.isBlocked(address)) return { ok: false, reason: 'throttled' };
    const decision = this.check(username, password);
    if (!decision.ok) this.failures.hit(address);
    return decision;
  }

  mayPublish(identity: MqttIdentity, topic: string): boolean {
    return mayPublish(identity, topic, this.options.topicRoot);
  }

  maySubscribe(identity: MqttIdentity, filter: string): boolean {
    return maySubscribe(identity, filter, this.options.topicRoot);
  }

  private check(username: string | undefined, password: Buffer | undefined): LoginDecision {
    if (!username) {
      return this.options.allowAnonymous
        ? { ok: true, identity: { kind: 'anonymous' } }
        : { ok: false, reason: 'no_credentials' };
    }
    const secret = password?.toString('utf8') ?? '';
    const integration = this.integrationDigests.get(username);
    if (integration !== undefined) {
      return secretMatches(integration, secret)
        ? { ok: true, identity: { kind: 'integration', account: username } }
        : { ok: false, reason: 'bad_credentials' };
    }
    const district = this.districtDigests.get(username);
    if (district !== undefined) {
      return secretMatches(district, secret)
        ? { ok: true, identity: { kind: 'district', districtId: username } }
        : { ok: false, reason: 'bad_credentials' };
    }
    const digest = this.options.secretDigestOf(username);
    // An unknown username costs the same digest as a known one.
    const matches = secretMatches(digest ?? UNKNOWN_DIGEST, secret) && digest !== null;
    return matches
      ? { ok: true, identity: { kind: 'device', deviceId: username } }
      : { ok: false, reason: 'bad_credentials' };
  }
}

const UNKNOWN_DIGEST = digestSecret('no such device');

/** One principal: a client id may pass from one connection to another only within it. */
export function identityKey(identity: MqttIdentity): string {
  switch (identity.kind) {
    case 'device':
      return `device:${identity.deviceId}`;
    case 'integration':
      return `integration:${identity.account}`;
    case 'district':
      return `district:${identity.districtId}`;
    case 'anonymous':
      return 'anonymous';
  }
}
