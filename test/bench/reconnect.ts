/**
 * `npm run bench:reconnect -w e2e -- [--devices N] [--no-status]`: issue 14's scale figure. Provisions N
 * devices (default 10,000) through the bulk API of a hub that admits provisioned devices
 * only, connects each with its own credentials and Last Will, restarts the hub, and times
 * until every device is connected again (and its `online` status acknowledged, so stored).
 * The devices reconnect on their own (mqtt.js, every second), so they all come back at
 * once. Figures only: a benchmark never fails on a time (docs/benchmarks.md).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { topics, type BulkProvisionResult } from '@ioc/shared';
import mqtt, { type MqttClient } from 'mqtt';
import { ARTIFACTS, HubProcess } from '../support/hub-process';

/** Devices registered per bulk request, and connections opened at once at the start. */
const BULK_CHUNK = 1_000;
const CONNECT_AT_ONCE = 200;
/** Longest wait for the whole fleet; past it the figure is reported as not reached. */
const DEADLINE_MS = 10 * 60_000;

interface Device {
  id: string;
  client: MqttClient;
  connectedAt: number | null;
  storedAt: number | null;
}

function parse(argv: string[]): { devices: number; status: boolean } {
  const { values } = parseArgs({
    args: argv,
    options: { devices: { type: 'string' }, 'no-status': { type: 'boolean', default: false } },
  });
  const devices = Number(values.devices ?? 10_000);
  if (!Number.isInteger(devices) || devices <= 0) throw new Error('--devices: a positive integer');
  return { devices, status: !values['no-status'] };
}

async function provision(hub: HubProcess, count: number): Promise<Map<string, string>> {
  const token = await hub.login('admin');
  const passwords = new Map<string, string>();
  for (let start = 0; start < count; start += BULK_CHUNK) {
    const fleet = Array.from({ length: Math.min(BULK_CHUNK, count - start) }, (_, k) => {
      const i = start + k;
      return {
        id: `rc-${String(i).padStart(5, '0')}`,
        kind: 'sensor',
        name: `Reconnect bench sensor ${i + 1}`,
        location: { lat: 11.9 + (i % 100) * 0.001, lon: 108.4 + Math.floor(i / 100) * 0.001 },
        zone: 'bench-reconnect',
        capabilities: ['pm25'],
      };
    });
    const response = await fetch(`${hub.baseUrl}/api/devices/bulk`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(fleet),
    });
    if (response.status !== 201) throw new Error(`bulk provisioning: ${response.status}`);
    const result = (await response.json()) as BulkProvisionResult;
    if (result.errors.length > 0) throw new Error(`bulk provisioning: ${result.errors[0]?.reason}`);
    for (const { id, credentials } of result.created) passwords.set(id, credentials.password);
  }
  return passwords;
}

function connect(hub: HubProcess, id: string, password: string, withStatus: boolean): Device {
  const status = topics.status(id, hub.topicRoot);
  const client = mqtt.connect(hub.mqttUrl, {
    clientId: id,
    username: id,
    password,
    reconnectPeriod: 1_000,
    connectTimeout: 60_000,
    will: { topic: status, payload: Buffer.from('offline'), qos: 1, retain: true },
  });
  const device: Device = { id, client, connectedAt: null, storedAt: null };
  client.on('connect', () => {
    device.connectedAt = Date.now();
    if (!withStatus) return;
    // A device says it is online on every connect; the PUBACK means the hub stored it.
    client.publish(status, 'online', { qos: 1, retain: true }, (error) => {
      if (!error) device.storedAt = Date.now();
    });
  });
  client.on('close', () => (device.connectedAt = device.storedAt = null));
  client.on('error', (e) => process.env.BENCH_DEBUG && console.error(id, e.message));
  return device;
}

/** Waits until every device has `field` set; the time it took, or null past the deadline. */
async function allSet(
  devices: Device[],
  field: 'connectedAt' | 'storedAt',
  since: number,
): Promise<number | null> {
  for (;;) {
    const missing = devices.filter((d) => d[field] === null).length;
    if (missing === 0) return Math.max(...devices.map((d) => d[field] as number)) - since;
    if (Date.now() - since > DEADLINE_MS) return null;
    if (process.env.BENCH_DEBUG && Date.now() % 5000 < 100)
      console.error(`${field}: ${missing} missing`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function main(): Promise<void> {
  const { devices: count, status } = parse(process.argv.slice(2));
  // Without statuses, "stored" is "connected": nothing else is written.
  const settled = status ? 'storedAt' : 'connectedAt';
  const hub = await HubProcess.start('bench-reconnect', {
    broker: 'embedded',
    database: 'sqlite',
    anonymousDevices: false,
    // A restart under 10,000 reconnecting clients on a shared machine can take longer than
    // the tests' 30 s: the figure is measured, not cut short.
    startTimeoutMs: 5 * 60_000,
  });
  const devices: Device[] = [];
  try {
    let t = Date.now();
    const passwords = await provision(hub, count);
    const provisionMs = Date.now() - t;
    console.log(`provisioned ${passwords.size} devices in ${(provisionMs / 1000).toFixed(1)} s`);

    t = Date.now();
    const ids = [...passwords.keys()];
    for (let i = 0; i < ids.length; i += CONNECT_AT_ONCE) {
      const batch = ids
        .slice(i, i + CONNECT_AT_ONCE)
        .map((id) => connect(hub, id, passwords.get(id)!, status));
      devices.push(...batch);
      await allSet(batch, 'connectedAt', Date.now());
    }
    const firstConnectMs = await allSet(devices, settled, t);
    console.log(
      `first connection of all${status ? ', online stored' : ''}: ${fmt(firstConnectMs)}`,
    );

    const restartAt = Date.now();
    await hub.stop();
    const stopMs = Date.now() - restartAt;
    await hub.restart();
    if (process.env.BENCH_DEBUG) console.error('healthy again');
    const healthyMs = Date.now() - restartAt;
    const connectedMs = await allSet(devices, 'connectedAt', restartAt);
    const storedMs = status ? await allSet(devices, 'storedAt', restartAt) : null;
    console.log(
      `hub restart: stopped after ${fmt(stopMs)}, healthy after ${fmt(healthyMs)}; all ${count} connected again after ` +
        `${fmt(connectedMs)}` +
        (status ? `, all online statuses stored after ${fmt(storedMs)}` : '') +
        ' (from the stop)',
    );
    const result = {
      devices: count,
      onlineStatusOnConnect: status,
      provisionMs,
      firstConnectMs,
      // From the stop (SIGTERM); "connected" is also given from the moment the hub was healthy.
      restart: {
        stopMs,
        healthyMs,
        connectedMs,
        connectedAfterHealthyMs: connectedMs === null ? null : connectedMs - healthyMs,
        storedMs,
      },
      machine: {
        cpus: cpus().length,
        cpu: cpus()[0]?.model ?? null,
        memoryGb: Math.round(totalmem() / 2 ** 30),
        loadavg: loadavg(),
        node: process.version,
      },
      at: new Date().toISOString(),
    };
    mkdirSync(ARTIFACTS, { recursive: true });
    const out = join(ARTIFACTS, `bench-reconnect-${Date.now()}.json`);
    writeFileSync(out, JSON.stringify(result, null, 2));
    console.log(`written to ${out}`);
  } finally {
    await Promise.allSettled(devices.map((d) => d.client.endAsync(true)));
    await hub.dispose();
  }
}

function fmt(ms: number | null): string {
  return ms === null ? `not within ${DEADLINE_MS / 60_000} min` : `${(ms / 1000).toFixed(1)} s`;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
