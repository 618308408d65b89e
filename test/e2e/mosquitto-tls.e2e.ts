import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { apiRoutes, topics, type ProvisionedDevice } from '@ioc/shared';
import { expectEventually } from '../support/eventually';
import { HubProcess } from '../support/hub-process';
import { counterValue, metricsText } from '../support/metrics';
import { MosquittoProcess } from '../support/mosquitto-process';
import { runSimulatorForResult } from '../support/simulator-run';

/**
 * TLS between devices, the hub and an external Mosquitto (docs/security.md): a private broker
 * from deploy/mosquitto/mosquitto.conf and ioc.acl with the shipped rules (no anonymous
 * clients, a password file) and a TLS listener added, its certificate signed by a CA made
 * here with openssl. The hub connects as `ioc-hub` over `mqtts://` with `MQTT_CA`; a device
 * it provisioned connects over TLS with its own password, which the broker learns as an
 * operator would teach it (the password file written again, SIGHUP).
 */
describe('devices and the hub on Mosquitto over TLS (mqtts://, MQTT_CA, shipped rules)', () => {
  const TOPIC_ROOT = 'ioc'; // the shipped ACL's root
  const DEVICE = 'tls-cam-1';
  const hubPassword = randomBytes(18).toString('base64url');
  let dir: string;
  let broker: MosquittoProcess;
  let hub: HubProcess;
  let devicePassword: string;
  const pem = (name: string): string => join(dir, name);

  /** Mosquitto's password file for these devices and the hub, written by the simulators' command. */
  async function passwordFile(devices: Record<string, string>): Promise<string> {
    const credentials = pem('creds.json');
    const entries = Object.entries(devices).map(([id, password]) => [
      id,
      { username: id, password },
    ]);
    writeFileSync(credentials, JSON.stringify({ devices: Object.fromEntries(entries) }));
    const out = pem('ioc.passwd');
    const run = await runSimulatorForResult([
      'mosquitto-passwords',
      ...['--credentials', credentials, '--account', `ioc-hub:${hubPassword}`, '--out', out],
    ]);
    expect(run).toMatchObject({ code: 0 });
    return readFileSync(out, 'utf8');
  }

  const overTls = (credentials: { username?: string; password?: string }, ca = true) =>
    mqtt.connectAsync(broker.tlsUrl, {
      clientId: `tls-${randomBytes(4).toString('hex')}`,
      connectTimeout: 5_000,
      reconnectPeriod: 0,
      ...(ca ? { ca: readFileSync(pem('ca.pem')) } : {}),
      ...credentials,
    });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ioc-e2e-tls-'));
    const openssl = (...args: string[]): void => {
      execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' });
    };
    openssl(
      'req',
      ...['-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1'],
      ...['-keyout', 'ca.key', '-out', 'ca.pem', '-subj', '/CN=ioc-e2e-ca'],
    );
    openssl(
      'req',
      ...['-newkey', 'rsa:2048', '-nodes', '-keyout', 'server.key'],
      ...['-out', 'server.csr', '-subj', '/CN=127.0.0.1'],
    );
    writeFileSync(pem('san.ext'), 'subjectAltName=IP:127.0.0.1\n');
    openssl(
      'x509',
      '-req',
      '-in',
      'server.csr',
      '-CA',
      'ca.pem',
      '-CAkey',
      'ca.key',
      ...['-CAcreateserial', '-out', 'server.pem', '-days', '1', '-extfile', 'san.ext'],
    );
    broker = await MosquittoProcess.start('mosquitto-tls', {
      passwords: await passwordFile({}),
      tls: { certfile: pem('server.pem'), keyfile: pem('server.key') },
    });
    const url = new URL(broker.tlsUrl);
    url.username = 'ioc-hub';
    url.password = hubPassword;
    hub = await HubProcess.start('mosquitto-tls', {
      broker: 'mosquitto',
      database: 'sqlite',
      anonymousDevices: false,
      brokerUrl: url.toString(),
      env: { MQTT_CA: pem('ca.pem'), MQTT_TOPIC_ROOT: TOPIC_ROOT },
    });
    const admin = await hub.login('admin');
    const response = await fetch(`${hub.baseUrl}${apiRoutes.devices()}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        id: DEVICE,
        kind: 'camera',
        name: 'TLS camera',
        location: { lat: 11.95, lon: 108.44 },
        zone: 'tls',
        capabilities: ['fire.smoke'],
      }),
    });
    expect(response.status).toBe(201);
    devicePassword = ((await response.json()) as ProvisionedDevice).credentials.password;
    broker.reloadPasswords(await passwordFile({ [DEVICE]: devicePassword }));
    // Mosquitto reads the file again on SIGHUP, in its own time: wait until it admits the device.
    await expectEventually(async () => {
      const probe = await overTls({ username: DEVICE, password: devicePassword });
      await probe.endAsync();
    }, 10_000);
  });

  afterAll(async () => {
    await hub?.dispose();
    await broker?.dispose();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a client that does not trust the CA', async () => {
    await expect(overTls({ username: DEVICE, password: devicePassword }, false)).rejects.toThrow(
      /certificate/,
    );
  });

  it('refuses a wrong password and no credentials over TLS', async () => {
    await expect(overTls({ username: DEVICE, password: 'not-the-password' })).rejects.toMatchObject(
      { code: expect.any(Number) as number },
    );
    await expect(overTls({})).rejects.toMatchObject({ code: expect.any(Number) as number });
  });

  it("takes a provisioned device's event over TLS, through the hub's own TLS connection", async () => {
    const before = counterValue(await metricsText(hub.baseUrl), 'ioc_events_accepted_total');
    const device = await overTls({ username: DEVICE, password: devicePassword });
    try {
      const event = {
        id: `tls-${randomBytes(4).toString('hex')}`,
        ts: new Date().toISOString(),
        type: 'fire.smoke',
        location: { lat: 11.95, lon: 108.44 },
      };
      await device.publishAsync(topics.events(DEVICE, TOPIC_ROOT), JSON.stringify(event), {
        qos: 1,
      });
      await expectEventually(async () =>
        expect(
          counterValue(await metricsText(hub.baseUrl), 'ioc_events_accepted_total') - before,
        ).toBe(1),
      );
    } finally {
      await device.endAsync();
    }
  });

  it("prints neither the hub's broker password nor a device's", () => {
    expect(hub.logs).toContain(`connected to mqtts://***@127.0.0.1:${new URL(broker.tlsUrl).port}`);
    expect(hub.logs).not.toContain(hubPassword);
    expect(hub.logs).not.toContain(devicePassword);
  });
});
