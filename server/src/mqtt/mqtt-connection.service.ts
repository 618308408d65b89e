import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { Socket } from 'node:net';
import mqtt, { type IPublishPacket, type MqttClient } from 'mqtt';
import { topics } from '@ioc/shared';
import { APP_CONFIG, type AppConfig } from '../config/app.config';
import { type HandlerErrorSink, type MessageHandler } from './deliver';
import { EmbeddedBroker } from './embedded-broker';
import { Inbox } from './inbox';

export type { MessageHandler } from './deliver';

/**
 * MQTT 5 Receive Maximum the hub announces to an external broker: how many QoS 1 messages
 * it may have unacknowledged. Mosquitto otherwise keeps 20 in flight to it and drops
 * beyond 1,000 queued whenever the hub is a few milliseconds behind; 16,000 covers a stall
 * of the hub's event loop of half a second at 30,000 events/s. Not much more: with tens of
 * thousands unsent behind a full socket, Mosquitto 2.0 spends its time walking that list
 * (docs/benchmarks.md); the hub's inbox takes a burst off the socket instead.
 */
const RECEIVE_MAXIMUM = 16_000;
/** Messages acknowledged but not yet handled, at most (see Inbox): about 40 MB. */
const INBOX_CAPACITY = 100_000;
/** How long an external broker keeps the hub's session (and queues for it) while it is away. */
const SESSION_EXPIRY_SECONDS = 7 * 24 * 3600;

/**
 * The hub's link to MQTT: in-process to the embedded broker, or one MQTT 5 connection to
 * MQTT_URL. On an external broker it subscribes to device topics with QoS 1 on a
 * persistent session (clean start off, a fixed client id, a session expiry), so what
 * devices publish while the hub restarts is delivered when it returns, and messages are
 * taken off the socket into an inbox (see Inbox). A slow database pushes back on the
 * broker: the handler then returns a promise, and PUBACKs wait once the inbox is full
 * (embedded: each PUBACK waits for the handler).
 */
@Injectable()
export class MqttConnectionService implements OnApplicationShutdown {
  private readonly logger = new Logger('mqtt');
  private broker: EmbeddedBroker | null = null;
  private client: MqttClient | null = null;
  private handler: MessageHandler | null = null;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  get connected(): boolean {
    return this.broker !== null || (this.client?.connected ?? false);
  }

  /** The URL devices should use (the embedded broker's, or MQTT_URL). */
  get brokerUrl(): string {
    return (
      this.config.mqtt.url ??
      `mqtt://127.0.0.1:${this.broker?.port ?? this.config.mqtt.embeddedPort}`
    );
  }

  onMessage(handler: MessageHandler): void {
    this.handler = handler;
  }

  async start(): Promise<void> {
    const onError: HandlerErrorSink = (topic, error) =>
      this.logger.error(`handler failed for ${topic}: ${String(error)}`);
    const handle: MessageHandler = (topic, payload) => this.handler?.(topic, payload);
    if (!this.config.mqtt.url) {
      this.broker = await EmbeddedBroker.start(this.config.mqtt.embeddedPort);
      await this.broker.subscribe(
        topics.deviceWildcard(this.config.mqtt.topicRoot),
        handle,
        onError,
      );
      this.logger.log(`embedded MQTT broker listening on port ${this.broker.port}`);
      return;
    }
    await this.connect(handle, onError);
  }

  private async connect(handle: MessageHandler, onError: HandlerErrorSink): Promise<void> {
    const client = mqtt.connect(this.brokerUrl, {
      clientId: this.config.mqtt.clientId,
      clean: false,
      protocolVersion: 5,
      properties: {
        receiveMaximum: RECEIVE_MAXIMUM,
        sessionExpiryInterval: SESSION_EXPIRY_SECONDS,
      },
      reconnectPeriod: 1000,
      connectTimeout: 10_000,
      keepalive: 30,
    });
    this.client = client;
    const inbox = new Inbox(INBOX_CAPACITY, handle, onError);
    client.handleMessage = (packet: IPublishPacket, done: () => void) =>
      inbox.offer(
        packet.topic,
        typeof packet.payload === 'string' ? Buffer.from(packet.payload) : packet.payload,
        done,
      );
    client.on('connect', (connack) => {
      // A new stream on every (re)connection: PUBACKs leave without Nagle's delay.
      const socket = client.stream as Partial<Socket>;
      if (typeof socket.setNoDelay === 'function') socket.setNoDelay(true);
      this.logger.log(
        `connected to ${this.brokerUrl} (session present: ${connack.sessionPresent})`,
      );
      const topic = topics.deviceWildcard(
        this.config.mqtt.topicRoot,
        this.config.mqtt.shareGroup ?? undefined,
      );
      client.subscribe(topic, { qos: 1 }, (error) => {
        if (error) this.logger.error(`subscribe to ${topic} failed: ${error.message}`);
      });
    });
    client.on('error', (error) => this.logger.warn(`MQTT error: ${error.message}`));
    client.on('offline', () =>
      this.logger.warn(`MQTT connection to ${this.brokerUrl} lost; reconnecting`),
    );
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`could not connect to MQTT broker ${this.brokerUrl} within 10 s`)),
        10_000,
      );
      client.once('connect', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  /**
   * Publishes the hub's own messages (incidents), QoS 1. Never throws: a failure is logged.
   * Callbacks rather than promises: this runs for every changed incident of every batch.
   */
  publish(topic: string, payload: string, retain = false): void {
    if (this.broker)
      this.broker.publish(topic, payload, retain, (error) => this.published(topic, error));
    else
      this.client?.publish(topic, payload, { qos: 1, retain }, (error) =>
        this.published(topic, error),
      );
  }

  private published(topic: string, error: Error | undefined): void {
    if (error) this.logger.warn(`publish to ${topic} failed: ${error.message}`);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.client?.endAsync();
    await this.broker?.stop();
  }
}
