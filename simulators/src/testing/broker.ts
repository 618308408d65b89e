import { randomBytes } from 'node:crypto';
import mqtt, { type MqttClient } from 'mqtt';
import { parseDeviceTopic, type DeviceChannel } from '@ioc/shared';

/** The machine's Mosquitto (`mosquitto -d -c /etc/mosquitto/mosquitto.conf`), unless told otherwise. */
export const TEST_BROKER_URL = process.env.IOC_SIM_TEST_MQTT_URL ?? 'mqtt://127.0.0.1:1883';

/** A topic root no other test or hub uses: `sim-test-1a2b3c4d`. */
export function uniqueTopicRoot(): string {
  return `sim-test-${randomBytes(4).toString('hex')}`;
}

export interface Received {
  topic: string;
  deviceId: string;
  channel: DeviceChannel;
  payload: string;
}

/** Subscribes to everything under a root and keeps what arrives. */
export class TopicRecorder {
  readonly received: Received[] = [];

  private constructor(
    private readonly client: MqttClient,
    private readonly root: string,
  ) {
    client.on('message', (topic, payload) => {
      const parsed = parseDeviceTopic(topic, root);
      if (parsed) this.received.push({ topic, ...parsed, payload: payload.toString('utf8') });
    });
  }

  static async start(root: string): Promise<TopicRecorder> {
    const client = await mqtt
      .connectAsync(TEST_BROKER_URL, {
        clientId: `${root}-recorder`,
        connectTimeout: 5000,
        reconnectPeriod: 0,
      })
      .catch((error: unknown) => {
        throw new Error(
          `no MQTT broker at ${TEST_BROKER_URL} for the integration specs (${String(error)}): ` +
            'start Mosquitto (mosquitto -d -c /etc/mosquitto/mosquitto.conf) or set IOC_SIM_TEST_MQTT_URL',
        );
      });
    await client.subscribeAsync(`${root}/#`, { qos: 1 });
    return new TopicRecorder(client, root);
  }

  on(channel: DeviceChannel): Received[] {
    return this.received.filter((r) => r.channel === channel);
  }

  /** Clears the retained births and statuses the test left under its root, then disconnects. */
  async stop(): Promise<void> {
    const retained = new Set(
      this.received
        .filter((r) => r.channel === 'birth' || r.channel === 'status')
        .map((r) => r.topic),
    );
    await Promise.all(
      [...retained].map((topic) => this.client.publishAsync(topic, '', { qos: 1, retain: true })),
    );
    await this.client.endAsync();
  }
}
