import { createServer, type Server } from 'node:net';
import { Aedes, type AedesPublishPacket } from 'aedes';
import { coalesceWrites } from '../common/coalesce-writes';
import { deliver, type HandlerErrorSink, type MessageHandler } from './deliver';

/**
 * The embedded MQTT broker (Aedes) used when no MQTT_URL is set. It listens on its own
 * port (default 1884) so the hub starts beside a broker that already holds 1883.
 *
 * The hub itself is not a network client of its own broker: it subscribes and publishes
 * in-process: a TCP round trip to itself would cost every event a serialisation, a parse,
 * a stored in-flight copy for the session and a PUBACK each way (docs/benchmarks.md).
 * A device's PUBACK still waits for the hub's handler, so back-pressure is unchanged.
 */
export class EmbeddedBroker {
  private constructor(
    private readonly broker: Aedes,
    private readonly server: Server,
    readonly port: number,
  ) {}

  static async start(port: number, host = '0.0.0.0'): Promise<EmbeddedBroker> {
    const broker = await Aedes.createBroker();
    // No Nagle delay on what the broker sends (deliveries, PUBACKs): see mqtt-connection.service.ts.
    const server = createServer({ noDelay: true }, (socket) => {
      coalesceWrites(socket);
      broker.handle(socket);
    });
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
      typeof address === 'object' && address ? address.port : port,
    );
  }

  /** Delivers every message matching `topic` to `handler`; the publisher's PUBACK waits for it. */
  subscribe(topic: string, handler: MessageHandler, onError: HandlerErrorSink): Promise<void> {
    const onPacket = (packet: AedesPublishPacket, done: () => void): void =>
      deliver(handler, packet.topic, packet.payload, done, onError);
    return new Promise((resolve) => this.broker.subscribe(topic, onPacket, () => resolve()));
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

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.broker.close(() => resolve()));
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
