import {
  apiRoutes,
  DeviceSchema,
  IncidentDetailSchema,
  IncidentListSchema,
  IncidentSchema,
  LoginResponseSchema,
  ReportResponseSchema,
  type Device,
  type Incident,
  type IncidentDetail,
  type IncidentList,
  type ReportRequest,
  type DismissRequest,
  type ResolveRequest,
} from '@ioc/shared';
import { z } from 'zod';
import type { DeviceRegistration } from '../identity/device-list';
import type { MqttCredentials } from '../identity/credentials.file';
import type { ReportReceipt } from '../scenarios/scenario.runner';
import {
  BulkRegistrationResponseSchema,
  RotatedCredentialsResponseSchema,
  type BulkRegistrationResponse,
} from './provisioning.schema';

/** The hub answered, but not as hoped; `status` is the HTTP status. */
export class HubError extends Error {
  override name = 'HubError';
  constructor(
    message: string,
    readonly status: number | null = null,
  ) {
    super(message);
  }
}

/** Nothing answered at the hub's URL (the CLI maps it to exit code 2, like a broker). */
export class HubUnreachableError extends HubError {
  override name = 'HubUnreachableError';
}

export interface HubCredentials {
  username: string;
  password: string;
}

const DEFAULT_TIMEOUT_MS = 10_000;

/**
 * The hub's HTTP API as the simulators use it (docs/contract.md §7): login, incidents, citizen
 * reports, resolve (for --cleanup) and /metrics. Answers are parsed with shared's schemas,
 * so a hub that drifts from the contract fails here with the field named.
 */
export class HubClient {
  private constructor(
    readonly baseUrl: string,
    readonly token: string | null,
    readonly username: string | null,
    private readonly apiKey: string | null,
    private readonly timeoutMs: number,
  ) {}

  /** A client for the unauthenticated routes only (/metrics, /health). */
  static anonymous(baseUrl: string, timeoutMs = DEFAULT_TIMEOUT_MS): HubClient {
    return new HubClient(trimSlash(baseUrl), null, null, null, timeoutMs);
  }

  /** `POST /api/auth/login`; a refusal names the user and the status. */
  static async login(
    baseUrl: string,
    credentials: HubCredentials,
    options: { apiKey?: string | null; timeoutMs?: number } = {},
  ): Promise<HubClient> {
    const anon = HubClient.anonymous(baseUrl, options.timeoutMs);
    const path = apiRoutes.login();
    const response = await anon.request('POST', path, {
      username: credentials.username,
      password: credentials.password,
    });
    if (response.status === 401)
      throw new HubError(
        `the hub refused the login of ${credentials.username} (401): check --username/--password`,
        401,
      );
    const body = await anon.json(response, `POST ${path}`, LoginResponseSchema);
    return new HubClient(
      anon.baseUrl,
      body.accessToken,
      body.user.username,
      options.apiKey ?? null,
      anon.timeoutMs,
    );
  }

  /** `GET /api/incidents` with `lastSeen ≥ since`. */
  async incidents(query: {
    since?: Date;
    category?: string;
    limit?: number;
  }): Promise<IncidentList> {
    const params = new URLSearchParams({ limit: String(query.limit ?? 5000) });
    if (query.since) params.set('since', query.since.toISOString());
    if (query.category) params.set('category', query.category);
    const path = apiRoutes.incidents(params);
    return this.json(await this.request('GET', path), `GET ${path}`, IncidentListSchema);
  }

  /** `GET /api/devices`: every device the hub knows, with its status and lastSeen. */
  async devices(): Promise<Device[]> {
    const path = apiRoutes.devices();
    return this.json(await this.request('GET', path), `GET ${path}`, z.array(DeviceSchema));
  }

  async incident(id: string): Promise<IncidentDetail> {
    const path = apiRoutes.incident(id);
    return this.json(await this.request('GET', path), `GET ${path}`, IncidentDetailSchema);
  }

  /**
   * `POST /api/reports` as the signed-in user (or with the citizen-app API key). A hub
   * without the route says so plainly rather than with a bare 404.
   */
  async report(request: ReportRequest): Promise<ReportReceipt> {
    const headers: Record<string, string> = this.apiKey ? { 'x-api-key': this.apiKey } : {};
    const path = apiRoutes.reports();
    const response = await this.request('POST', path, request, headers, !this.apiKey);
    if (response.status === 404)
      throw new HubError(
        `this hub has no POST ${path} (404): citizen reports are not available on it`,
        404,
      );
    return this.json(response, `POST ${path}`, ReportResponseSchema);
  }

  /** Resolves an incident as a false alarm (verify --cleanup). Needs the dispatcher role. */
  async resolve(incident: Incident, note: string): Promise<Incident | null> {
    // An unverified incident (triage) is dismissed instead: resolve is not allowed there.
    const unverified = incident.status === 'unverified';
    const path = apiRoutes.transition(incident.id, unverified ? 'dismiss' : 'resolve');
    const body: ResolveRequest | DismissRequest = unverified
      ? { version: incident.version, reason: 'other', note }
      : { version: incident.version, resolution: 'false_alarm', note };
    const response = await this.request('POST', path, body);
    if (response.status === 409) return null;
    return this.json(response, `POST ${path}`, IncidentSchema);
  }

  /**
   * `POST /api/devices/bulk` (admin): registers devices and answers each new one's
   * credentials, and a reason for each it refused (one that exists already, say).
   */
  async registerDevices(devices: readonly DeviceRegistration[]): Promise<BulkRegistrationResponse> {
    const path = `${apiRoutes.devices()}/bulk`;
    const response = await this.request('POST', path, devices);
    this.explainProvisioningRefusal(response, path);
    return this.json(response, `POST ${path}`, BulkRegistrationResponseSchema);
  }

  /** `POST /api/devices/{id}/credentials` (admin): a new password; null when no such device. */
  async rotateCredentials(deviceId: string): Promise<MqttCredentials | null> {
    const path = `${apiRoutes.devices()}/${encodeURIComponent(deviceId)}/credentials`;
    const response = await this.request('POST', path);
    if (response.status === 404) return null;
    this.explainProvisioningRefusal(response, path);
    return (await this.json(response, `POST ${path}`, RotatedCredentialsResponseSchema))
      .credentials;
  }

  private explainProvisioningRefusal(response: Response, path: string): void {
    if (response.status === 403)
      throw new HubError(
        `POST ${path}: 403, provisioning devices needs the admin role (signed in as ${this.username ?? '?'})`,
        403,
      );
    if (response.status === 404 || response.status === 405)
      throw new HubError(
        `this hub has no device provisioning (POST ${path}: ${response.status}): it predates device identity`,
        response.status,
      );
  }

  /** `GET /metrics` (no token): Prometheus text. */
  async metricsText(): Promise<string> {
    const path = apiRoutes.metrics();
    const response = await this.request('GET', path, undefined, {}, false);
    if (!response.ok) throw new HubError(`GET ${path}: HTTP ${response.status}`, response.status);
    return response.text();
  }

  private async request(
    method: 'GET' | 'POST',
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
    withToken = true,
  ): Promise<Response> {
    const url = `${this.baseUrl}${path}`;
    try {
      return await fetch(url, {
        method,
        headers: {
          ...(withToken && this.token ? { authorization: `Bearer ${this.token}` } : {}),
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...headers,
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      const why = cause?.code ?? cause?.message ?? (error as Error).message;
      throw new HubUnreachableError(`cannot reach the hub at ${this.baseUrl} (${why})`);
    }
  }

  private async json<T>(response: Response, what: string, schema: z.ZodType<T>): Promise<T> {
    const text = await response.text();
    if (!response.ok) {
      let message = text.slice(0, 300);
      try {
        const parsed = JSON.parse(text) as { message?: unknown };
        if (typeof parsed.message === 'string') message = parsed.message;
      } catch {
        // not JSON: keep the text
      }
      throw new HubError(`${what}: HTTP ${response.status} ${message}`.trim(), response.status);
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      throw new HubError(`${what}: the hub answered something that is not JSON`, response.status);
    }
    const parsed = schema.safeParse(value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new HubError(
        `${what}: the answer does not match the contract (${issue?.path.join('.') ?? ''}: ${issue?.message ?? ''})`,
        response.status,
      );
    }
    return parsed.data;
  }
}

function trimSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

/** Reads Prometheus text into `name{labels}` → value (labels as written by the hub). */
export function parsePrometheus(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const match = /^([A-Za-z_:][A-Za-z0-9_:]*(?:\{[^}]*\})?)\s+(\S+)/.exec(line);
    if (!match) continue;
    const value = Number(match[2]);
    if (Number.isFinite(value)) out.set(match[1] as string, value);
  }
  return out;
}

/** A counter by name and optional labels, 0 when absent: `counter(m, 'ioc_events_rejected_total', { reason: 'invalid_json' })`. */
export function counter(
  metrics: Map<string, number>,
  name: string,
  labels: Record<string, string> = {},
): number {
  const wanted = Object.entries(labels);
  let total = 0;
  for (const [key, value] of metrics) {
    const brace = key.indexOf('{');
    const base = brace < 0 ? key : key.slice(0, brace);
    if (base !== name) continue;
    const labelText = brace < 0 ? '' : key.slice(brace + 1, -1);
    if (wanted.every(([k, v]) => labelText.includes(`${k}="${v}"`))) total += value;
  }
  return total;
}
