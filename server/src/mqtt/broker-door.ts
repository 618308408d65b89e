import type { Socket } from 'node:net';
import type { Aedes, AuthErrorCode, Client, Subscription } from 'aedes';
import type { MqttAuthFailureReason, MqttIdentity } from './mqtt-acl';
import { identityKey, type MqttGatekeeper } from './mqtt-gatekeeper';
import { PacketSizeGuard } from './packet-size-guard';

/** Hears of every refusal at the door: counted and logged (throttled) by the caller. */
export type RefusalSink = (reason: MqttAuthFailureReason, detail: string) => void;

/** MQTT 3.1.1 CONNACK return codes (Aedes' AuthErrorCode is a const enum). */
const BAD_USERNAME_OR_PASSWORD = 4 as AuthErrorCode;
const NOT_AUTHORIZED = 5 as AuthErrorCode;

/**
 * The embedded broker's door (docs/security.md, "MQTT"): each connection's packet size
 * while it is read, each CONNECT's credentials, and each SUBSCRIBE; PUBLISH is checked in
 * the intake (embedded-broker.ts) with mayPublish. The identity a client proved stays with
 * its Aedes client object.
 */
export class BrokerDoor {
  private readonly identities = new WeakMap<Client, MqttIdentity>();
  private broker: Aedes | null = null;

  constructor(
    private readonly gatekeeper: MqttGatekeeper,
    private readonly maxPacketBytes: number,
    private readonly refuse: RefusalSink,
  ) {}

  attach(broker: Aedes): void {
    this.broker = broker;
  }

  /**
   * Closes a connection as soon as a packet header announces more than the limit: the check
   * runs on each chunk the socket reads, before Aedes' parser buffers any of it.
   */
  guard(socket: Socket): void {
    const guard = new PacketSizeGuard(this.maxPacketBytes);
    const push = socket.push.bind(socket);
    socket.push = (chunk: unknown, encoding?: BufferEncoding): boolean => {
      if (chunk instanceof Uint8Array && !guard.accept(chunk)) {
        this.refuse(
          'packet_too_large',
          `${socket.remoteAddress ?? 'unknown'}: a packet over ${this.maxPacketBytes} bytes; connection closed`,
        );
        socket.destroy();
        return false;
      }
      return push(chunk, encoding);
    };
  }

  readonly authenticate = (
    client: Client,
    username: Readonly<string | undefined>,
    password: Readonly<Buffer | undefined>,
    done: (error: (Error & { returnCode: AuthErrorCode }) | null, success: boolean | null) => void,
  ): void => {
    const address = (client.conn as Partial<Socket>).remoteAddress ?? 'unknown';
    const decision = this.gatekeeper.login(address, username, password);
    if (!decision.ok) {
      this.refuse(decision.reason, `${address}: login as ${username ?? '(none)'} refused`);
      const returnCode =
        decision.reason === 'throttled' ? NOT_AUTHORIZED : BAD_USERNAME_OR_PASSWORD;
      return done(Object.assign(new Error(decision.reason), { returnCode }), false);
    }
    // A client id passes only within one principal: no device can take over another's session.
    const holder = this.clients()[client.id];
    const held = holder && holder !== client ? this.identities.get(holder) : undefined;
    if (held && identityKey(held) !== identityKey(decision.identity)) {
      this.refuse('client_id_taken', `${address}: client id ${client.id} belongs to another`);
      return done(
        Object.assign(new Error('client id taken'), { returnCode: NOT_AUTHORIZED }),
        false,
      );
    }
    this.identities.set(client, decision.identity);
    done(null, true);
  };

  readonly authorizeSubscribe = (
    client: Client,
    subscription: Subscription,
    done: (error: Error | null, subscription?: Subscription | null) => void,
  ): void => {
    const identity = this.identities.get(client);
    if (identity && this.gatekeeper.maySubscribe(identity, subscription.topic))
      return done(null, subscription);
    this.refuse('subscribe_denied', `${client.id}: subscription to ${subscription.topic} refused`);
    // A null subscription is a failure (0x80) in the SUBACK; the connection stays.
    done(null, null);
  };

  /** For a device's publish or Last Will; counts a refusal. */
  mayPublish(client: Client | null, topic: string): boolean {
    const identity = client ? this.identities.get(client) : undefined;
    if (identity && this.gatekeeper.mayPublish(identity, topic)) return true;
    this.refuse('publish_denied', `${client?.id ?? '(none)'}: publish to ${topic} refused`);
    return false;
  }

  /** Closes every open session of a device (its credentials were rotated or removed). */
  disconnectDevice(deviceId: string): number {
    let closed = 0;
    for (const client of Object.values(this.clients())) {
      const identity = this.identities.get(client);
      if (identity?.kind === 'device' && identity.deviceId === deviceId) {
        client.close();
        closed++;
      }
    }
    return closed;
  }

  /** Aedes' connected clients by id (public in Aedes, not in its typings). */
  private clients(): Record<string, Client> {
    return (this.broker as unknown as { clients?: Record<string, Client> } | null)?.clients ?? {};
  }
}
