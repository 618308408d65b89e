import type { MessageSink, OutboundMessage } from '../messages';
import { clientIdFor, MqttPublisher } from '../publisher';
import { credentialsOf, type CredentialsMap } from './credentials.file';
import { forEachLimited } from '../limited';

export interface DeviceConnectionsOptions {
  url: string;
  connectTimeoutMs: number;
  runTag: string;
  credentials: CredentialsMap;
  /** Where the credentials came from, for the message when a device has none. */
  origin: string;
  /** Per connection; the commands bound the total with their own window. */
  maxInflight?: number;
}

/** Connections opened at once: a 10,000-device fleet does not hit the broker in one burst. */
export const CONNECT_CONCURRENCY = 200;

/**
 * One MQTT connection per device, each with the device's own username and password: with
 * device identity a broker lets a device speak only for itself, so the shared connections of
 * anonymous mode cannot carry a fleet. As a sink, it routes each message to its device's
 * connection, opening it on first use.
 */
export class DeviceConnections implements MessageSink {
  private readonly open = new Map<string, Promise<MqttPublisher>>();

  constructor(private readonly options: DeviceConnectionsOptions) {}

  /** A new connection as `deviceId` (a scenario's `connect` step, a fleet device with its will). */
  async connect(
    deviceId: string,
    extra: { will?: OutboundMessage; reconnectPeriodMs?: number; clientId?: string } = {},
  ): Promise<MqttPublisher> {
    const { username, password } = credentialsOf(
      this.options.credentials,
      deviceId,
      this.options.origin,
    );
    return MqttPublisher.connect({
      url: this.options.url,
      clientId: extra.clientId ?? clientIdFor(deviceId, this.options.runTag),
      connectTimeoutMs: this.options.connectTimeoutMs,
      maxInflight: this.options.maxInflight,
      will: extra.will,
      reconnectPeriodMs: extra.reconnectPeriodMs,
      username,
      password,
    });
  }

  /** The device's shared connection, opened once (concurrent callers wait for the same one). */
  connectionOf(deviceId: string): Promise<MqttPublisher> {
    let connection = this.open.get(deviceId);
    if (!connection) {
      connection = this.connect(deviceId);
      this.open.set(deviceId, connection);
      // A failed connect is not cached: the next message tries again.
      connection.catch(() => this.open.delete(deviceId));
    }
    return connection;
  }

  /** Opens the connections of `deviceIds` ahead of time, a bounded number at once. */
  async openAll(deviceIds: readonly string[]): Promise<void> {
    await forEachLimited(deviceIds, CONNECT_CONCURRENCY, async (id) => {
      await this.connectionOf(id);
    });
  }

  async publish(message: OutboundMessage): Promise<void> {
    return (await this.connectionOf(message.deviceId)).publish(message);
  }

  get size(): number {
    return this.open.size;
  }

  async flush(): Promise<void> {
    await Promise.all((await this.opened()).map((c) => c.flush()));
  }

  /** Flushes and closes every connection (a clean DISCONNECT: no Last Will). */
  async closeAll(): Promise<void> {
    const opened = await this.opened();
    this.open.clear();
    await Promise.allSettled(opened.map((c) => c.close()));
  }

  private async opened(): Promise<MqttPublisher[]> {
    const settled = await Promise.allSettled([...this.open.values()]);
    return settled.flatMap((o) => (o.status === 'fulfilled' ? [o.value] : []));
  }
}
