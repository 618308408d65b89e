#!/usr/bin/env node
// The demo: the built hub with its embedded defaults (Aedes broker, SQLite file, console)
// plus a simulated Da Lat fleet and one forest-fire scenario, so the map has something to
// show. Ctrl-C stops everything. Settings come from the environment like `npm start`.
//
// Device identity (docs/simulators.md): the demo registers its fleet through the API as the
// admin it knows, and every simulated device then connects with its own credentials to a
// broker that refuses anonymous devices. A hub that predates provisioning gets the fleet
// anonymously, with a notice.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';

const env = {
  ...process.env,
  PORT: process.env.PORT ?? '3000',
  MQTT_PORT: process.env.MQTT_PORT ?? '1884',
  DATA_DIR: process.env.DATA_DIR ?? 'data',
  IOC_DEMO_PASSWORD: process.env.IOC_DEMO_PASSWORD ?? 'demo-password',
  MQTT_ALLOW_ANONYMOUS: process.env.MQTT_ALLOW_ANONYMOUS ?? 'false',
};
// Written with mode 0600 beside the demo's database: the devices' secrets.
const credentialsFile = join(env.DATA_DIR, 'demo-device-credentials.json');
// The same flags give `provision` and `fleet` the same devices.
const FLEET = ['--cameras', '37', '--sensors', '60', '--seed', '1'];
const SCENARIO = 'forest-fire';
const base = `http://127.0.0.1:${env.PORT}`;
const mqttUrl = env.MQTT_URL ?? `mqtt://127.0.0.1:${env.MQTT_PORT}`;
const children = [];

function run(name, args) {
  const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'inherit', 'inherit'] });
  child.on('exit', (code, signal) => {
    // `provision` is meant to end; the others run until Ctrl-C.
    if (!stopping && !(name === 'provision' && code === 0))
      console.error(`[demo] ${name} exited (${signal ?? code})`);
    if (name === 'hub' && !stopping) stop(1);
  });
  children.push(child);
  return child;
}

let stopping = false;
function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  for (const child of children) child.kill('SIGTERM');
  setTimeout(() => process.exit(code), 3000).unref();
  Promise.all(
    children.map((c) => (c.exitCode === null ? new Promise((r) => c.once('exit', r)) : null)),
  ).then(() => process.exit(code));
}
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));

run('hub', ['server/dist/main.js']);
const deadline = Date.now() + 60_000;
for (;;) {
  try {
    if ((await fetch(`${base}/health`)).status === 200) break;
  } catch {
    // not listening yet
  }
  if (Date.now() > deadline) {
    console.error('[demo] the hub did not become healthy within 60 s');
    stop(1);
  }
  await delay(250);
}

/** Whether the hub registers devices (POST /api/devices/bulk): 404 on a hub before identity. */
async function hubProvisions() {
  const login = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: env.IOC_DEMO_PASSWORD }),
  });
  if (!login.ok) throw new Error(`the admin login failed (${login.status})`);
  const { accessToken } = await login.json();
  const probe = await fetch(`${base}/api/devices/bulk`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` },
    body: '[]',
  });
  return probe.status !== 404 && probe.status !== 405;
}

function finished(child) {
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

let identity = [];
if (await hubProvisions()) {
  const provision = run('provision', [
    'simulators/dist/cli.js',
    'provision',
    '--hub',
    base,
    '--username',
    'admin',
    // The password comes from IOC_DEMO_PASSWORD in the environment, not the command line.
    ...FLEET,
    '--fleet',
    SCENARIO,
    '--out',
    credentialsFile,
  ]);
  if ((await finished(provision)) !== 0) {
    console.error('[demo] provisioning the fleet failed');
    stop(1);
  }
  identity = ['--credentials', credentialsFile];
} else {
  console.warn(
    '[demo] this hub has no device provisioning (POST /api/devices/bulk: 404): the fleet connects anonymously',
  );
}

run('fleet', ['simulators/dist/cli.js', 'fleet', '--url', mqttUrl, ...FLEET, ...identity]);
run('scenario', [
  'simulators/dist/cli.js',
  'scenario',
  SCENARIO,
  '--url',
  mqttUrl,
  '--speed',
  '1',
  ...identity,
]);

console.log(`
  IOC event hub demo is running.

    Console     ${base}/
    API docs    ${base}/api/docs
    Metrics     ${base}/metrics
    MQTT        ${mqttUrl}  (devices publish to ioc/devices/{deviceId}/events)
    Devices     ${identity.length > 0 ? `each connects as itself; credentials in ${credentialsFile}` : 'anonymous (this hub predates device identity)'}

    Logins      operator / ${env.IOC_DEMO_PASSWORD}    dispatcher / ${env.IOC_DEMO_PASSWORD}    admin / ${env.IOC_DEMO_PASSWORD}

  Press Ctrl-C to stop.
`);
