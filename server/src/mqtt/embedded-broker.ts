import { createServer, type Server } from 'node:net';
import { Aedes } from 'aedes';
import { coalesceWrites } from '../common/coalesce-writes';

/**
 * The embedded MQTT broker (Aedes) used when no MQTT_URL is set. It listens on its own
 * port (default 1884) so the hub starts beside a broker that already holds 1883.
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
            ? new Error(`MQTT_PORT ${port} is already in use: set MQTT_PORT to a free port, or MQTT_URL to use that broker`)
            : error,
        );
      });
      server.listen(port, host, () => resolve());
    });
    const address = server.address();
    return new EmbeddedBroker(broker, server, typeof address === 'object' && address ? address.port : port);
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.broker.close(() => resolve()));
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
