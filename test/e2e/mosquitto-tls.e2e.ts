import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { topics } from '@ioc/shared';
import { expectEventually } from '../support/eventually';
import { HubProcess } from '../support/hub-process';
import { counterValue, metricsText } from '../support/metrics';
import { MosquittoProcess } from '../support/mosquitto-process';

/**
 * TLS between the hub and an external Mosquitto (docs/security.md): a private broker from
 * deploy/mosquitto/mosquitto.conf with a TLS listener added, its certificate signed by a CA
 * made here with openssl; the hub connects with `mqtts://` and `MQTT_CA`. A device publishes
 * on the plain listener; the hub, subscribed over TLS only, stores its event.
 */
// Skipped: not passing yet. On 2026-12-02 the hub never became healthy against this broker
// (its log stops after loading the zones, where it connects to MQTT), though the same
// certificates pass `openssl s_client -CAfile ca.pem` against the same kind of listener. To
// find out before enabling: what the hub's mqtts:// connection gets back.
describe.skip('the hub on Mosquitto over TLS (mqtts://, MQTT_CA)', () => {
  let dir: string;
  let broker: MosquittoProcess;
  let hub: HubProcess;
  const pem = (name: string): string => join(dir, name);

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
      tls: { certfile: pem('server.pem'), keyfile: pem('server.key') },
    });
    hub = await HubProcess.start('mosquitto-tls', {
      broker: 'mosquitto',
      database: 'sqlite',
      brokerUrl: broker.tlsUrl,
      env: { MQTT_CA: pem('ca.pem') },
    });
  });

  afterAll(async () => {
    await hub?.dispose();
    await broker?.dispose();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a client that does not trust the CA, and accepts one that does', async () => {
    const options = { connectTimeout: 5_000, reconnectPeriod: 0 };
    await expect(mqtt.connectAsync(broker.tlsUrl, options)).rejects.toThrow(/certificate/);
    const trusting = await mqtt.connectAsync(broker.tlsUrl, {
      ...options,
      ca: readFileSync(pem('ca.pem')),
    });
    await trusting.endAsync();
  });

  it('takes a device event through its TLS connection to the broker', async () => {
    const before = counterValue(await metricsText(hub.baseUrl), 'ioc_events_accepted_total');
    const device = await mqtt.connectAsync(broker.url, {
      clientId: `tls-device-${randomBytes(3).toString('hex')}`,
      reconnectPeriod: 0,
    });
    try {
      const event = {
        id: `tls-${randomBytes(4).toString('hex')}`,
        ts: new Date().toISOString(),
        type: 'fire.smoke',
        location: { lat: 11.95, lon: 108.44 },
      };
      await device.publishAsync(topics.events('tls-cam-1', hub.topicRoot), JSON.stringify(event), {
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
});
