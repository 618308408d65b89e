#!/usr/bin/env node
// The demo: the built hub with its embedded defaults (Aedes broker, SQLite file, console)
// plus a simulated Da Lat fleet and one forest-fire scenario, so the map has something to
// show. Ctrl-C stops everything. Settings come from the environment like `npm start`.
import { spawn } from 'node:child_process';
import { setTimeout as delay } from 'node:timers/promises';

const env = {
  ...process.env,
  PORT: process.env.PORT ?? '3000',
  MQTT_PORT: process.env.MQTT_PORT ?? '1884',
  DATA_DIR: process.env.DATA_DIR ?? 'data',
  IOC_DEMO_PASSWORD: process.env.IOC_DEMO_PASSWORD ?? 'demo-password',
};
const base = `http://127.0.0.1:${env.PORT}`;
const mqttUrl = env.MQTT_URL ?? `mqtt://127.0.0.1:${env.MQTT_PORT}`;
const children = [];

function run(name, args) {
  const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'inherit', 'inherit'] });
  child.on('exit', (code, signal) => {
    if (!stopping) console.error(`[demo] ${name} exited (${signal ?? code})`);
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

run('fleet', [
  'simulators/dist/cli.js',
  'fleet',
  '--url',
  mqttUrl,
  '--cameras',
  '37',
  '--sensors',
  '60',
  '--seed',
  '1',
]);
run('scenario', [
  'simulators/dist/cli.js',
  'scenario',
  'forest-fire',
  '--url',
  mqttUrl,
  '--speed',
  '1',
]);

console.log(`
  IOC event hub demo is running.

    Console     ${base}/
    API docs    ${base}/api/docs
    Metrics     ${base}/metrics
    MQTT        ${mqttUrl}  (devices publish to ioc/devices/{deviceId}/events)

    Logins      operator / ${env.IOC_DEMO_PASSWORD}    dispatcher / ${env.IOC_DEMO_PASSWORD}    admin / ${env.IOC_DEMO_PASSWORD}

  Press Ctrl-C to stop.
`);
