import { createServer, type Server, type Socket } from 'node:net';
import { Aedes, type Client, type PublishPacket } from 'aedes';
import { coalesceWrites } from '../common/coalesce-writes';
import { deliver, type HandlerErrorSink, type MessageHandler } from './deliver';

/** Aedes' own rule, which a custom authorizePublish replaces: clients never publish to $SYS. */
const SYS_PREFIX = '$SYS/';
const SYS_RESERVED = new Error(`${SYS_PREFIX} topics are reserved`);
/** Refusing a publish closes the device's connection without a PUBACK; it resends later. */
const STOPPING = new Error('the hub is shutting down and takes no more messages');
const ignore = (): void => undefined;

type AuthorizeCallback = (error?: Error | null) => void;

export interface EmbeddedBrokerOptions {
  port: number;
  host?: string;
  /** Topics whose messages go to `handler` (the device topics). */
  handles: (topic: string) => boolean;
  handler: MessageHandler;
  onError: HandlerErrorSink;
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
    _client: Client | null,
    packet: PublishPacket,
    callback: AuthorizeCallback,
  ): void => {
    const { topic } = packet;
    if (topic.startsWith(SYS_PREFIX)) return callback(SYS_RESERVED);
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
    private readonly server: Server,
    private readonly sockets: Set<Socket>,
    private readonly intake: DeviceIntake,
    readonly port: number,
  ) {}

  static async start(options: EmbeddedBrokerOptions): Promise<EmbeddedBroker> {
    const intake = new DeviceIntake(options);
    const broker = await Aedes.createBroker({ authorizePublish: intake.authorizePublish });
    const sockets = new Set<Socket>();
    // No Nagle delay on what the broker sends (deliveries, PUBACKs): see mqtt-connection.service.ts.
    // A larger read buffer: Aedes reads a socket's whole buffer, then no more until every
    // publish in it is acknowledged, i.e. committed. With Node's default 16 KiB that is ~60
    // events per commit for one connection; READ_BUFFER_BYTES lets a busy device or gateway
    // fill a group commit (docs/benchmarks.md).
    const server = createServer({ noDelay: true, highWaterMark: READ_BUFFER_BYTES }, (socket) => {
      sockets.add(socket);
      socket.once('close', () => sockets.delete(socket));
      coalesceWrites(socket);
      broker.handle(socket);
    });
    const { port, host = '0.0.0.0' } = options;
    await new Promise<void>((resolve, reject) => {
      server.once('error', (error: NodeJS.ErrnoException) => {
        reject(
          error.code === 'EADDRINUSE'
            ? new Error(
                `MQTT_PORT ${port} is already in use: set MQTT_PORT to a free port, or MQTT_URL to use that broker`,
              )
            : error,
        );
      });
      server.listen(port, host, () => resolve());
    });
    const address = server.address();
    return new EmbeddedBroker(
      broker,
      server,
      sockets,
      intake,
      typeof address === 'object' && address ? address.port : port,
    );
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
    this.serverClosed ??= new Promise((resolve) => this.server.close(() => resolve()));
  }

  /** Resolves once every device message handed to the hub has been acknowledged or refused. */
  whenIdle(): Promise<void> {
    return this.intake.whenIdle();
  }

  async stop(): Promise<void> {
    this.stopIntake();
    // The last PUBACKs are held to the end of this turn (coalesceWrites): let them leave
    // before the connections close.
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise<void>((resolve) => this.broker.close(() => resolve()));
    // Aedes closes the connections of its clients; one that never sent CONNECT is not one.
    for (const socket of this.sockets) socket.destroy();
    await this.serverClosed;
  }
}
