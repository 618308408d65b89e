/**
 * Coded errors thrown by services. Each transport maps the code to its own answer
 * (HTTP status in http-exception.filter.ts, a socket ack `{ok:false}`, an MQTT rejection).
 */
export const DOMAIN_ERROR_STATUS = {
  VALIDATION: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  VERSION_CONFLICT: 409,
  ILLEGAL_TRANSITION: 422,
  RATE_LIMITED: 429,
  UNAVAILABLE: 503,
  /** The resource exists already, or its state forbids the change (not a stale version). */
  CONFLICT: 409,
  /** A body over its limit (an event image over SNAPSHOT_MAX_BYTES). */
  PAYLOAD_TOO_LARGE: 413,
  /** A body of a type the route does not take (an image that is neither JPEG nor PNG). */
  UNSUPPORTED_MEDIA_TYPE: 415,
  /** Dispatch to a unit that is busy or off duty. */
  UNIT_UNAVAILABLE: 409,
  /** Dispatch to a unit id that does not exist. */
  UNKNOWN_UNIT: 422,
  /** Releasing the only unit of a dispatched incident: add another first, or resolve. */
  LAST_UNIT: 422,
} as const;

type DomainErrorCode = keyof typeof DOMAIN_ERROR_STATUS;

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}
