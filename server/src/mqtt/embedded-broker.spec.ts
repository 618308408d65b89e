import mqtt, { type MqttClient } from 'mqtt';
import { BrokerDoor } from './broker-door';
import { EmbeddedBroker } from './embedded-broker';
import { MqttGatekeeper } from './mqtt-gatekeeper';

/** The door of a broker that admits anonymous devices, as before device identity. */
function openDoor(): BrokerDoor {
  const gatekeeper = new MqttGatekeeper({
    allowAnonymous: true,
    topicRoot: 'ioc',
    integrationAccounts: [],
    failuresPerAddress: 100,
    secretDigestOf: () => null,
  });
  return new BrokerDoor(gatekeeper, 256 * 1024, () => undefined);
}

/** Resolves once `predicate` holds, polling with a deadline. */
async function until(predicate: () => boolean, deadlineMs = 3000): Promise<void> {
  const end = Date.now() + deadlineMs;
  while (!predicate()) {
    if (Date.now() > end) throw new Error('condition not met before the deadline');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** A few turns of the event loop and a little time, to show that something does NOT happen. */
async function settleFor(ms = 100): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) await new Promise((resolve) => setTimeout(resolve, 5));
}

interface Held {
  topic: string;
  payload: string;
  done: (error?: Error) => void;
}

describe('EmbeddedBroker', () => {
  let broker: EmbeddedBroker;
  let held: Held[];
  const clients: MqttClient[] = [];

  beforeEach(async () => {
    held = [];
    broker = await EmbeddedBroker.start({
      port: 0,
      host: '127.0.0.1',
      handles: (topic) => topic.startsWith('ioc/devices/'),
      handler: (topic, payload, done) => held.push({ topic, payload: payload.toString(), done }),
      onError: () => undefined,
      door: openDoor(),
      limits: { retainedTopics: 1000, queuedPerClient: 1000 },
      onDrop: () => undefined,
      tls: null,
    });
  });

  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.endAsync(true)));
    await broker.stop();
  });

  async function device(id: string, options: mqtt.IClientOptions = {}): Promise<MqttClient> {
    const client = mqtt.connect(`mqtt://127.0.0.1:${broker.port}`, {
      clientId: id,
      clean: false,
      reconnectPeriod: 0,
      ...options,
    });
    clients.push(client);
    client.on('error', () => undefined);
    await new Promise<void>((resolve, reject) => {
      client.once('connect', () => resolve());
      client.once('error', reject);
    });
    return client;
  }

  function publish(client: MqttClient, topic: string, body: string, acked: string[]): void {
    client.publish(topic, body, { qos: 1 }, (error) => {
      if (!error) acked.push(body);
    });
  }

  it('sends a PUBACK only once the handler says the message is durable, in arrival order', async () => {
    const client = await device('cam-1');
    const acked: string[] = [];
    for (const body of ['a', 'b', 'c']) publish(client, 'ioc/devices/cam-1/events', body, acked);
    await until(() => held.length === 3);
    expect(held.map((h) => h.payload)).toEqual(['a', 'b', 'c']);
    await settleFor();
    expect(acked).toEqual([]);
    for (const h of held) h.done();
    await until(() => acked.length === 3);
    expect(acked).toEqual(['a', 'b', 'c']);
  });

  it('refuses a message that could not be stored: no PUBACK, the device is disconnected', async () => {
    const client = await device('cam-2');
    const acked: string[] = [];
    let closed = false;
    client.on('close', () => (closed = true));
    publish(client, 'ioc/devices/cam-2/events', 'x', acked);
    await until(() => held.length === 1);
    held[0]?.done(new Error('database down'));
    await until(() => closed);
    expect(acked).toEqual([]);
  });

  it('hands over QoS 0 messages without holding anything, and leaves other topics alone', async () => {
    const client = await device('sensor-1');
    await client.publishAsync('ioc/devices/sensor-1/telemetry', 't', { qos: 0 });
    const acked: string[] = [];
    publish(client, 'elsewhere/topic', 'e', acked);
    await until(() => acked.length === 1 && held.length === 1);
    expect(held.map((h) => h.topic)).toEqual(['ioc/devices/sensor-1/telemetry']);
  });

  it('hands a Last Will to the hub (once) and routes it only once it is durable', async () => {
    const watcher = await device('watcher');
    const routed: string[] = [];
    watcher.on('message', (topic) => routed.push(topic));
    await watcher.subscribeAsync('ioc/devices/+/status', { qos: 1 });
    const will = {
      topic: 'ioc/devices/cam-3/status',
      payload: Buffer.from('offline'),
      qos: 1 as const,
      retain: true,
    };
    const client = await device('cam-3', { will });
    client.stream.destroy(); // a crash: the broker publishes the will
    await until(() => held.length === 1);
    expect(held[0]).toMatchObject({ topic: will.topic, payload: 'offline' });
    await settleFor();
    expect(routed).toEqual([]);
    held[0]?.done();
    await until(() => routed.length === 1);
    await settleFor();
    expect(held).toHaveLength(1);
  });

  it('after stopIntake refuses new publishes and connections; whenIdle waits for the messages in hand', async () => {
    const client = await device('cam-4');
    const late = await device('cam-5');
    let lateClosed = false;
    late.on('close', () => (lateClosed = true));
    const acked: string[] = [];
    publish(client, 'ioc/devices/cam-4/events', 'in-hand', acked);
    await until(() => held.length === 1);
    broker.stopIntake();
    let idle = false;
    void broker.whenIdle().then(() => (idle = true));
    publish(late, 'ioc/devices/cam-5/events', 'too-late', acked);
    await until(() => lateClosed);
    expect(await connectAfterStop('cam-6')).toBe('refused');
    expect(held).toHaveLength(1);
    expect(idle).toBe(false);
    held[0]?.done();
    await until(() => idle && acked.length === 1);
    expect(acked).toEqual(['in-hand']);
  });

  /** A new connection once the broker has stopped its intake: the listener is closed. */
  async function connectAfterStop(id: string): Promise<'refused' | 'connected'> {
    const client = mqtt.connect(`mqtt://127.0.0.1:${broker.port}`, {
      clientId: id,
      reconnectPeriod: 0,
      connectTimeout: 1000,
    });
    clients.push(client);
    return new Promise((resolve) => {
      client.once('connect', () => resolve('connected'));
      client.once('error', () => resolve('refused'));
      client.once('close', () => resolve('refused'));
    });
  }
});
