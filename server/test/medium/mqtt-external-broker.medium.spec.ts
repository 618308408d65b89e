import { randomBytes } from 'node:crypto';
import mqtt, { type MqttClient } from 'mqtt';
import { topics } from '@ioc/shared';
import { HubEvents } from '../../src/common/hub-events';
import { loadConfig } from '../../src/config/app.config';
import type { DevicesService } from '../../src/devices/devices.service';
import { MetricsService } from '../../src/metrics/metrics.service';
import { MqttConnectionService } from '../../src/mqtt/mqtt-connection.service';

// The hub on an external broker (the machine's Mosquitto) acknowledges a message only once
// the handler's `done` says it is durable: what it held or refused is delivered again.

const BROKER_URL = process.env.MOSQUITTO_URL ?? 'mqtt://127.0.0.1:1883';

async function until(predicate: () => boolean, deadlineMs = 10_000): Promise<void> {
  const end = Date.now() + deadlineMs;
  while (!predicate()) {
    if (Date.now() > end) throw new Error('condition not met before the deadline');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

interface Received {
  payload: string;
  done: (error?: Error) => void;
}

describe('MqttConnectionService on an external broker', () => {
  const root = `m${randomBytes(4).toString('hex')}`;
  const config = loadConfig({
    MQTT_URL: BROKER_URL,
    MQTT_TOPIC_ROOT: root,
    MQTT_CLIENT_ID: `${root}-hub`,
  });
  const services: MqttConnectionService[] = [];
  let device: MqttClient;
  let probes = 0;

  async function hub(received: Received[]): Promise<MqttConnectionService> {
    // Device identity is the embedded broker's; on an external broker these stay unused.
    const devices = { secretDigestOf: () => null } as unknown as DevicesService;
    const service = new MqttConnectionService(
      config,
      devices,
      new MetricsService(),
      new HubEvents(),
    );
    services.push(service);
    service.onMessage((_topic, payload, done) => {
      if (payload.toString() !== 'probe') received.push({ payload: payload.toString(), done });
      else {
        probes++;
        done();
      }
    });
    await service.start();
    return service;
  }

  beforeAll(async () => {
    device = await mqtt.connectAsync(BROKER_URL, { clientId: `${root}-dev`, clean: true });
  });

  afterAll(async () => {
    for (const s of services) await s.close();
    await device.endAsync();
    // Leave no persistent session behind on the machine's broker.
    const cleanup = await mqtt.connectAsync(BROKER_URL, {
      clientId: config.mqtt.clientId,
      clean: true,
      protocolVersion: 5,
      properties: { sessionExpiryInterval: 0 },
    });
    await cleanup.endAsync();
  });

  const publish = (body: string): Promise<unknown> =>
    device.publishAsync(topics.events('cam-1', root), body, { qos: 1 });

  it('acknowledges once durable; what it held, or refused, comes again', async () => {
    const first: Received[] = [];
    const service = await hub(first);
    // The subscription is sent on connect: probe until it is in place, then start afresh.
    const deadline = Date.now() + 10_000;
    while (probes === 0 && Date.now() < deadline) {
      await publish('probe');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await until(() => probes > 0);
    for (const body of ['stored', 'refused', 'held']) await publish(body);
    await until(() => first.length === 3);
    expect(first.map((r) => r.payload)).toEqual(['stored', 'refused', 'held']);

    // 'stored' is acknowledged; 'refused' makes the hub reconnect, and the broker sends
    // again what it has not acknowledged: 'refused' and 'held'.
    first[0]?.done();
    first[1]?.done(new Error('database down'));
    await until(() => first.length === 5);
    expect(first.slice(3).map((r) => r.payload)).toEqual(['refused', 'held']);

    // A late done() for the first delivery of 'held' must not acknowledge on the new
    // connection; the hub stops, and its next session gets both again.
    first[2]?.done();
    await service.close();
    const second: Received[] = [];
    await hub(second);
    await until(() => second.length === 2);
    expect(second.map((r) => r.payload)).toEqual(['refused', 'held']);
    for (const r of second) r.done();
  });
});
