import { getAccessToken } from '../state/session';

/** An HTTP answer other than 2xx; `status` 0 means the hub could not be reached. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** The hub's error code (`VERSION_CONFLICT`, `ILLEGAL_TRANSITION`, `FORBIDDEN`…). */
    readonly code: string | null = null,
    /** The hub's `details`: for a 409, the incident as it is now. */
    readonly details: unknown = undefined,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  get isUnauthorized(): boolean {
    return this.status === 401;
  }

  /** The endpoint does not exist on this hub (an older version): degrade, do not fail. */
  get isMissing(): boolean {
    return this.status === 404 || this.status === 405 || this.status === 501;
  }
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'DELETE';
  body?: unknown;
  /** Send the session's bearer token (every /api route except login and config). */
  auth?: boolean;
  signal?: AbortSignal;
}

/** Same-origin JSON request; the token is added from the in-memory session only. */
export async function requestJson(path: string, options: RequestOptions = {}): Promise<unknown> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  if (options.auth !== false) {
    const token = getAccessToken();
    if (!token) throw new ApiError(401, 'not signed in');
    headers.Authorization = `Bearer ${token}`;
  }
  let response: Response;
  try {
    response = await fetch(path, {
      method: options.method ?? 'GET',
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      // Never send or store cookies: the bearer token is the only credential.
      credentials: 'omit',
      cache: 'no-store',
      signal: options.signal,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(0, `cannot reach the hub: ${String(error)}`);
  }
  if (!response.ok) throw await errorFrom(response);
  // No Content (an undo, a removal): nothing to parse.
  if (response.status === 204) return null;
  try {
    return (await response.json()) as unknown;
  } catch {
    throw new ApiError(response.status, `${path} did not answer with JSON`);
  }
}

/** The hub's uniform error body `{statusCode, code, message, details?}`, when there is one. */
async function errorFrom(response: Response): Promise<ApiError> {
  const fallback = `${response.status} ${response.statusText}`;
  try {
    const body = (await response.json()) as unknown;
    if (body && typeof body === 'object') {
      const record = body as Record<string, unknown>;
      return new ApiError(
        response.status,
        typeof record.message === 'string' ? record.message : fallback,
        typeof record.code === 'string' ? record.code : null,
        record.details,
      );
    }
  } catch {
    // Not JSON: the status line says enough.
  }
  return new ApiError(response.status, fallback);
}
