import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { Socket } from 'node:net';
import mqtt, { type IPublishPacket, type MqttClient } from 'mqtt';
import { topics } from '@ioc/shared';
import { APP_CONFIG, type AppConfig } from '../config/app.config';
import { EmbeddedBroker } from './embedded-broker';

export type MessageHandler = (topic: string, payload: Buffer) => Promise<void> | void;

/**
 * The hub's one MQTT connection: to the embedded broker or to MQTT_URL. It subscribes to
 * device topics with QoS 1 on a persistent session (clean off, fixed client id), so what
 * devices publish while the hub restarts is delivered when it returns; the PUBACK of each
 * message waits for the handler, which is how a slow database pushes back on the broker.
 */
@Injectable()
export class MqttConnectionService implements OnApplicationShutdown {
  private readonly logger = new Logger('mqtt');
  private broker: EmbeddedBroker | null = null;
  private client: MqttClient | null = null;
  private handler: MessageHandler | null = null;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  get connected(): boolean {
    return this.client?.connected ?? false;
  }

  /** The URL devices should use (the embedded broker's, or MQTT_URL). */
  get brokerUrl(): string {
    return this.config.mqtt.url ?? `mqtt://127.0.0.1:${this.broker?.port ?? this.config.mqtt.embeddedPort}`;
  }

  onMessage(handler: MessageHandler): void {
    this.handler = handler;
  }

  async start(): Promise<void> {
    if (!this.config.mqtt.url) {
      this.broker = await EmbeddedBroker.start(this.config.mqtt.embeddedPort);
      this.logger.log(`embedded MQTT broker listening on port ${this.broker.port}`);
    }
    const client = mqtt.connect(this.brokerUrl, {
      clientId: this.config.mqtt.clientId,
      clean: false,
      protocolVersion: 4,
      reconnectPeriod: 1000,
      connectTimeout: 10_000,
      keepalive: 30,
    });
    this.client = client;
    client.handleMessage = (packet: IPublishPacket, done: (error?: Error) => void) => {
      const payload = typeof packet.payload === 'string' ? Buffer.from(packet.payload) : packet.payload;
      Promise.resolve(this.handler?.(packet.topic, payload)).then(
        () => done(),
        (error: unknown) => {
          this.logger.error(`handler failed for ${packet.topic}: ${String(error)}`);
          done();
        },
      );
    };
    client.on('connect', (connack) => {
      // A new stream on every (re)connection. A broker lets a client have only so many QoS 1
      // messages unacknowledged (Mosquitto: 20), so each PUBACK leaves at once, without
      // Nagle's delay and without waiting for the end of the loop turn: the broker sends the
      // next message while the hub works on the rest (docs/benchmarks.md).
      const socket = client.stream as Partial<Socket>;
      if (typeof socket.setNoDelay === 'function') socket.setNoDelay(true);
      this.logger.log(`connected to ${this.brokerUrl} (session present: ${connack.sessionPresent})`);
      const topic = topics.deviceWildcard(this.config.mqtt.topicRoot, this.config.mqtt.shareGroup ?? undefined);
      client.subscribe(topic, { qos: 1 }, (error) => {
        if (error) this.logger.error(`subscribe to ${topic} failed: ${error.message}`);
      });
    });
    client.on('error', (error) => this.logger.warn(`MQTT error: ${error.message}`));
    client.on('offline', () => this.logger.warn(`MQTT connection to ${this.brokerUrl} lost; reconnecting`));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`could not connect to MQTT broker ${this.brokerUrl} within 10 s`)), 10_000);
      client.once('connect', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  /** Publishes the hub's own messages (incidents), QoS 1. Never throws: a failure is logged. */
  async publish(topic: string, payload: string, retain = false): Promise<void> {
    if (!this.client) return;
    try {
      await this.client.publishAsync(topic, payload, { qos: 1, retain });
    } catch (error) {
      this.logger.warn(`publish to ${topic} failed: ${(error as Error).message}`);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.client?.endAsync();
    await this.broker?.stop();
  }
}
