import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { DEFAULT_TOPIC_ROOT, SEVERITIES, type Severity } from '@ioc/shared';

/**
 * Settings of docs/contract.md §9, read from the environment once and validated. This is the only
 * place that reads process.env; everything else receives an AppConfig.
 */
const MAX_TOKEN_TTL_SECONDS = 24 * 3600;
/** Password policy: the shortest password accepted in production (elsewhere: 8). */
export const PRODUCTION_PASSWORD_LENGTH = 12;

const port = z.coerce.number().int().min(0).max(65535);
const keyPairList = z
  .string()
  .regex(
    /^[A-Za-z0-9_.-]{1,64}:[^,\s]{16,}(,[A-Za-z0-9_.-]{1,64}:[^,\s]{16,})*$/,
    'must be id:key pairs, comma separated, each key at least 16 characters',
  )
  .optional();

/** `id:url` pairs: the webhook of each citizen app (its id as in CITIZEN_API_KEYS). */
const webhookList = z
  .string()
  .regex(
    /^[A-Za-z0-9_.-]{1,64}:https?:\/\/[^,\s]+(,[A-Za-z0-9_.-]{1,64}:https?:\/\/[^,\s]+)*$/,
    'must be id:url pairs (http:// or https://), comma separated',
  )
  .optional();

const booleanFlag = z.enum(['true', 'false']).transform((value) => value === 'true');
/** A PEM file the hub reads at start (TLS certificates and keys). */
const pemFile = z
  .string()
  .refine((path) => existsSync(path), 'must name a readable file')
  .optional();

const EnvSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    PORT: port.default(3000),
    HOST: z.string().min(1).default('0.0.0.0'),
    MQTT_URL: z
      .string()
      .regex(/^(mqtts?|wss?|tcp):\/\/.+/, 'must be an mqtt://, mqtts://, ws:// or wss:// URL')
      .optional(),
    MQTT_PORT: port.default(1884),
    MQTT_TOPIC_ROOT: z
      .string()
      .regex(/^[A-Za-z0-9_-]+$/, 'must be letters, digits, _ or -')
      .default(DEFAULT_TOPIC_ROOT),
    MQTT_CLIENT_ID: z.string().min(1).max(64).optional(),
    MQTT_SHARE_GROUP: z
      .string()
      .regex(/^[A-Za-z0-9_-]+$/)
      .optional(),
    /** External broker: QoS 1 messages it may have unacknowledged towards the hub (MQTT 5). */
    MQTT_RECEIVE_MAXIMUM: z.coerce.number().int().min(1).max(65_535).default(16_000),
    /** External broker: payload bytes received and not yet acknowledged before the hub stops reading. */
    MQTT_INBOX_MAX_BYTES: z.coerce
      .number()
      .int()
      .min(1024 * 1024)
      .default(64 * 1024 * 1024),
    /** Device identity (issue 14): MQTT clients without credentials may speak for any device. */
    MQTT_ALLOW_ANONYMOUS: booleanFlag.default(false),
    /** Read-only MQTT accounts of sharing platforms (`ioc/incidents/#` only): `user:password` pairs. */
    MQTT_INTEGRATION_ACCOUNTS: keyPairList,
    /** Embedded broker: a packet announcing more than this is refused while its header is read. */
    MQTT_MAX_PACKET_BYTES: z.coerce
      .number()
      .int()
      .min(4 * 1024)
      .max(256 * 1024 * 1024)
      .default(256 * 1024),
    /** Embedded broker: failed MQTT logins per address per minute before the rest are refused unchecked. */
    MQTT_FAILURES_PER_ADDRESS: z.coerce.number().int().min(1).max(100_000).default(100),
    /** Embedded broker over TLS (mqtts): certificate and key files; with a CA, client certificates are required. */
    MQTT_TLS_CERT: pemFile,
    MQTT_TLS_KEY: pemFile,
    MQTT_TLS_CA: pemFile,
    MQTT_TLS_PORT: port.default(8884),
    /** External broker over TLS: its CA, and the hub's client certificate and key. */
    MQTT_CA: pemFile,
    MQTT_CLIENT_CERT: pemFile,
    MQTT_CLIENT_KEY: pemFile,
    /** SIGTERM/SIGINT: how long the hub may take to finish what it holds and close. */
    SHUTDOWN_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(600).default(10),
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\/.+/, 'must be a postgres:// URL')
      .optional(),
    DATA_DIR: z.string().min(1).default('data'),
    /**
     * SQLite's sync level in WAL mode: NORMAL survives a crash of the hub's process, FULL
     * also a power cut, at a cost per commit (docs/benchmarks.md).
     */
    SQLITE_SYNCHRONOUS: z.enum(['NORMAL', 'FULL']).default('NORMAL'),
    REDIS_URL: z
      .string()
      .regex(/^rediss?:\/\/.+/, 'must be a redis:// URL')
      .optional(),
    /** Cluster mode: the prefix of this cluster's Redis keys and channels (docs/scale-out.md). */
    CLUSTER_KEY_PREFIX: z
      .string()
      .regex(/^[A-Za-z0-9_:-]+$/, 'must be letters, digits, _, : or -')
      .default('ioc'),
    /** Cluster mode: this instance's URL as the other instances reach it (forwarded changes). */
    CLUSTER_ADVERTISE_URL: z
      .string()
      .regex(/^https?:\/\/.+/, 'must be an http:// or https:// URL')
      .optional(),
    JWT_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
    // Bounded: a stolen token is worth at most a day (docs/security.md).
    JWT_TTL_SECONDS: z.coerce
      .number()
      .int()
      .min(10)
      .max(MAX_TOKEN_TTL_SECONDS, 'must be at most 86400 (24 h)')
      .default(12 * 3600),
    // A wall screen runs unattended for months; its token is read-only and revocable.
    WALL_TOKEN_TTL_DAYS: z.coerce.number().int().min(1).max(3650).default(365),
    IOC_DEMO_PASSWORD: z.string().min(8, 'must be at least 8 characters').optional(),
    IOC_ADMIN_USERNAME: z.string().min(1).max(64).optional(),
    IOC_ADMIN_PASSWORD: z.string().min(8, 'must be at least 8 characters').max(256).optional(),
    /** Express `trust proxy`: unset trusts no proxy (the socket's address is the client's). */
    TRUST_PROXY: z
      .string()
      .regex(
        /^(true|false|\d{1,2}|[0-9A-Fa-f:./a-z]+(,[0-9A-Fa-f:./a-z]+)*)$/,
        'must be true, false, a hop count, or addresses/subnets (loopback, 10.0.0.0/8, …) comma separated',
      )
      .optional(),
    /** Bearer token for /metrics and the API docs in production (unset: refused there). */
    METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
    LOGIN_FAILURES_PER_ADDRESS: z.coerce.number().int().min(1).max(100_000).default(50),
    LOGIN_ACCOUNT_FAILURES: z.coerce.number().int().min(1).max(1000).default(10),
    LIVE_MAX_CONNECTIONS: z.coerce.number().int().min(1).max(1_000_000).default(2000),
    LIVE_MAX_CONNECTIONS_PER_USER: z.coerce.number().int().min(1).max(100_000).default(20),
    RULES_FILE: z.string().min(1).optional(),
    /** Zone display names in both languages; default: the shipped zones.default.yaml. */
    ZONES_FILE: z.string().min(1).optional(),
    CLIENT_DIR: z.string().min(1).optional(),
    MAP_TILE_URL: z.string().url().optional(),
    MAP_TILE_ATTRIBUTION: z.string().optional(),
    LOG_LEVEL: z.enum(['error', 'warn', 'log', 'debug', 'verbose']).default('log'),
    IOC_TRACE_WRITES: z.enum(['0', '1']).default('0'),
    /** Multiplies every SLA limit (tests use e.g. 0.01; 1 = the limits of the rules). */
    SLA_SCALE: z.coerce.number().positive().max(1000).default(1),
    /** Citizen-app API keys for POST /api/reports: `id:key` pairs, comma separated. */
    CITIZEN_API_KEYS: keyPairList,
    /** Read-only open-data keys (CAP feed, NGSI-LD): `id:key` pairs, comma separated. */
    INTEGRATION_API_KEYS: keyPairList,
    CITIZEN_REPORTS_PER_MINUTE: z.coerce.number().int().min(1).max(100_000).default(20),
    /** Each citizen app's webhook, told of every status change of its reports. */
    CITIZEN_WEBHOOKS: webhookList,
    /** Failing notifications are dead-lettered this long after they were written. */
    CITIZEN_WEBHOOK_DEADLINE_HOURS: z.coerce
      .number()
      .positive()
      .max(24 * 365)
      .default(24),
    /** The longest wait between two attempts (the back-off doubles from 1 s up to it). */
    CITIZEN_WEBHOOK_BACKOFF_MAX_SECONDS: z.coerce.number().int().min(1).max(86_400).default(300),
    LOGIN_FAILURES_PER_MINUTE: z.coerce.number().int().min(1).max(1000).default(5),
    /**
     * Days events and telemetry are kept (docs/contract.md §9); 0 keeps them for ever.
     * Fractions are accepted (a test's horizon of minutes).
     */
    RETENTION_DAYS: z.coerce
      .number()
      .min(0, 'must be 0 (keep for ever) or a number of days')
      .max(36_500, 'must be at most 36500 (100 years)')
      .default(90),
    /** How often pruning runs. */
    /** Issue 19: the largest event image accepted, over MQTT or HTTP. */
    SNAPSHOT_MAX_BYTES: z.coerce
      .number()
      .int()
      .min(1024)
      .max(16 * 1024 * 1024)
      .default(512 * 1024),
    /** Where images go: `file` (SNAPSHOT_DIR, default DATA_DIR/snapshots) or `s3` (several hubs). */
    SNAPSHOT_STORE: z.enum(['file', 's3']).default('file'),
    SNAPSHOT_DIR: z.string().min(1).optional(),
    SNAPSHOT_S3_ENDPOINT: z
      .string()
      .regex(/^https?:\/\/[^\s]+$/, 'must be an http:// or https:// URL')
      .optional(),
    SNAPSHOT_S3_BUCKET: z
      .string()
      .regex(
        /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/,
        'must be an S3 bucket name (3–63 a-z, 0-9, . or -)',
      )
      .optional(),
    SNAPSHOT_S3_REGION: z.string().min(1).max(64).default('us-east-1'),
    SNAPSHOT_S3_ACCESS_KEY_ID: z.string().min(1).max(256).optional(),
    SNAPSHOT_S3_SECRET_ACCESS_KEY: z.string().min(1).max(512).optional(),
    /** MinIO and most self-hosted stores need path-style URLs (endpoint/bucket/key). */
    SNAPSHOT_S3_FORCE_PATH_STYLE: booleanFlag.default(true),
    SNAPSHOT_S3_PREFIX: z
      .string()
      .regex(/^[A-Za-z0-9!_.*'()/-]{1,200}$/, "must be letters, digits or !_.*'()/-")
      .optional(),
    RETENTION_INTERVAL_SECONDS: z.coerce.number().int().min(1).max(86_400).default(3600),
    /** CAP `sender`: no spaces, commas, `<` or `&` (CAP 1.2 §3.2.1). */
    CAP_SENDER: z
      .string()
      .regex(/^[^\s,<&]{1,200}$/, 'must have no spaces, commas, < or &')
      .default('ioc-event-hub'),
    /** Time zone of CAP times (`sent` with its +hh:mm offset). */
    TIME_ZONE: z
      .string()
      .refine((tz) => isTimeZone(tz), 'must be an IANA time zone such as Asia/Ho_Chi_Minh')
      .default('Asia/Ho_Chi_Minh'),
    /** Federation (docs/federation.md): this hub's id and display name towards a province. */
    HUB_ID: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1–64 letters, digits, _ or -')
      .optional(),
    HUB_NAME: z.string().min(1).max(200).optional(),
    UPSTREAM_MQTT_URL: z
      .string()
      .regex(/^(mqtts?|wss?|tcp):\/\/.+/, 'must be an mqtt://, mqtts://, ws:// or wss:// URL')
      .optional(),
    UPSTREAM_MQTT_USERNAME: z.string().min(1).max(200).optional(),
    UPSTREAM_MQTT_PASSWORD: z.string().min(1).max(256).optional(),
    FEDERATION_MIN_SEVERITY: z.enum(SEVERITIES).default('medium'),
    /** The province's known districts: `id:name:password`, comma separated. */
    FEDERATION_DISTRICTS: z
      .string()
      .regex(
        /^[A-Za-z0-9_-]{1,64}:[^:,]{1,200}:[^,\s]{8,}(,[A-Za-z0-9_-]{1,64}:[^:,]{1,200}:[^,\s]{8,})*$/,
        'must be id:name:password triples, comma separated, each password at least 8 characters',
      )
      .optional(),
  })
  .superRefine((env, ctx) => {
    const apps = new Set(keyPairs(env.CITIZEN_API_KEYS).map((k) => k.id));
    for (const hook of webhooks(env.CITIZEN_WEBHOOKS))
      if (!apps.has(hook.appId))
        ctx.addIssue({
          code: 'custom',
          path: ['CITIZEN_WEBHOOKS'],
          message: `names ${hook.appId}, which is not an app of CITIZEN_API_KEYS (its key signs the webhook)`,
        });
    if (!env.MQTT_TLS_CERT !== !env.MQTT_TLS_KEY)
      ctx.addIssue({
        code: 'custom',
        path: ['MQTT_TLS_CERT'],
        message: 'MQTT_TLS_CERT and MQTT_TLS_KEY go together',
      });
    if (env.MQTT_TLS_CA && !env.MQTT_TLS_CERT)
      ctx.addIssue({
        code: 'custom',
        path: ['MQTT_TLS_CA'],
        message: 'needs MQTT_TLS_CERT and MQTT_TLS_KEY',
      });
    if (!env.MQTT_CLIENT_CERT !== !env.MQTT_CLIENT_KEY)
      ctx.addIssue({
        code: 'custom',
        path: ['MQTT_CLIENT_CERT'],
        message: 'MQTT_CLIENT_CERT and MQTT_CLIENT_KEY go together',
      });
    if (env.UPSTREAM_MQTT_URL && !env.HUB_ID)
      ctx.addIssue({
        code: 'custom',
        path: ['HUB_ID'],
        message: 'is required when UPSTREAM_MQTT_URL is set',
      });
    if (env.SNAPSHOT_STORE === 's3')
      for (const name of ['SNAPSHOT_S3_ENDPOINT', 'SNAPSHOT_S3_BUCKET'] as const)
        if (!env[name])
          ctx.addIssue({
            code: 'custom',
            path: [name],
            message: 'is required when SNAPSHOT_STORE=s3',
          });
    if (!env.SNAPSHOT_S3_ACCESS_KEY_ID !== !env.SNAPSHOT_S3_SECRET_ACCESS_KEY)
      ctx.addIssue({
        code: 'custom',
        path: ['SNAPSHOT_S3_ACCESS_KEY_ID'],
        message: 'SNAPSHOT_S3_ACCESS_KEY_ID and SNAPSHOT_S3_SECRET_ACCESS_KEY go together',
      });
    if (env.REDIS_URL) {
      // Cluster mode (docs/scale-out.md): one shared database and broker, one secret.
      if (!env.DATABASE_URL)
        ctx.addIssue({
          code: 'custom',
          path: ['DATABASE_URL'],
          message: 'REDIS_URL (several instances) needs a shared PostgreSQL: set DATABASE_URL',
        });
      if (!env.MQTT_URL)
        ctx.addIssue({
          code: 'custom',
          path: ['MQTT_URL'],
          message: 'REDIS_URL (several instances) needs an external broker: set MQTT_URL',
        });
      if (!env.JWT_SECRET)
        ctx.addIssue({
          code: 'custom',
          path: ['JWT_SECRET'],
          message: 'REDIS_URL (several instances) needs one JWT_SECRET shared by every instance',
        });
    }
    if (env.NODE_ENV !== 'production') return;
    if (env.MQTT_ALLOW_ANONYMOUS)
      ctx.addIssue({
        code: 'custom',
        path: ['MQTT_ALLOW_ANONYMOUS'],
        message: 'must not be true in production (devices connect with their credentials)',
      });
    if (env.IOC_ADMIN_PASSWORD && env.IOC_ADMIN_PASSWORD.length < PRODUCTION_PASSWORD_LENGTH)
      ctx.addIssue({
        code: 'custom',
        path: ['IOC_ADMIN_PASSWORD'],
        message: `must be at least ${PRODUCTION_PASSWORD_LENGTH} characters in production`,
      });
    if (!env.JWT_SECRET)
      ctx.addIssue({ code: 'custom', path: ['JWT_SECRET'], message: 'is required in production' });
    if (!env.IOC_ADMIN_USERNAME || !env.IOC_ADMIN_PASSWORD) {
      ctx.addIssue({
        code: 'custom',
        path: ['IOC_ADMIN_USERNAME'],
        message:
          'IOC_ADMIN_USERNAME and IOC_ADMIN_PASSWORD are required in production (no default user exists)',
      });
    }
  });

export interface AppConfig {
  env: 'development' | 'production' | 'test';
  mqtt: {
    /** null: run the embedded Aedes broker on `embeddedPort`. */
    url: string | null;
    embeddedPort: number;
    topicRoot: string;
    clientId: string;
    shareGroup: string | null;
    /** Receive Maximum announced to an external broker. */
    receiveMaximum: number;
    /** Payload bytes of an external broker's messages held unacknowledged, at most. */
    inboxMaxBytes: number;
    /** Clients without credentials may speak for any device (never in production). */
    allowAnonymous: boolean;
    /** Read-only accounts that may subscribe to the incident topics only. */
    integrationAccounts: { id: string; key: string }[];
    /** Embedded broker: the largest MQTT packet read. */
    maxPacketBytes: number;
    /** Embedded broker: failed logins per address per minute. */
    authFailuresPerAddress: number;
    /** Embedded broker: mqtts on `port` (file paths); `ca` requires client certificates. */
    tls: { cert: string; key: string; ca: string | null; port: number } | null;
    /** External broker: CA and client certificate files (mqtts:// URLs). */
    external: { ca: string | null; cert: string | null; key: string | null };
  };
  database:
    | { kind: 'sqlite'; file: string; synchronous: 'NORMAL' | 'FULL' }
    | { kind: 'postgres'; url: string };
  dataDir: string;
  redisUrl: string | null;
  /** Cluster mode (REDIS_URL set): several instances on one PostgreSQL and broker. */
  cluster: { redisUrl: string; keyPrefix: string; advertiseUrl: string } | null;
  auth: {
    /** null outside production: a random per-process secret is generated. */
    jwtSecret: string | null;
    jwtTtlSeconds: number;
    /** Lifetime of a wall screen's read-only token (WALL_TOKEN_TTL_DAYS). */
    wallTokenTtlSeconds: number;
    demoPassword: string | null;
    admin: { username: string; password: string } | null;
    /** Shortest password accepted for an account (12 in production, 8 elsewhere). */
    passwordMinLength: number;
    /** null: /metrics and the API docs are open (outside production) or closed (production). */
    metricsToken: string | null;
  };
  http: { port: number; host: string; trustProxy: boolean | number | string };
  login: {
    /** Failures per address (any username) per 15 minutes. */
    failuresPerAddress: number;
    /** Consecutive failures of one account (any address) before its back-off starts. */
    accountFailures: number;
  };
  live: { maxConnections: number; maxConnectionsPerUser: number };
  rulesFile: string | null;
  zonesFile: string;
  clientDir: string;
  map: { tileUrl: string | null; tileAttribution: string | null };
  logLevel: 'error' | 'warn' | 'log' | 'debug' | 'verbose';
  /** IOC_TRACE_WRITES=1: the write path's once-a-second trace (docs/benchmarks.md). */
  traceWrites: boolean;
  /** SLA limits come from the rules; this multiplies them. */
  sla: { scale: number };
  citizen: {
    apiKeys: { id: string; key: string }[];
    reportsPerMinute: number;
    /** docs/contract.md §7: each app's webhook, signed with its API key. */
    webhooks: { appId: string; url: string }[];
    webhookDeadlineMs: number;
    webhookBackoffMaxMs: number;
  };
  /** Read-only keys of the open-data routes (docs/integration.md). */
  integration: { apiKeys: { id: string; key: string }[] };
  loginFailuresPerMinute: number;
  cap: { sender: string; timeZone: string };
  /** Bound on a graceful shutdown (main.ts). */
  shutdownTimeoutMs: number;
  /** Pruning of events, telemetry and rejections; `days` 0: kept for ever. */
  retention: { days: number; intervalMs: number };
  snapshots: { maxBytes: number; store: 'file' | 's3'; dir: string; s3: SnapshotS3Config | null };
  federation: FederationConfig;
}

/** SNAPSHOT_STORE=s3: an S3-compatible bucket shared by every hub (docs/scale-out.md). */
export interface SnapshotS3Config {
  endpoint: string;
  bucket: string;
  region: string;
  /** null: the SDK's default chain (environment, instance role). */
  credentials: { accessKeyId: string; secretAccessKey: string } | null;
  forcePathStyle: boolean;
  /** Put before each key; '' for none. */
  prefix: string;
}

/** docs/federation.md: a district forwards upstream; a province accepts known districts. */
export interface FederationConfig {
  /** null: this hub forwards nothing (UPSTREAM_MQTT_URL unset). */
  upstream: {
    url: string;
    username: string | null;
    password: string | null;
    hubId: string;
    hubName: string;
    minSeverity: Severity;
  } | null;
  /** Districts this hub accepts incidents from (empty: none). */
  districts: { id: string; name: string; password: string }[];
}

/** Express's `trust proxy` value: a boolean, a hop count, or a list of addresses. */
function trustProxy(value: string | undefined): boolean | number | string {
  if (value === undefined || value === 'false') return false;
  if (value === 'true') return true;
  return /^\d+$/.test(value) ? Number(value) : value;
}

function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

function webhooks(list: string | undefined): { appId: string; url: string }[] {
  return keyPairs(list).map((pair) => ({ appId: pair.id, url: pair.key }));
}

function keyPairs(list: string | undefined): { id: string; key: string }[] {
  return (list ?? '')
    .split(',')
    .filter(Boolean)
    .map((pair) => ({
      id: pair.slice(0, pair.indexOf(':')),
      key: pair.slice(pair.indexOf(':') + 1),
    }));
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid settings:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  // Empty strings count as unset, as a shell `FOO=` usually means.
  const cleaned = Object.fromEntries(
    Object.entries(env).filter(([, v]) => v !== undefined && v !== ''),
  );
  const parsed = EnvSchema.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((i) => `${i.path.join('.') || '(env)'} ${i.message}`),
    );
  }
  const e = parsed.data;
  const dataDir = resolve(e.DATA_DIR);
  return {
    env: e.NODE_ENV,
    http: { port: e.PORT, host: e.HOST, trustProxy: trustProxy(e.TRUST_PROXY) },
    mqtt: {
      url: e.MQTT_URL ?? null,
      embeddedPort: e.MQTT_PORT,
      topicRoot: e.MQTT_TOPIC_ROOT,
      clientId: e.MQTT_CLIENT_ID ?? `ioc-hub-${e.MQTT_TOPIC_ROOT}`,
      shareGroup: e.MQTT_SHARE_GROUP ?? null,
      receiveMaximum: e.MQTT_RECEIVE_MAXIMUM,
      inboxMaxBytes: e.MQTT_INBOX_MAX_BYTES,
      allowAnonymous: e.MQTT_ALLOW_ANONYMOUS,
      integrationAccounts: keyPairs(e.MQTT_INTEGRATION_ACCOUNTS),
      maxPacketBytes: e.MQTT_MAX_PACKET_BYTES,
      authFailuresPerAddress: e.MQTT_FAILURES_PER_ADDRESS,
      tls:
        e.MQTT_TLS_CERT && e.MQTT_TLS_KEY
          ? {
              cert: e.MQTT_TLS_CERT,
              key: e.MQTT_TLS_KEY,
              ca: e.MQTT_TLS_CA ?? null,
              port: e.MQTT_TLS_PORT,
            }
          : null,
      external: {
        ca: e.MQTT_CA ?? null,
        cert: e.MQTT_CLIENT_CERT ?? null,
        key: e.MQTT_CLIENT_KEY ?? null,
      },
    },
    database: e.DATABASE_URL
      ? { kind: 'postgres', url: e.DATABASE_URL }
      : {
          kind: 'sqlite',
          file: resolve(dataDir, 'ioc.sqlite'),
          synchronous: e.SQLITE_SYNCHRONOUS,
        },
    dataDir,
    redisUrl: e.REDIS_URL ?? null,
    cluster: e.REDIS_URL
      ? {
          redisUrl: e.REDIS_URL,
          keyPrefix: e.CLUSTER_KEY_PREFIX,
          advertiseUrl: e.CLUSTER_ADVERTISE_URL ?? `http://127.0.0.1:${e.PORT}`,
        }
      : null,
    auth: {
      jwtSecret: e.JWT_SECRET ?? null,
      jwtTtlSeconds: e.JWT_TTL_SECONDS,
      wallTokenTtlSeconds: e.WALL_TOKEN_TTL_DAYS * 86400,
      demoPassword: e.NODE_ENV === 'production' ? null : (e.IOC_DEMO_PASSWORD ?? null),
      admin:
        e.IOC_ADMIN_USERNAME && e.IOC_ADMIN_PASSWORD
          ? { username: e.IOC_ADMIN_USERNAME, password: e.IOC_ADMIN_PASSWORD }
          : null,
      passwordMinLength: e.NODE_ENV === 'production' ? PRODUCTION_PASSWORD_LENGTH : 8,
      metricsToken: e.METRICS_TOKEN ?? null,
    },
    login: {
      failuresPerAddress: e.LOGIN_FAILURES_PER_ADDRESS,
      accountFailures: e.LOGIN_ACCOUNT_FAILURES,
    },
    live: {
      maxConnections: e.LIVE_MAX_CONNECTIONS,
      maxConnectionsPerUser: e.LIVE_MAX_CONNECTIONS_PER_USER,
    },
    rulesFile: e.RULES_FILE ? resolve(e.RULES_FILE) : null,
    zonesFile: resolve(e.ZONES_FILE ?? resolve(__dirname, '../../zones.default.yaml')),
    clientDir: resolve(e.CLIENT_DIR ?? resolve(__dirname, '../../../client/dist')),
    map: { tileUrl: e.MAP_TILE_URL ?? null, tileAttribution: e.MAP_TILE_ATTRIBUTION ?? null },
    logLevel: e.LOG_LEVEL,
    traceWrites: e.IOC_TRACE_WRITES === '1',
    sla: { scale: e.SLA_SCALE },
    citizen: {
      apiKeys: keyPairs(e.CITIZEN_API_KEYS),
      reportsPerMinute: e.CITIZEN_REPORTS_PER_MINUTE,
      webhooks: webhooks(e.CITIZEN_WEBHOOKS),
      webhookDeadlineMs: Math.round(e.CITIZEN_WEBHOOK_DEADLINE_HOURS * 3_600_000),
      webhookBackoffMaxMs: e.CITIZEN_WEBHOOK_BACKOFF_MAX_SECONDS * 1000,
    },
    integration: { apiKeys: keyPairs(e.INTEGRATION_API_KEYS) },
    loginFailuresPerMinute: e.LOGIN_FAILURES_PER_MINUTE,
    cap: { sender: e.CAP_SENDER, timeZone: e.TIME_ZONE },
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_SECONDS * 1000,
    retention: { days: e.RETENTION_DAYS, intervalMs: e.RETENTION_INTERVAL_SECONDS * 1000 },
    snapshots: {
      maxBytes: e.SNAPSHOT_MAX_BYTES,
      store: e.SNAPSHOT_STORE,
      dir: resolve(e.SNAPSHOT_DIR ?? resolve(dataDir, 'snapshots')),
      s3:
        e.SNAPSHOT_STORE === 's3' && e.SNAPSHOT_S3_ENDPOINT && e.SNAPSHOT_S3_BUCKET
          ? {
              endpoint: e.SNAPSHOT_S3_ENDPOINT,
              bucket: e.SNAPSHOT_S3_BUCKET,
              region: e.SNAPSHOT_S3_REGION,
              credentials:
                e.SNAPSHOT_S3_ACCESS_KEY_ID && e.SNAPSHOT_S3_SECRET_ACCESS_KEY
                  ? {
                      accessKeyId: e.SNAPSHOT_S3_ACCESS_KEY_ID,
                      secretAccessKey: e.SNAPSHOT_S3_SECRET_ACCESS_KEY,
                    }
                  : null,
              forcePathStyle: e.SNAPSHOT_S3_FORCE_PATH_STYLE,
              prefix: e.SNAPSHOT_S3_PREFIX ?? '',
            }
          : null,
    },
    federation: {
      upstream:
        e.UPSTREAM_MQTT_URL && e.HUB_ID
          ? {
              url: e.UPSTREAM_MQTT_URL,
              username: e.UPSTREAM_MQTT_USERNAME ?? null,
              password: e.UPSTREAM_MQTT_PASSWORD ?? null,
              hubId: e.HUB_ID,
              hubName: e.HUB_NAME ?? e.HUB_ID,
              minSeverity: e.FEDERATION_MIN_SEVERITY,
            }
          : null,
      districts: (e.FEDERATION_DISTRICTS ?? '')
        .split(',')
        .filter(Boolean)
        .map((triple) => {
          const [id = '', name = '', ...rest] = triple.split(':');
          return { id, name, password: rest.join(':') };
        }),
    },
  };
}

/** Injection token for the AppConfig. */
export const APP_CONFIG = Symbol('APP_CONFIG');
