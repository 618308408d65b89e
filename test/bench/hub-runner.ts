import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdirSync, mkdtempSync, rmSync, type WriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HUB_NODE_FLAGS, MOSQUITTO_URL, REPO_ROOT } from '../support/hub-process';
import { freePort } from '../support/ports';
import { createPostgresDatabase } from '../support/postgres';
import { nowMs } from './stream';

export type BrokerKind = 'embedded' | 'mosquitto';
export type DatabaseKind = 'sqlite' | 'postgres';

export interface HubRunOptions {
  broker: BrokerKind;
  database: DatabaseKind;
  /** Where the hub's stdout and stderr go. */
  logFile: string;
  /** Node flags for the hub only (e.g. --cpu-prof, which NODE_OPTIONS does not allow). */
  nodeArgs?: string[];
  /** NODE_OPTIONS for the hub only, never the harness's own. */
  nodeOptions?: string;
  /** Several instances (bench/scale-out.ts): one broker and one database for all of them. */
  brokerUrl?: string;
  databaseUrl?: string;
  /** Settings added last (cluster mode's REDIS_URL, MQTT_SHARE_GROUP…). */
  env?: Record<string, string>;
}

/** Prometheus text, parsed into name{labels} → value. */
export type MetricSample = Map<string, number>;

const ADMIN = 'bench-admin';

/**
 * The built hub (server/dist/main.js) as a child process for the benchmark: production
 * settings (its own JWT secret and admin, no demo data), ephemeral ports, its own data folder
 * or PostgreSQL database, and on Mosquitto its own topic root and client id. It measures
 * start-up as the time from spawn to the first /health 200, polled every 10 ms.
 */
export class HubRunner {
  private child: ChildProcess | null = null;
  private log: WriteStream | null = null;
  private exitCode: number | null = null;
  private readonly password = randomBytes(12).toString('hex');

  private constructor(
    readonly options: HubRunOptions,
    readonly port: number,
    readonly mqttUrl: string,
    readonly topicRoot: string,
    private readonly env: Record<string, string>,
    private readonly dataDir: string,
    private readonly dropDatabase: (() => Promise<void>) | null,
  ) {}

  static async create(options: HubRunOptions): Promise<HubRunner> {
    const port = await freePort();
    const mqttPort = await freePort();
    const suffix = randomBytes(4).toString('hex');
    // On the shared Mosquitto a unique topic root keeps runs (and other tests) apart.
    const topicRoot = options.broker === 'mosquitto' ? `bench${suffix}` : 'ioc';
    const dataDir = mkdtempSync(join(tmpdir(), 'ioc-bench-'));
    const db =
      options.database === 'postgres' && !options.databaseUrl
        ? await createPostgresDatabase()
        : null;
    const brokerUrl = options.brokerUrl ?? MOSQUITTO_URL;
    const env: Record<string, string> = {
      // Not production: its publisher speaks for 1,000 lane devices over one connection,
      // which device identity allows only with anonymous devices, and production refuses
      // those (docs/benchmarks.md). Everything on the ingest path is the same.
      NODE_ENV: 'test',
      MQTT_ALLOW_ANONYMOUS: 'true',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      JWT_SECRET: randomBytes(24).toString('hex'),
      // Production closes /metrics without it; the bench reads its counters there.
      METRICS_TOKEN: randomBytes(24).toString('hex'),
      IOC_ADMIN_USERNAME: ADMIN,
      MQTT_TOPIC_ROOT: topicRoot,
      MQTT_CLIENT_ID: `ioc-hub-bench-${suffix}`,
      ...(options.broker === 'embedded'
        ? { MQTT_PORT: String(mqttPort) }
        : { MQTT_URL: brokerUrl }),
      ...(db ? { DATABASE_URL: db.url } : {}),
      ...(options.databaseUrl ? { DATABASE_URL: options.databaseUrl } : {}),
      ...(options.nodeOptions ? { NODE_OPTIONS: options.nodeOptions } : {}),
      // Settings of the allocation profiler preload (bench/alloc-profile.cjs), of glibc's
      // allocator (MALLOC_ARENA_MAX…) and SQLITE_SYNCHRONOUS (its cost), if given.
      ...Object.fromEntries(
        Object.entries(process.env).filter(
          (entry): entry is [string, string] =>
            /^(ALLOC|MALLOC)_|^SQLITE_SYNCHRONOUS$|^IOC_(TRACE|PAGE)_/.test(entry[0]) &&
            entry[1] !== undefined,
        ),
      ),
      ...options.env,
    };
    const mqttUrl = options.broker === 'embedded' ? `mqtt://127.0.0.1:${mqttPort}` : brokerUrl;
    const hub = new HubRunner(options, port, mqttUrl, topicRoot, env, dataDir, db?.drop ?? null);
    hub.env.IOC_ADMIN_PASSWORD = hub.password;
    return hub;
  }

  get clientId(): string {
    return this.env.MQTT_CLIENT_ID ?? '';
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Starts the hub; resolves with milliseconds from spawn to the first /health 200. */
  async start(timeoutMs = 60_000): Promise<number> {
    mkdirSync(join(this.options.logFile, '..'), { recursive: true });
    this.log = createWriteStream(this.options.logFile, { flags: 'a' });
    this.exitCode = null;
    const startedAt = nowMs();
    const child = spawn(
      process.execPath,
      [...HUB_NODE_FLAGS, ...(this.options.nodeArgs ?? []), join(REPO_ROOT, 'server/dist/main.js')],
      {
        cwd: REPO_ROOT,
        env: { PATH: process.env.PATH ?? '', ...this.env },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    this.child = child;
    child.stdout?.pipe(this.log, { end: false });
    child.stderr?.pipe(this.log, { end: false });
    child.once('exit', (code, signal) => {
      this.exitCode = code ?? (signal ? 128 : 1);
    });
    const deadline = startedAt + timeoutMs;
    for (;;) {
      // Set by the exit listener meanwhile (TypeScript cannot see that).
      const exitCode = this.exitCode as number | null;
      if (exitCode !== null)
        throw new Error(
          `hub exited during start-up (code ${exitCode}); see ${this.options.logFile}`,
        );
      const ok = await fetch(`${this.baseUrl}/health`).then(
        (r) => r.status === 200,
        () => false,
      );
      if (ok) return nowMs() - startedAt;
      if (nowMs() > deadline)
        throw new Error(`hub not healthy within ${timeoutMs} ms; see ${this.options.logFile}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  get running(): boolean {
    return this.child !== null && this.exitCode === null;
  }

  async login(): Promise<string> {
    const response = await fetch(`${this.baseUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: ADMIN, password: this.password }),
    });
    if (response.status !== 200)
      throw new Error(`login: ${response.status} ${await response.text()}`);
    return ((await response.json()) as { accessToken: string }).accessToken;
  }

  async get<T>(path: string, token: string): Promise<T> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    if (!response.ok) throw new Error(`GET ${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as T;
  }

  async metrics(): Promise<MetricSample> {
    const response = await fetch(`${this.baseUrl}/metrics`, {
      headers: { authorization: `Bearer ${this.env.METRICS_TOKEN ?? ''}` },
    });
    // A refused scrape must not read as all counters at zero.
    if (!response.ok) throw new Error(`GET /metrics: ${response.status} ${await response.text()}`);
    return parsePrometheus(await response.text());
  }

  /** A crash: SIGKILL, nothing flushed (bench/scale-out.ts's fail-overs). */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child || this.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGKILL');
    await exited;
    await this.closeLog();
  }

  private async closeLog(): Promise<void> {
    await new Promise<void>((resolve) => (this.log ? this.log.end(() => resolve()) : resolve()));
    this.log = null;
  }

  /** SIGTERM (a graceful shutdown, which also writes a --cpu-prof profile), SIGKILL after 15 s. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child || this.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
    await this.closeLog();
  }

  async dispose(): Promise<void> {
    await this.stop();
    rmSync(this.dataDir, { recursive: true, force: true });
    await this.dropDatabase?.();
  }
}

export function parsePrometheus(text: string): MetricSample {
  const sample: MetricSample = new Map();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const space = line.lastIndexOf(' ');
    if (space < 0) continue;
    sample.set(line.slice(0, space), Number(line.slice(space + 1)));
  }
  return sample;
}

/** The sum of a metric over all its label sets. */
export function metricSum(sample: MetricSample, name: string): number {
  let total = 0;
  for (const [key, value] of sample) if (key === name || key.startsWith(`${name}{`)) total += value;
  return total;
}
