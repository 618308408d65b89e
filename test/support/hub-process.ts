import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Role } from '@ioc/shared';
import { expectEventually } from './eventually';
import { freePort } from './ports';
import { createPostgresDatabase } from './postgres';

export const REPO_ROOT = resolve(__dirname, '../..');
export const ARTIFACTS = join(REPO_ROOT, 'test/artifacts');
export const DEMO_PASSWORD = 'e2e-password';
const START_TIMEOUT_MS = 30_000;
/**
 * V8 flags the hub is run with wherever it is started (package.json `start`, the demo, the
 * image): a 64 MB young generation (docs/architecture.md, running it).
 */
export const HUB_NODE_FLAGS = ['--max-semi-space-size=64'];

export const MOSQUITTO_URL = process.env.E2E_MOSQUITTO_URL ?? 'mqtt://127.0.0.1:1883';

export interface HubOptions {
  broker: 'embedded' | 'mosquitto';
  database: 'sqlite' | 'postgres';
  env?: Record<string, string>;
  /** An external broker the test owns (e.g. a private Mosquitto) instead of the machine's. */
  brokerUrl?: string;
  /** A PostgreSQL database the test owns (neither created nor dropped here). */
  databaseUrl?: string;
  /**
   * MQTT_ALLOW_ANONYMOUS: true (the default here, outside production) lets the tests written
   * before device identity publish without credentials; false is the hub's own default.
   */
  anonymousDevices?: boolean;
  /** How long start-up may take before the hub counts as failed (30 s unless set). */
  startTimeoutMs?: number;
}

/** How the hub's process ended: its exit code, or the signal that ended it. */
export interface HubExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/**
 * The built hub (server/dist/main.js) as a child process on ephemeral ports, with its own
 * data folder or PostgreSQL database and, on Mosquitto, its own topic root and client id.
 */
export class HubProcess {
  private child: ChildProcess | null = null;
  private output = '';
  private dropDatabase: (() => Promise<void>) | null = null;
  private exit: Promise<HubExit> | null = null;

  private constructor(
    private readonly startTimeoutMs: number,
    readonly name: string,
    readonly port: number,
    readonly mqttUrl: string,
    readonly topicRoot: string,
    private readonly env: Record<string, string>,
    private readonly dataDir: string,
  ) {}

  static async start(name: string, options: HubOptions): Promise<HubProcess> {
    const port = await freePort();
    const mqttPort = await freePort();
    const suffix = randomBytes(3).toString('hex');
    const topicRoot = options.broker === 'mosquitto' ? `e2e${suffix}` : 'ioc';
    const brokerUrl = options.brokerUrl ?? MOSQUITTO_URL;
    const dataDir = mkdtempSync(join(tmpdir(), 'ioc-e2e-'));
    const env: Record<string, string> = {
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      IOC_DEMO_PASSWORD: DEMO_PASSWORD,
      MQTT_TOPIC_ROOT: topicRoot,
      MQTT_CLIENT_ID: `ioc-hub-e2e-${suffix}`,
      LOG_LEVEL: 'log',
      ...(options.anonymousDevices !== false && options.env?.NODE_ENV !== 'production'
        ? { MQTT_ALLOW_ANONYMOUS: 'true' }
        : {}),
      ...(options.broker === 'embedded'
        ? { MQTT_PORT: String(mqttPort) }
        : { MQTT_URL: brokerUrl }),
      ...options.env,
    };
    const hub = new HubProcess(
      options.startTimeoutMs ?? START_TIMEOUT_MS,
      name,
      port,
      options.broker === 'embedded' ? `mqtt://127.0.0.1:${mqttPort}` : brokerUrl,
      topicRoot,
      env,
      dataDir,
    );
    if (options.database === 'postgres' && options.databaseUrl) {
      hub.env.DATABASE_URL = options.databaseUrl;
    } else if (options.database === 'postgres') {
      const db = await createPostgresDatabase();
      hub.env.DATABASE_URL = db.url;
      hub.dropDatabase = db.drop;
    }
    await hub.launch();
    return hub;
  }

  /** The SQLite file of a hub on SQLite (DATA_DIR/ioc.sqlite); its WAL is beside it. */
  get sqliteFile(): string {
    return join(this.dataDir, 'ioc.sqlite');
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get logs(): string {
    return this.output;
  }

  private async launch(): Promise<void> {
    const child = spawn(
      process.execPath,
      [...HUB_NODE_FLAGS, join(REPO_ROOT, 'server/dist/main.js')],
      {
        env: { PATH: process.env.PATH ?? '', NODE_ENV: 'test', ...this.env },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    this.child = child;
    const collect = (chunk: Buffer): void => {
      this.output += chunk.toString();
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    let exited = false;
    this.exit = new Promise((resolve) =>
      child.once('exit', (code, signal) => {
        exited = true;
        resolve({ code, signal });
      }),
    );
    await expectEventually(
      async () => {
        if (exited) throw new Error(`hub exited during start-up:\n${this.output}`);
        const response = await fetch(`${this.baseUrl}/health`);
        if (response.status !== 200) throw new Error(`health ${response.status}`);
      },
      this.startTimeoutMs,
      100,
    ).catch((error: unknown) => {
      if (exited) throw error;
      throw new Error(
        `hub not healthy within ${this.startTimeoutMs / 1000} s: ${String(error)}\n${this.output}`,
      );
    });
  }

  async login(role: Role): Promise<string> {
    const response = await fetch(`${this.baseUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: role, password: DEMO_PASSWORD }),
    });
    if (response.status !== 200) throw new Error(`login as ${role}: ${response.status}`);
    return ((await response.json()) as { accessToken: string }).accessToken;
  }

  async get<T>(path: string, token: string): Promise<T> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    if (!response.ok) throw new Error(`GET ${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as T;
  }

  async metric(name: string): Promise<number> {
    const text = await (await fetch(`${this.baseUrl}/metrics`)).text();
    const line = text.split('\n').find((l) => l.startsWith(`${name} `));
    return line ? Number(line.split(' ')[1]) : 0;
  }

  /** Stops the process (SIGTERM, then SIGKILL after 10 s) and keeps its data. */
  async stop(): Promise<void> {
    await this.kill('SIGTERM');
  }

  /**
   * Sends `signal` (default: a crash, SIGKILL) and resolves with how the process ended;
   * SIGKILL follows after `graceMs`. The data stays: restart() starts on it again.
   */
  async kill(signal: NodeJS.Signals = 'SIGKILL', graceMs = 10_000): Promise<HubExit> {
    const child = this.child;
    if (!child || !this.exit) return { code: null, signal: null };
    // A process ended by a signal has signalCode set and exitCode null.
    if (child.exitCode !== null || child.signalCode !== null) return this.exit;
    child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    const exit = await this.exit;
    clearTimeout(timer);
    return exit;
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.launch();
  }

  /** Stops the hub, keeps its log as a test artifact and removes its data. */
  async dispose(): Promise<void> {
    await this.stop();
    mkdirSync(ARTIFACTS, { recursive: true });
    writeFileSync(join(ARTIFACTS, `${this.name}.log`), this.output);
    rmSync(this.dataDir, { recursive: true, force: true });
    await this.dropDatabase?.();
  }
}
