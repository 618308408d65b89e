import type { Incident } from '@ioc/shared';
import type { Clock } from '../clock';
import { runTagFor, type OutboundMessage } from '../messages';
import { clientIdFor, MqttPublisher, redactUrl } from '../publisher';
import { HubClient, HubError, type HubCredentials } from '../hub/hub.client';
import { LiveWatcher } from '../hub/live.watcher';
import { DeviceConnections } from '../identity/device-connections';
import type { DeviceIdentity } from '../identity/device-identity';
import { MqttDeviceLinks } from '../scenarios/device-links';
import {
  runScenario,
  scenarioNeeds,
  ScenarioStepError,
  type PlayedStep,
  type ScenarioRunResult,
} from '../scenarios/scenario.runner';
import { scenarioDevices, type Scenario } from '../scenarios/scenario.schema';
import {
  checkOutcome,
  describeIncident,
  fingerprint,
  incidentsOfRun,
  type Check,
  type RunIdentity,
  type RunIncidents,
} from './outcome.checker';

export interface VerifyOptions {
  scenario: Scenario;
  /** The file it came from, for the report. */
  file: string | null;
  url: string;
  topicRoot: string;
  connectTimeoutMs: number;
  hubUrl: string;
  credentials: HubCredentials;
  /** Citizen-app key for report steps (X-Api-Key) instead of the user's token. */
  apiKey: string | null;
  speed: number;
  seed: number;
  /** Overrides the scenario's `expect.within` (seconds). */
  timeoutS: number | null;
  /** Overrides the scenario's `expect.settle` (seconds). */
  settleS: number | null;
  /** Resolve this run's incidents (false alarm) afterwards, so a rerun starts clean. */
  cleanup: boolean;
  /** Each device connects as itself; null: one anonymous connection for all. */
  identity?: DeviceIdentity | null;
  pollMs?: number;
}

export interface VerifyReport {
  scenario: string;
  title: string;
  file: string | null;
  runTag: string;
  startedAt: string;
  passed: boolean;
  durationMs: number;
  checks: Check[];
  incidents: Incident[];
  cleanedUp: number;
}

const LIVE_GRACE_MS = 5_000;

/**
 * `verify`: signs in, opens /live, plays the scenario, then polls the hub until the
 * expected outcome holds and has stayed unchanged for `settle` seconds (or `within` runs
 * out), checks that /live pushed the same final states, and returns every check.
 */
export async function verifyScenario(
  options: VerifyOptions,
  deps: { clock: Clock; log: (line: string) => void; signal?: AbortSignal },
): Promise<VerifyReport> {
  const { scenario } = options;
  const { clock, log } = deps;
  const started = clock.now();
  const runTag = runTagFor(started);
  const checks: Check[] = [];
  const within = (options.timeoutS ?? scenario.expect.within) * 1000;
  const settle = (options.settleS ?? scenario.expect.settle) * 1000;
  const pollMs = options.pollMs ?? 250;

  const hub = await HubClient.login(options.hubUrl, options.credentials, {
    apiKey: options.apiKey,
  });
  const live = await LiveWatcher.connect(hub.baseUrl, hub.token as string);
  let publisher: MqttPublisher | undefined;
  let devices: DeviceConnections | undefined;
  let links: MqttDeviceLinks | undefined;
  let played: ScenarioRunResult | null = null;
  let startMs: number;
  try {
    const connection = { url: options.url, connectTimeoutMs: options.connectTimeoutMs, runTag };
    if (options.identity) devices = new DeviceConnections({ ...connection, ...options.identity });
    else
      publisher = await MqttPublisher.connect({
        ...connection,
        clientId: clientIdFor('verify', runTag),
      });
    if (scenarioNeeds(scenario).links)
      links = new MqttDeviceLinks({
        ...connection,
        topicRoot: options.topicRoot,
        watcher: publisher,
        devices,
      });
    const sink = (devices ?? publisher) as DeviceConnections | MqttPublisher;
    log(`verify ${scenario.name}: ${scenario.title}`);
    log(
      `  hub ${hub.baseUrl} as ${hub.username ?? '?'}; broker ${redactUrl(options.url)} (topic root "${options.topicRoot}"); run ${runTag}`,
    );
    // Everything the run publishes is stamped at or after this instant.
    startMs = clock.now();
    try {
      played = await runScenario(scenario, {
        sink,
        links,
        reporter: hub,
        clock,
        speed: options.speed,
        topicRoot: options.topicRoot,
        runTag,
        seed: options.seed,
        signal: deps.signal,
        onStep: (step) => log(`  t=${step.step.at}s ${describePlayed(step)}`),
      });
      checks.push({
        ok: played.completed,
        title: `played ${scenario.steps.length} steps`,
        details: played.completed ? [] : ['interrupted before the last step'],
      });
    } catch (error) {
      if (!(error instanceof ScenarioStepError)) throw error;
      checks.push({
        ok: false,
        title: `played ${scenario.steps.length} steps`,
        details: [error.message],
      });
    }
    await sink.flush();
  } finally {
    await links?.closeAll();
    await publisher?.close();
    await devices?.closeAll();
  }

  const identity: RunIdentity = {
    sources: new Set([
      ...scenarioDevices(scenario),
      ...(played?.reports.map((r) => r.source) ?? []),
    ]),
    startMs,
  };
  let run: RunIncidents = { fresh: [], stale: [] };
  let cleanedUp = 0;
  try {
    if (checks.every((c) => c.ok)) {
      const outcome = await awaitOutcome(hub, scenario, identity, {
        within,
        settle,
        pollMs,
        clock,
        signal: deps.signal,
      });
      run = outcome.run;
      checks.push(...outcome.checks);
      checks.push(await checkHeard(hub, scenario, startMs, clock, pollMs));
      checks.push(await checkLive(live, run, identity, scenario, outcome.checks, clock, pollMs));
    }
    if (options.cleanup) cleanedUp = await cleanUp(hub, run, runTag, log);
  } finally {
    live.close();
  }

  const passed = checks.every((c) => c.ok);
  return {
    scenario: scenario.name,
    title: scenario.title,
    file: options.file,
    runTag,
    startedAt: new Date(startMs).toISOString(),
    passed,
    durationMs: clock.now() - started,
    checks,
    incidents: [...run.fresh, ...run.stale],
    cleanedUp,
  };
}

/**
 * Polls `GET /api/incidents?since=<run start>` until every check passes and the run's
 * incidents have not changed for `settle` ms, or `within` ms after the last step.
 */
async function awaitOutcome(
  hub: HubClient,
  scenario: Scenario,
  identity: RunIdentity,
  o: { within: number; settle: number; pollMs: number; clock: Clock; signal?: AbortSignal },
): Promise<{ run: RunIncidents; checks: Check[] }> {
  const deadline = o.clock.now() + o.within;
  let last = '';
  let stableSince = o.clock.now();
  for (;;) {
    const { items } = await hub.incidents({ since: new Date(identity.startMs) });
    const run = incidentsOfRun(items, identity);
    const checks = checkOutcome(scenario.expect, run);
    const print = fingerprint(run);
    const now = o.clock.now();
    if (print !== last) {
      last = print;
      stableSince = now;
    }
    const settled = now - stableSince >= o.settle;
    if ((checks.every((c) => c.ok) && settled) || now >= deadline || o.signal?.aborted) {
      if (!checks.every((c) => c.ok)) {
        const nothing =
          run.fresh.length + run.stale.length === 0 &&
          scenario.expect.incidents.some((e) => e.count > 0);
        checks.push({
          ok: false,
          title: `outcome reached within ${o.within / 1000} s`,
          details: nothing
            ? [
                'no incident of this run reached the hub at all: check --url, and that --topic-root ' +
                  "is the hub's MQTT_TOPIC_ROOT",
              ]
            : ['the checks above show the last outcome seen'],
        });
      }
      return { run, checks };
    }
    await o.clock.sleep(o.pollMs, o.signal);
  }
}

/**
 * The hub heard every device of the run (`GET /api/devices`, lastSeen after the start): a
 * scenario expecting no incident passes for the right reason, not because its messages went
 * to another topic root.
 */
async function checkHeard(
  hub: HubClient,
  scenario: Scenario,
  startMs: number,
  clock: Clock,
  pollMs: number,
): Promise<Check> {
  const ids = scenarioDevices(scenario);
  const deadline = clock.now() + LIVE_GRACE_MS;
  let unheard: string[];
  for (;;) {
    const known = new Map((await hub.devices()).map((d) => [d.id, d]));
    unheard = ids.filter((id) => {
      const seen = known.get(id)?.lastSeen;
      return !seen || Date.parse(seen) < startMs;
    });
    if (unheard.length === 0 || clock.now() >= deadline) break;
    await clock.sleep(pollMs);
  }
  return {
    ok: unheard.length === 0,
    title: `the hub heard every device of this run (${ids.length})`,
    details:
      unheard.length === 0
        ? []
        : [
            `not heard since the start: ${unheard.join(', ')} — check --url, and that --topic-root is the hub's MQTT_TOPIC_ROOT`,
          ],
  };
}

/** Every incident of the run reached /live in its final state, and /live tells the same story. */
async function checkLive(
  live: LiveWatcher,
  run: RunIncidents,
  identity: RunIdentity,
  scenario: Scenario,
  httpChecks: Check[],
  clock: Clock,
  pollMs: number,
): Promise<Check> {
  const wanted = [...run.fresh, ...run.stale];
  const missing = (): Incident[] =>
    wanted.filter((i) => (live.latest.get(i.id)?.seq ?? -1) < i.seq);
  const deadline = clock.now() + LIVE_GRACE_MS;
  while (missing().length > 0 && clock.now() < deadline) await clock.sleep(pollMs);
  const late = missing();
  const details: string[] = late.map(
    (i) => `not pushed in its final state: ${describeIncident(i)}`,
  );
  const liveChecks = checkOutcome(
    scenario.expect,
    incidentsOfRun([...live.latest.values()], identity),
  );
  liveChecks.forEach((c, index) => {
    const http = httpChecks[index];
    if (http && http.ok !== c.ok)
      details.push(
        `/live says ${c.ok ? 'PASS' : 'FAIL'} where HTTP says ${http.ok ? 'PASS' : 'FAIL'}: ${c.title}`,
      );
  });
  return {
    ok: details.length === 0,
    title: `/live pushed the final state of every incident of this run (${wanted.length}) and agrees with HTTP`,
    details,
  };
}

/** Resolves the run's open incidents as false alarms; reruns then open fresh ones. */
async function cleanUp(
  hub: HubClient,
  run: RunIncidents,
  runTag: string,
  log: (line: string) => void,
): Promise<number> {
  let resolved = 0;
  for (const incident of [...run.fresh, ...run.stale]) {
    if (incident.status === 'resolved' || incident.status === 'closed') continue;
    try {
      let current = incident;
      for (let attempt = 0; attempt < 3; attempt++) {
        const done = await hub.resolve(current, `ioc-sim verify run ${runTag}: cleanup`);
        if (done) {
          resolved += 1;
          break;
        }
        // 409: it changed since we read it; read it again and retry.
        current = await hub.incident(incident.id);
      }
    } catch (error) {
      const hint =
        error instanceof HubError && error.status === 403
          ? ' (cleanup needs the dispatcher role)'
          : '';
      log(`  cleanup: could not resolve ${incident.id}: ${(error as Error).message}${hint}`);
      break;
    }
  }
  return resolved;
}

export function describePlayed(played: PlayedStep): string {
  switch (played.kind) {
    case 'message':
      return describeMessage(played.message);
    case 'connect':
      return `connect ${played.deviceId} (own connection, Last Will offline; birth + online)`;
    case 'disconnect':
      return `disconnect ${played.deviceId} (connection dropped; broker published its Last Will)`;
    case 'report':
      return `citizen report ${played.request.type} at ${played.request.location.lat},${played.request.location.lon} → ${played.receipt.source}, incident ${played.receipt.incidentId.slice(0, 8)}`;
  }
}

export function describeMessage(message: OutboundMessage): string {
  const { channel, payload, deviceId } = message;
  if (channel === 'status') return `status ${String(payload)} ${deviceId}`;
  if (channel === 'birth') return `birth of ${deviceId}`;
  if (channel === 'snapshots') return `frame (${payload.length} bytes) from ${deviceId}`;
  if (typeof payload !== 'string') return `${channel} from ${deviceId}`;
  if (channel === 'events') {
    const event = JSON.parse(payload) as { type: string; confidence?: number };
    return `event ${event.type}${event.confidence === undefined ? '' : ` (${event.confidence})`} from ${deviceId}`;
  }
  const { readings } = JSON.parse(payload) as { readings: Record<string, number> };
  const values = Object.entries(readings)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
  return `telemetry ${values} from ${deviceId}`;
}

/** The readable report: one line per check, details under failures and found incidents. */
export function formatReport(report: VerifyReport): string[] {
  const lines: string[] = [];
  lines.push(`checks:`);
  for (const check of report.checks) {
    lines.push(`  ${check.ok ? 'PASS' : 'FAIL'}  ${check.title}`);
    for (const d of check.details) lines.push(`          ${d}`);
  }
  if (report.cleanedUp > 0)
    lines.push(`cleanup: resolved ${report.cleanedUp} incident(s) as false alarms`);
  const failed = report.checks.filter((c) => !c.ok).length;
  const took = `${(report.durationMs / 1000).toFixed(1)} s`;
  lines.push(
    report.passed
      ? `verify ${report.scenario}: PASS (${report.checks.length} checks, ${took})`
      : `verify ${report.scenario}: FAIL (${failed} of ${report.checks.length} checks failed, ${took})`,
  );
  return lines;
}
