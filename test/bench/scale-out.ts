/**
 * `npm run bench:scale-out -w e2e -- [--events N] [--kills N] [--instances N]`: issue 16's
 * figures (docs/benchmarks.md, "Several instances"). On a private Mosquitto (shared
 * subscription), one PostgreSQL database and the machine's Redis it measures:
 *
 * - sustained ingest with 1, 2, … instances: N events (default 20,000) published as fast as
 *   a window of 500 unacknowledged messages allows, over 50 camera lanes; the time from the
 *   first publish until every event is stored, and until every one is correlated (linked
 *   to its incident by the leader); each instance's CPU time over the run;
 * - fail-over, `--kills` times (default 10): `kill -9` of the leader, then the time until
 *   another instance's /health says `"leader": true`, and until the first of five events
 *   published right after the kill is correlated. The killed instance is restarted (as a
 *   supervisor would) before the next round.
 *
 * Figures only, with the load average beside each: a benchmark never fails on a time.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import mqtt from 'mqtt';
import { Client } from 'pg';
import { ARTIFACTS } from '../support/hub-process';
import { MosquittoProcess } from '../support/mosquitto-process';
import { createPostgresDatabase } from '../support/postgres';
import { HubRunner } from './hub-runner';
import { PublisherClient } from './publisher-client';
import { LaneStream, nowMs } from './stream';

const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const LANES = 50;
const INFLIGHT = 500;
const POLL_MS = 20;
const FAILOVER_EVENTS = 5;
/** Linux reports process CPU time in ticks of 1/100 s (USER_HZ). */
const TICKS_PER_SECOND = 100;

interface Options {
  events: number;
  kills: number;
  instances: number;
}

function parse(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    options: {
      events: { type: 'string' },
      kills: { type: 'string' },
      instances: { type: 'string' },
    },
  });
  const positive = (text: string | undefined, fallback: number, name: string): number => {
    const n = Number(text ?? fallback);
    if (!Number.isInteger(n) || n <= 0) throw new Error(`--${name}: a positive integer`);
    return n;
  };
  return {
    events: positive(values.events, 20_000, 'events'),
    kills: positive(values.kills, 10, 'kills'),
    instances: positive(values.instances, 3, 'instances'),
  };
}

const load = (): string =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');

/** CPU milliseconds (user + system) a process has used so far, from /proc. */
function cpuMs(pid: number | undefined): number {
  if (pid === undefined) return 0;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

async function isLeader(hub: HubRunner): Promise<boolean> {
  const response = await fetch(`${hub.baseUrl}/health`).catch(() => null);
  if (!response) return false;
  return ((await response.json().catch(() => ({}))) as { leader?: boolean }).leader === true;
}

async function pollUntil<T>(check: () => Promise<T | null>, timeoutMs: number): Promise<T | null> {
  const deadline = nowMs() + timeoutMs;
  while (nowMs() < deadline) {
    const value = await check();
    if (value !== null) return value;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  return null;
}

async function main(): Promise<void> {
  const options = parse(process.argv.slice(2));
  const suffix = randomBytes(3).toString('hex');
  const topicRoot = `benchha${suffix}`;
  const mosquitto = await MosquittoProcess.start(`bench-scale-out-${suffix}`);
  const database = await createPostgresDatabase();
  const pg = new Client({ connectionString: database.url });
  const jwtSecret = randomBytes(24).toString('hex');
  const hubs: HubRunner[] = [];
  const report: Record<string, unknown> = {
    machine: { cores: cpus().length, model: cpus()[0]?.model },
    options,
  };
  const log = (line: string): void => console.log(`[${load()}] ${line}`);
  let publisher: PublisherClient | null = null;
  try {
    const addHub = async (n: number): Promise<HubRunner> => {
      const hub = await HubRunner.create({
        broker: 'mosquitto',
        database: 'postgres',
        brokerUrl: mosquitto.url,
        databaseUrl: database.url,
        logFile: join(ARTIFACTS, `bench-scale-out-hub-${n}.log`),
        env: {
          REDIS_URL,
          CLUSTER_KEY_PREFIX: `ioc-bench-${suffix}`,
          JWT_SECRET: jwtSecret,
          MQTT_SHARE_GROUP: 'hubs',
          MQTT_TOPIC_ROOT: topicRoot,
          MQTT_CLIENT_ID: `ioc-hub-bench-${suffix}-${n}`,
        },
      });
      const startMs = await hub.start(240_000);
      hubs.push(hub);
      log(`instance ${n} healthy in ${Math.round(startMs)} ms`);
      return hub;
    };
    publisher = await PublisherClient.start(mosquitto.url, `bench-pub-${suffix}`);
    const counts = async (prefix: string): Promise<{ stored: number; linked: number }> => {
      const { rows } = await pg.query<{ stored: number; linked: number }>(
        'SELECT count(*)::int AS stored, count("incidentId")::int AS linked FROM events WHERE "eventId" LIKE $1',
        [`${prefix}-%`],
      );
      return rows[0]!;
    };

    const ingest: unknown[] = [];
    for (let n = 1; n <= options.instances; n++) {
      await addHub(n - 1);
      if (n === 1) await pg.connect();
      const idPrefix = `so${n}${suffix}`;
      const cpuBefore = hubs.map((h) => cpuMs(h.pid));
      const loadBefore = load();
      const result = await publisher.run(
        {
          topicRoot,
          block: n,
          lanes: LANES,
          idPrefix,
          count: options.events,
          rate: 0,
          inflight: INFLIGHT,
          dupEvery: 0,
          maxMs: 600_000,
        },
        () => undefined,
      );
      const stored = await pollUntil(async () => {
        const c = await counts(idPrefix);
        return c.stored >= result.published ? nowMs() : null;
      }, 600_000);
      const correlated = await pollUntil(async () => {
        const c = await counts(idPrefix);
        return c.linked >= result.published ? nowMs() : null;
      }, 600_000);
      const leaders = await Promise.all(hubs.map(isLeader));
      const cpu = hubs.map((h, i) => ({
        leader: leaders[i],
        cpuMsPer1kEvents: Math.round(((cpuMs(h.pid) - cpuBefore[i]!) / result.published) * 1000),
      }));
      const seconds = (end: number | null): number | null =>
        end === null ? null : (end - result.startedAt) / 1000;
      const figure = {
        instances: n,
        events: result.published,
        publishSeconds: (result.lastPublishAt - result.startedAt) / 1000,
        storedPerSecond: stored && Math.round(result.published / seconds(stored)!),
        correlatedPerSecond: correlated && Math.round(result.published / seconds(correlated)!),
        cpu,
        loadBefore,
        loadAfter: load(),
      };
      ingest.push(figure);
      log(`ingest: ${JSON.stringify(figure)}`);
    }
    report.ingest = ingest;

    const failovers: unknown[] = [];
    const probe = await mqtt.connectAsync(mosquitto.url, { clientId: `bench-fo-${suffix}` });
    try {
      for (let round = 0; round < options.kills; round++) {
        const flags = await Promise.all(hubs.map(isLeader));
        const leader = hubs[flags.indexOf(true)];
        if (!leader) throw new Error('no leader before a kill');
        const others = hubs.filter((h) => h !== leader);
        const loadBefore = load();
        await leader.kill();
        const killedAt = nowMs();
        // Five events at once: the shared subscription may hand one to the dead member's
        // session, which keeps it until that instance is back.
        const stream = new LaneStream(
          { block: 100 + round, lanes: FAILOVER_EVENTS },
          topicRoot,
          `fo${round}${suffix}`,
        );
        const iso = new Date().toISOString();
        for (let g = 0; g < FAILOVER_EVENTS; g++)
          void probe.publishAsync(stream.topics[g]!, stream.payload(g, iso), { qos: 1 });
        const ledAt = await pollUntil(async () => {
          const next = await Promise.all(others.map(isLeader));
          return next.includes(true) ? nowMs() : null;
        }, 60_000);
        const correlatedAt = await pollUntil(async () => {
          const c = await counts(`fo${round}${suffix}`);
          return c.linked > 0 ? nowMs() : null;
        }, 60_000);
        const figure = {
          round: round + 1,
          leaderMs: ledAt === null ? null : Math.round(ledAt - killedAt),
          firstCorrelatedMs: correlatedAt === null ? null : Math.round(correlatedAt - killedAt),
          loadBefore,
        };
        failovers.push(figure);
        log(`fail-over: ${JSON.stringify(figure)}`);
        // Its supervisor restarts it: it stands by, and takes back what Mosquitto held for it.
        await leader.start(240_000);
      }
    } finally {
      await probe.endAsync();
    }
    report.failovers = failovers;
    const leaderMs = failovers
      .map((f) => (f as { leaderMs: number | null }).leaderMs)
      .filter((v): v is number => v !== null)
      .sort((a, b) => a - b);
    report.failoverSummary = {
      kills: options.kills,
      measured: leaderMs.length,
      medianMs: leaderMs[Math.floor(leaderMs.length / 2)] ?? null,
      maxMs: leaderMs[leaderMs.length - 1] ?? null,
    };
    log(`fail-over summary: ${JSON.stringify(report.failoverSummary)}`);
  } finally {
    await publisher?.close();
    for (const hub of hubs) await hub.stop();
    await pg.end().catch(() => undefined);
    await mosquitto.dispose();
    await database.drop();
  }
  mkdirSync(ARTIFACTS, { recursive: true });
  const file = join(ARTIFACTS, 'bench-scale-out.json');
  writeFileSync(file, JSON.stringify(report, null, 2));
  console.log(`written to ${file}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
