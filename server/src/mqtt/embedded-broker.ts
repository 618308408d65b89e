import { createServer, type Server, type Socket } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import { Aedes, type Client, type PublishPacket } from 'aedes';
import { coalesceWrites } from '../common/coalesce-writes';
import {
  boundPersistence,
  type BoundablePersistence,
  type PersistenceLimits,
} from './bounded-persistence';
import type { BrokerDoor } from './broker-door';
import { deliver, type HandlerErrorSink, type MessageHandler } from './deliver';

/** Aedes' own rule, which a custom authorizePublish replaces: clients never publish to $SYS. */
const SYS_PREFIX = '$SYS/';
const SYS_RESERVED = new Error(`${SYS_PREFIX} topics are reserved`);
/** Refusing a publish closes the device's connection without a PUBACK; it resends later. */
const STOPPING = new Error('the hub is shutting down and takes no more messages');
/** A publish outside the client's own topics: refused, which closes its connection. */
const PUBLISH_DENIED = new Error('not authorized to publish there');
const ignore = (): void => undefined;

type AuthorizeCallback = (error?: Error | null) => void;

export interface EmbeddedBrokerOptions {
  port: number;
  host?: string;
  /** Topics whose messages go to `handler` (the device topics). */
  handles: (topic: string) => boolean;
  handler: MessageHandler;
  onError: HandlerErrorSink;
  /** Credentials, ACL and packet size (broker-door.ts). */
  door: BrokerDoor;
  limits: PersistenceLimits;
  /** A retained message or a queued one dropped at its bound. */
  onDrop: (what: 'retained' | 'queued', key: string) => void;
  /** mqtts beside the plain port, which then listens on the loopback only. */
  tls: { cert: Buffer; key: Buffer; ca: Buffer | null; port: number } | null;
}

/** Per connection, at most: a bound on what one client can make the broker hold. */
const READ_BUFFER_BYTES = 256 * 1024;

/**
 * Device messages enter the hub in Aedes' `authorizePublish` hook, the one step Aedes
 * runs before it writes the PUBACK of a QoS 1 publish (lib/handlers/publish.js: authorize,
 * then PUBACK, then route to subscribers). The hook calls back only once the handler's
 * `done` fires, i.e. once the message is durable, so a device's PUBACK means "stored"
 * (docs/contract.md §3). On `done(error)` the hook refuses: Aedes closes the device's
 * connection without a PUBACK (its documented answer to an authorizePublish error, the
 * only one MQTT 3.1.1 has), and a device with a persistent session resends on reconnect.
 *
 * Aedes hands every packet of one socket read to its handlers at once and reads no more
 * from that socket until all of them have called back, so many publishes of one device
 * wait for the same group commit; their PUBACKs leave in arrival order, in one write.
 * Last Wills pass through this hook as well (Aedes authorizes them before publishing):
 * a device's `offline` will reaches the hub the same way, stored before it is routed.
 */
class DeviceIntake {
  private accepting = true;
  /** QoS 1 messages handed to the hub whose acknowledgement has not been decided yet. */
  private inHand = 0;
  private idleWaiters: (() => void)[] = [];

  constructor(private readonly options: EmbeddedBrokerOptions) {}

  readonly authorizePublish = (
    client: Client | null,
    packet: PublishPacket,
    callback: AuthorizeCallback,
  ): void => {
    const { topic } = packet;
    if (topic.startsWith(SYS_PREFIX)) return callback(SYS_RESERVED);
    if (!this.options.door.mayPublish(client, topic)) return callback(PUBLISH_DENIED);
    if (!this.options.handles(topic)) return callback(null);
    if (!this.accepting) return callback(STOPPING);
    const { handler, onError } = this.options;
    if (packet.qos === 0) {
      // Nothing to acknowledge: handled, and routed without waiting for its commit.
      deliver(handler, topic, packet.payload, ignore, onError);
      return callback(null);
    }
    this.inHand++;
    deliver(
      handler,
      topic,
      packet.payload,
      (error) => {
        if (!error) callback(null);
        // A refusal closes the connection at once: one loop turn later, so that PUBACKs
        // written just before it (held to the end of the turn, coalesceWrites) leave first.
        else setImmediate(callback, error);
        if (--this.inHand === 0) this.wakeIdle();
      },
      onError,
    );
  };

  stop(): void {
    this.accepting = false;
  }

  /** Resolves once every message handed over has been acknowledged or refused. */
  whenIdle(): Promise<void> {
    if (this.inHand === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private wakeIdle(): void {
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }
}

/**
 * The embedded MQTT broker (Aedes) used when no MQTT_URL is set. It listens on its own
 * port (default 1884) so the hub starts beside a broker that already holds 1883.
 *
 * The hub itself is not a network client of its own broker: device messages reach it in
 * the broker's authorizePublish hook (see DeviceIntake) and it publishes in-process: a TCP
 * round trip to itself would cost every event a serialisation, a parse, a stored in-flight
 * copy for the session and a PUBACK each way (docs/benchmarks.md).
 */
export class EmbeddedBroker {
  private serverClosed: Promise<void> | null = null;

  private constructor(
    private readonly broker: Aedes,
    private readonly servers: Server[],
    private readonly sockets: Set<Socket>,
    private readonly intake: DeviceIntake,
    readonly port: number,
    /** The mqtts port, when TLS is on. */
    readonly tlsPort: number | null,
  ) {}

  static async start(options: EmbeddedBrokerOptions): Promise<EmbeddedBroker> {
    const intake = new DeviceIntake(options);
    const { door } = options;
    const broker = await Aedes.createBroker({
      authenticate: door.authenticate,
      authorizePublish: intake.authorizePublish,
      authorizeSubscribe: door.authorizeSubscribe,
    });
    door.attach(broker);
    // Aedes' persistence is public in Aedes, not in its typings.
    const { persistence } = broker as unknown as { persistence: BoundablePersistence };
    boundPersistence(persistence, options.limits, options.onDrop);
    const sockets = new Set<Socket>();
    const accept = (socket: Socket): void => {
      sockets.add(socket);
      socket.once('close', () => sockets.delete(socket));
      door.guard(socket);
      coalesceWrites(socket);
      broker.handle(socket);
    };
    // No Nagle delay on what the broker sends (deliveries, PUBACKs): see mqtt-connection.service.ts.
    // A larger read buffer: Aedes reads a socket's whole buffer, then no more until every
    // publish in it is acknowledged, i.e. committed. With Node's default 16 KiB that is ~60
    // events per commit for one connection; READ_BUFFER_BYTES lets a busy device or gateway
    // fill a group commit (docs/benchmarks.md).
    const servers = [createServer({ noDelay: true, highWaterMark: READ_BUFFER_BYTES }, accept)];
    const { port, tls } = options;
    // With TLS, plain MQTT stays for local tools only.
    const host = tls ? '127.0.0.1' : (options.host ?? '0.0.0.0');
    await listen(servers[0] as Server, port, host, 'MQTT_PORT');
    if (tls) {
      const secure = createTlsServer(
        {
          highWaterMark: READ_BUFFER_BYTES,
          cert: tls.cert,
          key: tls.key,
          ...(tls.ca ? { ca: tls.ca, requestCert: true, rejectUnauthorized: true } : {}),
        },
        accept,
      );
      secure.on('connection', (socket: Socket) => socket.setNoDelay(true));
      await listen(secure, tls.port, options.host ?? '0.0.0.0', 'MQTT_TLS_PORT');
      servers.push(secure);
    }
    const ports = servers.map((server) => {
      const address = server.address();
      return typeof address === 'object' && address ? address.port : port;
    });
    return new EmbeddedBroker(broker, servers, sockets, intake, ports[0] ?? port, ports[1] ?? null);
  }

  /** Publishes as the broker itself (no client), QoS 1; `done` hears of a failure. */
  publish(
    topic: string,
    payload: string | Buffer,
    retain: boolean,
    done: (error?: Error) => void,
  ): void {
    this.broker.publish({ cmd: 'publish', topic, payload, qos: 1, retain, dup: false }, (error) =>
      done(error ?? undefined),
    );
  }

  /**
   * Takes no more device messages: no new connections, and every new device publish is
   * refused (no PUBACK; the device resends to the next hub). What was handed over is still
   * acknowledged once it is durable: see whenIdle().
   */
  stopIntake(): void {
    this.intake.stop();
    this.serverClosed ??= Promise.all(
      this.servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve()))),
    ).then(() => undefined);
  }

  /** Resolves once every device message handed to the hub has been acknowledged or refused. */
  whenIdle(): Promise<void> {
    return this.intake.whenIdle();
  }

  /** Resolves with what it closed and how long each part took, for the log. */
  async stop(): Promise<string> {
    this.stopIntake();
    // The last PUBACKs are held to the end of this turn (coalesceWrites): let them leave
    // before the connections close.
    await new Promise((resolve) => setImmediate(resolve));
    const clients = this.sockets.size;
    const started = Date.now();
    await new Promise<void>((resolve) => this.broker.close(() => resolve()));
    const brokerClosed = Date.now();
    // Aedes closes the connections of its clients; one that never sent CONNECT is not one.
    for (const socket of this.sockets) socket.destroy();
    await this.serverClosed;
    return `${clients} connections; Aedes ${brokerClosed - started} ms, listeners ${Date.now() - brokerClosed} ms`;
  }
}

function listen(server: Server, port: number, host: string, setting: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'EADDRINUSE'
          ? new Error(
              `${setting} ${port} is already in use: set ${setting} to a free port, or MQTT_URL to use that broker`,
            )
          : error,
      );
    });
    server.listen(port, host, () => resolve());
  });
}
