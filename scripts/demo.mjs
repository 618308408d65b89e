#!/usr/bin/env node
// The demo: the built hub with its embedded defaults (Aedes broker, SQLite file, console)
// plus a simulated Da Lat fleet, the forest-fire scenario (a fire with its frames), then
// fog-looks-like-smoke (a foggy false alarm waiting `unverified` in the triage queue), so
// the map has something to show and the operator something to judge. Ctrl-C stops
// everything. Settings come from the environment like `npm start`.
//
// Device identity (docs/simulators.md): the demo registers its fleet through the API as the
// admin it knows, and every simulated device then connects with its own credentials to a
// broker that refuses anonymous devices. A hub that predates provisioning gets the fleet
// anonymously, with a notice.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
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
// Played one after the other: the fire (confidence 0.72 and up), then fog taken for smoke
// (0.58 and 0.61) next to a real fire on Prenn pass.
const SCENARIOS = ['forest-fire', 'fog-looks-like-smoke'];
// Triage on for fires: a detection under 0.65 opens an `unverified` incident that waits
// for an operator (docs/correlation.md, "Triage"). Written once into DATA_DIR, where the
// admin page's rule editor may change it; RULES_FILE in the environment wins.
const DEMO_RULES = `# The demo's rules (scripts/demo.mjs): the built-in rules, plus triage for fires.
categories:
  fire:
    triage:
      minConfidence: 0.65
`;
if (!process.env.RULES_FILE) {
  env.RULES_FILE = join(env.DATA_DIR, 'demo-rules.yaml');
  mkdirSync(env.DATA_DIR, { recursive: true, mode: 0o700 });
  if (!existsSync(env.RULES_FILE)) writeFileSync(env.RULES_FILE, DEMO_RULES, { mode: 0o600 });
}
const base = `http://127.0.0.1:${env.PORT}`;
const mqttUrl = env.MQTT_URL ?? `mqtt://127.0.0.1:${env.MQTT_PORT}`;
const children = [];

function run(name, args) {
  const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'inherit', 'inherit'] });
  child.on('exit', (code, signal) => {
    // `provision` is meant to end; the others run until Ctrl-C.
    if (!stopping && !((name === 'provision' || SCENARIOS.includes(name)) && code === 0))
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

// The young generation the hub is run with everywhere (docs/architecture.md, running it).
run('hub', ['--max-semi-space-size=64', 'server/dist/main.js']);
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
    ...SCENARIOS.flatMap((scenario) => ['--fleet', scenario]),
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
void playScenarios();

async function playScenarios() {
  for (const scenario of SCENARIOS) {
    const child = run(scenario, [
      'simulators/dist/cli.js',
      'scenario',
      scenario,
      '--url',
      mqttUrl,
      '--speed',
      '1',
      ...identity,
    ]);
    if ((await finished(child)) !== 0 || stopping) return;
  }
}

console.log(`
  IOC event hub demo is running.

    Console     ${base}/
    API docs    ${base}/api/docs
    Metrics     ${base}/metrics
    MQTT        ${mqttUrl}  (devices publish to ioc/devices/{deviceId}/events)
    Devices     ${identity.length > 0 ? `each connects as itself; credentials in ${credentialsFile}` : 'anonymous (this hub predates device identity)'}

    Logins      operator / ${env.IOC_DEMO_PASSWORD}    dispatcher / ${env.IOC_DEMO_PASSWORD}    admin / ${env.IOC_DEMO_PASSWORD}

    Scenarios   ${SCENARIOS.join(', then ')}: a fire on Langbiang with its frames (open it,
                click a thumbnail, arrow keys step through them), then fog over Tuyen Lam
                taken for smoke: "Triage" in the top bar, N to dismiss it as fog.
    Rules       ${env.RULES_FILE}

  Press Ctrl-C to stop.
`);
