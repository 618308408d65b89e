import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect as connectTcp } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt, { MqttClient, type IClientOptions } from 'mqtt';
import {
  apiRoutes,
  topics,
  type BulkProvisionResult,
  type Device,
  type DeviceCredentials,
  type Incident,
  type ProvisionedDevice,
  type Rejection,
} from '@ioc/shared';
import { call } from '../support/api';
import { expectEventually } from '../support/eventually';
import { HubProcess, MOSQUITTO_URL } from '../support/hub-process';
import { counterValue, metricsText } from '../support/metrics';
import { freePort } from '../support/ports';

// Device identity (issue 14, docs/security.md "MQTT"): the hub started with its own default,
// MQTT_ALLOW_ANONYMOUS=false. Each test provisions the devices it uses.

const INTEGRATION = { username: 'opendata', password: 'open-data-password-0123' };
const FAILURES_PER_ADDRESS = 50;
const MAX_PACKET_BYTES = 256 * 1024;

let clientIds = 0;
const open: MqttClient[] = [];

/** Connects with the given credentials; rejects with the CONNACK refusal (its `code`). */
async function connectAs(
  url: string,
  credentials: Partial<DeviceCredentials> = {},
  extra: IClientOptions = {},
): Promise<MqttClient> {
  const client = await mqtt.connectAsync(url, {
    clientId: `e2e-identity-${process.pid}-${++clientIds}`,
    reconnectPeriod: 0,
    connectTimeout: 5000,
    ...credentials,
    ...extra,
  });
  client.on('error', () => undefined);
  open.push(client);
  return client;
}

/** The CONNACK return code a connection attempt was refused with (throws if it connected). */
async function refusalCode(url: string, credentials: Partial<DeviceCredentials> = {}) {
  const client = await connectAs(url, credentials).catch((error: { code?: number }) => error);
  if (client instanceof MqttClient) throw new Error('the connection was accepted');
  return client.code;
}

function closed(client: MqttClient): Promise<void> {
  return expectEventually(() => expect(client.connected).toBe(false));
}

async function authFailures(hub: HubProcess, reason: string): Promise<number> {
  return counterValue(await metricsText(hub.baseUrl), 'ioc_mqtt_auth_failures_total', { reason });
}

function birthOf(id: string, lat = 12.047, lon = 108.44) {
  return {
    id,
    kind: 'camera' as const,
    name: `Ridge camera ${id}`,
    location: { lat, lon },
    zone: 'langbiang',
    capabilities: ['fire.smoke'],
  };
}

async function provision(hub: HubProcess, token: string, id: string): Promise<DeviceCredentials> {
  const response = await call<ProvisionedDevice>(
    hub,
    'POST',
    apiRoutes.devices(),
    token,
    birthOf(id),
  );
  expect(response.status).toBe(201);
  return response.body.credentials;
}

afterEach(async () => {
  await Promise.all(open.splice(0).map((client) => client.endAsync(true)));
});

describe('device identity on the embedded broker', () => {
  let hub: HubProcess;
  let admin: string;

  beforeAll(async () => {
    hub = await HubProcess.start('device-identity', {
      broker: 'embedded',
      database: 'sqlite',
      anonymousDevices: false,
      env: {
        MQTT_INTEGRATION_ACCOUNTS: `${INTEGRATION.username}:${INTEGRATION.password}`,
        MQTT_FAILURES_PER_ADDRESS: String(FAILURES_PER_ADDRESS),
        MQTT_MAX_PACKET_BYTES: String(MAX_PACKET_BYTES),
      },
    });
    admin = await hub.login('admin');
  });

  afterAll(async () => {
    await hub?.dispose();
  });

  it('provisions a device once, for admins only, and lists it as provisioned', async () => {
    const created = await call<ProvisionedDevice>(
      hub,
      'POST',
      apiRoutes.devices(),
      admin,
      birthOf('cam-p1'),
    );
    expect(created.status).toBe(201);
    expect(created.body.device).toMatchObject({ id: 'cam-p1', provisioned: true, lastSeen: null });
    expect(created.body.credentials.username).toBe('cam-p1');
    // At least 128 random bits.
    expect(
      Buffer.from(created.body.credentials.password, 'base64url').length,
    ).toBeGreaterThanOrEqual(16);

    const again = await call(hub, 'POST', apiRoutes.devices(), admin, birthOf('cam-p1'));
    expect(again.status).toBe(409);
    const operator = await hub.login('operator');
    expect((await call(hub, 'POST', apiRoutes.devices(), operator, birthOf('cam-p2'))).status).toBe(
      403,
    );
    expect((await call(hub, 'POST', apiRoutes.devices(), admin, { id: 'bad id' })).status).toBe(
      400,
    );

    const listed = await hub.get<Device[]>(apiRoutes.devices(), operator);
    expect(listed.find((d) => d.id === 'cam-p1')).toMatchObject({ provisioned: true });
    expect(JSON.stringify(listed)).not.toContain(created.body.credentials.password);
    // The password is not in the hub's log either.
    expect(hub.logs).not.toContain(created.body.credentials.password);
  });

  it('refuses a connection without credentials or with a wrong password, and counts both', async () => {
    const credentials = await provision(hub, admin, 'cam-auth');
    expect(await refusalCode(hub.mqttUrl)).toBe(4);
    expect(await refusalCode(hub.mqttUrl, { ...credentials, password: 'not-the-password' })).toBe(
      4,
    );
    expect(await refusalCode(hub.mqttUrl, { username: 'cam-nobody', password: 'x' })).toBe(4);
    expect(await authFailures(hub, 'no_credentials')).toBeGreaterThanOrEqual(1);
    expect(await authFailures(hub, 'bad_credentials')).toBeGreaterThanOrEqual(2);
    const device = await connectAs(hub.mqttUrl, credentials);
    expect(device.connected).toBe(true);
  });

  it("refuses a device publishing under another device's id: nothing accepted, the refusal counted", async () => {
    const impostor = await provision(hub, admin, 'cam-imp');
    await provision(hub, admin, 'cam-victim');
    const denied = await authFailures(hub, 'publish_denied');
    const client = await connectAs(hub.mqttUrl, impostor);
    client.publish(
      topics.events('cam-victim', hub.topicRoot),
      JSON.stringify({
        id: 'forged-1',
        ts: new Date().toISOString(),
        type: 'fire.smoke',
        confidence: 0.99,
      }),
      { qos: 1 },
    );
    // Refusing a publish closes the connection, with no PUBACK.
    await closed(client);
    expect(await authFailures(hub, 'publish_denied')).toBe(denied + 1);
    const devices = await hub.get<Device[]>(apiRoutes.devices(), admin);
    expect(devices.find((d) => d.id === 'cam-victim')).toMatchObject({ lastSeen: null });
    const { items } = await hub.get<{ items: Incident[] }>('/api/incidents?limit=500', admin);
    expect(items.filter((i) => i.sources.includes('cam-victim'))).toEqual([]);
  });

  it('lets no device write ioc/incidents/#, and lets an integration account read the real ones', async () => {
    const reader = await connectAs(hub.mqttUrl, INTEGRATION);
    const received: string[] = [];
    reader.on('message', (topic) => received.push(topic));
    const granted = await reader.subscribeAsync(`${hub.topicRoot}/incidents/#`, { qos: 1 });
    expect(granted.map((g) => g.qos)).toEqual([1]);

    const credentials = await provision(hub, admin, 'cam-forger');
    const forger = await connectAs(hub.mqttUrl, credentials);
    forger.publish(`${hub.topicRoot}/incidents/x`, JSON.stringify({ id: 'x' }), { qos: 1 });
    await closed(forger);

    // A real incident afterwards reaches the reader: the forged one, refused first, never did.
    const camera = await connectAs(hub.mqttUrl, credentials);
    await camera.publishAsync(
      topics.events('cam-forger', hub.topicRoot),
      JSON.stringify({
        id: 'real-1',
        ts: new Date().toISOString(),
        type: 'fire.smoke',
        confidence: 0.9,
      }),
      { qos: 1 },
    );
    await expectEventually(() => expect(received.length).toBeGreaterThan(0));
    expect(received).not.toContain(`${hub.topicRoot}/incidents/x`);
    // An integration account publishes nothing.
    reader.publish(`${hub.topicRoot}/incidents/y`, 'forged', { qos: 1 });
    await closed(reader);
  });

  it("refuses a subscription outside the device's own topics with a SUBACK failure", async () => {
    const credentials = await provision(hub, admin, 'cam-sub');
    const client = await connectAs(hub.mqttUrl, credentials);
    // mqtt.js rejects a subscription whose SUBACK carries the failure code (0x80).
    await expect(client.subscribeAsync('#', { qos: 1 })).rejects.toThrow(/Subscribe error/);
    await expect(
      client.subscribeAsync(`${hub.topicRoot}/devices/cam-imp/#`, { qos: 1 }),
    ).rejects.toThrow(/Subscribe error/);
    const own = await client.subscribeAsync(`${hub.topicRoot}/devices/cam-sub/#`, { qos: 1 });
    expect(own.map((g) => g.qos)).toEqual([1]);
    expect(client.connected).toBe(true);
    expect(await authFailures(hub, 'subscribe_denied')).toBeGreaterThanOrEqual(2);
  });

  it('rotates credentials: the open session closes, the old password fails, the new one works', async () => {
    const old = await provision(hub, admin, 'cam-rot');
    const session = await connectAs(hub.mqttUrl, old);
    const rotated = await call<{ credentials: DeviceCredentials }>(
      hub,
      'POST',
      apiRoutes.deviceCredentials('cam-rot'),
      admin,
    );
    expect(rotated.status).toBe(200);
    expect(rotated.body.credentials.username).toBe('cam-rot');
    expect(rotated.body.credentials.password).not.toBe(old.password);
    await closed(session);
    expect(await refusalCode(hub.mqttUrl, old)).toBe(4);
    const renewed = await connectAs(hub.mqttUrl, rotated.body.credentials);
    await renewed.publishAsync(topics.status('cam-rot', hub.topicRoot), 'online', { qos: 1 });
    expect((await call(hub, 'POST', apiRoutes.deviceCredentials('cam-none'), admin)).status).toBe(
      404,
    );
  });

  it('retires a device: its session closes, it can no longer connect, and it is no longer listed', async () => {
    const credentials = await provision(hub, admin, 'cam-ret');
    const session = await connectAs(hub.mqttUrl, credentials);
    expect((await call(hub, 'DELETE', apiRoutes.device('cam-ret'), admin)).status).toBe(204);
    await closed(session);
    expect(await refusalCode(hub.mqttUrl, credentials)).toBe(4);
    const devices = await hub.get<Device[]>(apiRoutes.devices(), admin);
    expect(devices.map((d) => d.id)).not.toContain('cam-ret');
    expect((await call(hub, 'DELETE', apiRoutes.device('cam-ret'), admin)).status).toBe(404);
    // Its id may be provisioned again, with new credentials.
    const again = await provision(hub, admin, 'cam-ret');
    expect(again.password).not.toBe(credentials.password);
  });

  it('provisions a fleet from CSV and YAML, listing the lines it refused', async () => {
    const csv = [
      'id,kind,name,lat,lon,zone,capabilities',
      'aq-b1,sensor,"Market, air",11.94,108.43,ward-1,pm25;pm10',
      'aq-b2,toaster,Oven,11.94,108.43,ward-1,',
      'cam-p1,camera,Already there,12.0,108.4,langbiang,',
    ].join('\n');
    const fromCsv = await fetch(`${hub.baseUrl}${apiRoutes.devicesBulk()}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'text/csv' },
      body: csv,
    });
    expect(fromCsv.status).toBe(201);
    const result = (await fromCsv.json()) as BulkProvisionResult;
    expect(result.created.map((c) => c.id)).toEqual(['aq-b1']);
    expect(result.errors.map((e) => e.line)).toEqual([3, 4]);
    expect(result.errors[1]?.reason).toMatch(/already provisioned/);
    const sensor = await connectAs(hub.mqttUrl, result.created[0]?.credentials);
    expect(sensor.connected).toBe(true);

    const yaml = '- {id: aq-b3, kind: sensor, name: Lake, lat: 11.93, lon: 108.44, zone: ward-2}\n';
    const fromYaml = await fetch(`${hub.baseUrl}${apiRoutes.devicesBulk()}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/yaml' },
      body: yaml,
    });
    expect(fromYaml.status).toBe(201);
    expect(((await fromYaml.json()) as BulkProvisionResult).created.map((c) => c.id)).toEqual([
      'aq-b3',
    ]);
  });

  it('closes a connection that sends a 10 MB PUBLISH, before the hub buffers it', async () => {
    const credentials = await provision(hub, admin, 'cam-big');
    const rss = async (): Promise<number> =>
      counterValue(await metricsText(hub.baseUrl), 'ioc_process_resident_memory_bytes');
    const before = await rss();
    const tooLarge = await authFailures(hub, 'packet_too_large');
    const client = await connectAs(hub.mqttUrl, credentials);
    client.publish(topics.events('cam-big', hub.topicRoot), Buffer.alloc(10 * 1024 * 1024, 0x61), {
      qos: 1,
    });
    await closed(client);
    expect(await authFailures(hub, 'packet_too_large')).toBe(tooLarge + 1);
    // Buffered, 10 MB would show in the resident set at least once over.
    expect((await rss()) - before).toBeLessThan(5 * 1024 * 1024);
    // The hub still serves the device once it behaves.
    const again = await connectAs(hub.mqttUrl, credentials);
    await again.publishAsync(topics.status('cam-big', hub.topicRoot), 'online', { qos: 1 });
  });

  it('throttles 1,000 failed logins from one address, and still admits a valid device', async () => {
    const credentials = await provision(hub, admin, 'cam-brute');
    const port = Number(new URL(hub.mqttUrl).port);
    // The attacker comes from 127.0.0.2; the valid device from 127.0.0.1.
    const attempt = (n: number): Promise<number | undefined> =>
      new Promise((resolve) => {
        const client = new MqttClient(
          () => connectTcp({ host: '127.0.0.1', port, localAddress: '127.0.0.2' }),
          {
            clientId: `e2e-brute-${n}`,
            username: 'cam-brute',
            password: `guess-${n}`,
            reconnectPeriod: 0,
            protocolVersion: 4,
          },
        );
        client.once('connect', () => {
          client.end(true);
          resolve(0);
        });
        client.once('error', (error: Error & { code?: number }) => {
          client.end(true);
          resolve(error.code);
        });
      });
    const codes: (number | undefined)[] = [];
    for (let batch = 0; batch < 1000; batch += 25)
      codes.push(...(await Promise.all(Array.from({ length: 25 }, (_, i) => attempt(batch + i)))));
    expect(codes.filter((code) => code === 0)).toEqual([]);
    // The first FAILURES_PER_ADDRESS were checked (4); the rest refused unchecked (5).
    expect(codes.filter((code) => code === 4)).toHaveLength(FAILURES_PER_ADDRESS);
    expect(codes.filter((code) => code === 5)).toHaveLength(1000 - FAILURES_PER_ADDRESS);
    expect(await authFailures(hub, 'throttled')).toBeGreaterThanOrEqual(
      1000 - FAILURES_PER_ADDRESS,
    );
    // Logged without flooding: a few lines, not a thousand.
    expect(
      hub.logs.split('\n').filter((line) => line.includes('MQTT refused')).length,
    ).toBeLessThan(100);

    const device = await connectAs(hub.mqttUrl, credentials);
    await device.publishAsync(topics.status('cam-brute', hub.topicRoot), 'online', { qos: 1 });
    const devices = await hub.get<Device[]>(apiRoutes.devices(), admin);
    expect(devices.find((d) => d.id === 'cam-brute')?.status).toBe('online');
  });
});

describe('device identity over TLS (mqtts)', () => {
  let hub: HubProcess;
  let tlsPort: number;
  let admin: string;
  const dir = mkdtempSync(join(tmpdir(), 'ioc-e2e-tls-'));
  const file = (name: string): string => join(dir, name);
  const openssl = (command: string): void => {
    execFileSync('openssl', command.split(' '), { cwd: dir, stdio: 'ignore' });
  };
  const selfSigned = (name: string, subject: string, extra = ''): void =>
    openssl(
      `req -x509 -newkey rsa:2048 -nodes -keyout ${name}.key -out ${name}.pem -days 1 -subj ${subject}${extra}`,
    );

  beforeAll(async () => {
    // A CA that signs a device's client certificate, and the broker's own self-signed one.
    selfSigned('ca', '/CN=e2e-ca');
    selfSigned('server', '/CN=127.0.0.1', ' -addext subjectAltName=IP:127.0.0.1');
    openssl('req -newkey rsa:2048 -nodes -keyout client.key -out client.csr -subj /CN=cam-tls');
    openssl(
      'x509 -req -in client.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out client.pem -days 1',
    );
    tlsPort = await freePort();
    hub = await HubProcess.start('device-identity-tls', {
      broker: 'embedded',
      database: 'sqlite',
      anonymousDevices: false,
      env: {
        MQTT_TLS_CERT: file('server.pem'),
        MQTT_TLS_KEY: file('server.key'),
        MQTT_TLS_CA: file('ca.pem'),
        MQTT_TLS_PORT: String(tlsPort),
      },
    });
    admin = await hub.login('admin');
  });

  afterAll(async () => {
    await hub?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('takes devices over mqtts with a client certificate and their credentials', async () => {
    const credentials = await provision(hub, admin, 'cam-tls');
    const url = `mqtts://127.0.0.1:${tlsPort}`;
    const ca = readFileSync(file('server.pem'));
    const withCertificate = {
      ca,
      cert: readFileSync(file('client.pem')),
      key: readFileSync(file('client.key')),
    };
    const device = await connectAs(url, credentials, withCertificate);
    await device.publishAsync(topics.status('cam-tls', hub.topicRoot), 'online', { qos: 1 });
    await expectEventually(async () => {
      const devices = await hub.get<Device[]>(apiRoutes.devices(), admin);
      expect(devices.find((d) => d.id === 'cam-tls')?.status).toBe('online');
    });
    // Without a client certificate the TLS handshake fails.
    await expect(connectAs(url, credentials, { ca })).rejects.toThrow();
    // Credentials are still required over TLS.
    expect(
      await connectAs(url, {}, withCertificate).then(
        () => 0,
        (error: { code?: number }) => error.code,
      ),
    ).toBe(4);
  });
});

describe('device identity behind Mosquitto (MQTT_URL)', () => {
  let hub: HubProcess;
  let admin: string;
  const secret = 'broker-password-never-logged';

  beforeAll(async () => {
    const url = new URL(MOSQUITTO_URL);
    url.username = 'ioc-hub';
    url.password = secret;
    hub = await HubProcess.start('device-identity-mosquitto', {
      broker: 'mosquitto',
      database: 'sqlite',
      anonymousDevices: false,
      brokerUrl: url.toString(),
    });
    admin = await hub.login('admin');
  });

  afterAll(async () => {
    await hub?.dispose();
  });

  it('refuses a birth from an unprovisioned device as unknown_device, takes a provisioned one', async () => {
    await provision(hub, admin, 'cam-m1');
    // The machine's Mosquitto admits anyone: the hub's own check is what refuses here.
    const publisher = await connectAs(MOSQUITTO_URL);
    const { id: _id, ...birth } = birthOf('cam-m1', 12.05, 108.45);
    await publisher.publishAsync(
      topics.birth('cam-stranger', hub.topicRoot),
      JSON.stringify(birth),
      { qos: 1 },
    );
    await publisher.publishAsync(topics.birth('cam-m1', hub.topicRoot), JSON.stringify(birth), {
      qos: 1,
    });
    await expectEventually(async () => {
      const { items } = await hub.get<{ items: Rejection[] }>(apiRoutes.rejections(), admin);
      expect(
        items.find((r) => r.topic === topics.birth('cam-stranger', hub.topicRoot)),
      ).toMatchObject({
        reason: 'unknown_device',
      });
      const devices = await hub.get<Device[]>(apiRoutes.devices(), admin);
      expect(devices.find((d) => d.id === 'cam-m1')?.location).toEqual({ lat: 12.05, lon: 108.45 });
      expect(devices.map((d) => d.id)).not.toContain('cam-stranger');
    });
  });

  it('never prints the broker password of MQTT_URL', () => {
    expect(hub.logs).toContain('connected to');
    expect(hub.logs).not.toContain(secret);
  });
});
