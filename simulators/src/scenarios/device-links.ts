import { topics } from '@ioc/shared';
import type { DeviceConnections } from '../identity/device-connections';
import type { OutboundMessage } from '../messages';
import { MqttPublisher } from '../publisher';
import type { DeviceLinks } from './scenario.runner';

export interface MqttDeviceLinksOptions {
  url: string;
  topicRoot: string;
  runTag: string;
  connectTimeoutMs: number;
  /**
   * A connection that may subscribe: it watches for the Last Will after a drop. With device
   * identity only the device itself may read its topics, so its own plain connection watches.
   */
  watcher?: MqttPublisher;
  /** Device identity: links connect with the device's credentials. */
  devices?: DeviceConnections;
  /** How long to wait for the broker to publish a dropped device's will. */
  willTimeoutMs?: number;
}

/**
 * One MQTT connection per device for `connect`/`disconnect` steps, each with the device's
 * `offline` status as its Last Will. A drop destroys the socket (no DISCONNECT), so the
 * broker publishes the will; the step waits until the will is seen on the status topic, so
 * the next step (a reconnect, say) cannot overtake it.
 */
export class MqttDeviceLinks implements DeviceLinks {
  private readonly links = new Map<string, MqttPublisher>();
  /** Connections made, dropped (wills published) — printed by the commands. */
  readonly counts = { connected: 0, dropped: 0 };

  constructor(private readonly options: MqttDeviceLinksOptions) {}

  async connect(deviceId: string, will: OutboundMessage): Promise<void> {
    if (this.links.has(deviceId)) throw new Error(`${deviceId} is already connected`);
    const clientId = `ioc-sim-${this.options.runTag}-${deviceId}`;
    // A dropped device stays down until a step connects it again.
    const link = this.options.devices
      ? await this.options.devices.connect(deviceId, { will, clientId, reconnectPeriodMs: 0 })
      : await MqttPublisher.connect({
          url: this.options.url,
          clientId,
          will,
          connectTimeoutMs: this.options.connectTimeoutMs,
          reconnectPeriodMs: 0,
        });
    this.links.set(deviceId, link);
    this.counts.connected += 1;
  }

  async drop(deviceId: string): Promise<void> {
    const link = this.links.get(deviceId);
    if (!link) throw new Error(`${deviceId} has no connection of its own to drop`);
    const statusTopic = topics.status(deviceId, this.options.topicRoot);
    const timeoutMs = this.options.willTimeoutMs ?? 10_000;
    let dropped = false;
    let seen!: () => void;
    const willSeen = new Promise<void>((resolve) => (seen = resolve));
    // Subscribing also delivers the retained `online`: only an `offline` after the drop counts
    // (or the retained will itself, when it was published before the subscription took).
    const watcher = this.options.devices
      ? await this.options.devices.connectionOf(deviceId)
      : this.options.watcher;
    if (!watcher) throw new Error(`nothing can watch for the Last Will of ${deviceId}`);
    const unsubscribe = await watcher.subscribe(statusTopic, (topic, payload) => {
      if (dropped && topic === statusTopic && payload.toString('utf8') === 'offline') seen();
    });
    let timer: NodeJS.Timeout | undefined;
    try {
      this.links.delete(deviceId);
      dropped = true;
      await link.drop();
      await Promise.race([
        willSeen,
        new Promise<never>((_, reject) => {
          timer = setTimeout(
            () =>
              reject(
                new Error(
                  `the broker did not publish the Last Will of ${deviceId} within ${timeoutMs / 1000} s`,
                ),
              ),
            timeoutMs,
          );
        }),
      ]);
      this.counts.dropped += 1;
    } finally {
      clearTimeout(timer);
      await unsubscribe().catch(() => undefined);
    }
  }

  publish(message: OutboundMessage): Promise<void> {
    const link = this.links.get(message.deviceId);
    if (!link) return Promise.reject(new Error(`${message.deviceId} is not connected`));
    return link.publish(message);
  }

  isConnected(deviceId: string): boolean {
    return this.links.has(deviceId);
  }

  /** Closes the links still up, cleanly: a clean DISCONNECT discards their wills. */
  async closeAll(): Promise<void> {
    const open = [...this.links.values()];
    this.links.clear();
    await Promise.allSettled(open.map((l) => l.close()));
  }
}
