import type { z } from 'zod';
import { timestampToMs } from './schemas/common.schema';
import {
  BirthSchema,
  DeviceStatusPayloadSchema,
  type Birth,
  type DeviceStatusPayload,
} from './schemas/device.schema';
import {
  EventPayloadSchema,
  MAX_ATTRIBUTES_BYTES,
  MAX_BATCH,
  type EventPayload,
} from './schemas/event.schema';
import { TelemetryPayloadSchema, type TelemetryPayload } from './schemas/telemetry.schema';
import {
  FORBIDDEN_KEYS,
  MAX_FUTURE_SKEW_MS,
  MAX_JSON_DEPTH,
  MAX_PAYLOAD_BYTES,
  type RejectionReason,
} from './rejection-reasons';

/**
 * Validation of inbound MQTT payloads into a result with a rejection reason, used by the
 * hub's ingest and by the simulators' fault injection (so both agree on the reasons).
 */
export type Validated<T> =
  { ok: true; value: T } | { ok: false; reason: RejectionReason; message: string };

// TextEncoder/TextDecoder rather than Buffer: this module also runs in the browser.
const encoder = new TextEncoder();
const decoder = new TextDecoder();
// Invalid UTF-8 is refused, not silently replaced by U+FFFD (docs/contract.md §3 invalid_json).
const strictDecoder = new TextDecoder('utf-8', { fatal: true });

const reject = (
  reason: RejectionReason,
  message: string,
): { ok: false; reason: RejectionReason; message: string } => ({
  ok: false,
  reason,
  message,
});

/** Decodes a UTF-8 JSON payload, refusing anything over 64 KiB before parsing it. */
export function decodeJson(payload: Uint8Array | string): Validated<unknown> {
  const size =
    typeof payload === 'string' ? encoder.encode(payload).byteLength : payload.byteLength;
  if (size > MAX_PAYLOAD_BYTES)
    return reject(
      'payload_too_large',
      `payload is ${size} bytes; the limit is ${MAX_PAYLOAD_BYTES}`,
    );
  let text: string;
  try {
    text = typeof payload === 'string' ? payload : strictDecoder.decode(payload);
  } catch {
    return reject('invalid_json', 'payload is not valid UTF-8');
  }
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    return reject('invalid_json', `invalid JSON: ${(error as Error).message}`);
  }
}

/**
 * Walks a parsed item without recursion (so no depth can overflow the stack) and refuses
 * what no schema should see: nesting past MAX_JSON_DEPTH (`JSON.stringify` of it throws),
 * prototype keys, and numbers JSON turned into ±Infinity. Each item of a batch is checked
 * on its own, so one hostile element rejects only itself. (NUL characters: findNul.)
 */
export function checkStructure(raw: unknown): Validated<unknown> {
  const stack: [unknown, number][] = [[raw, 0]];
  for (let next = stack.pop(); next; next = stack.pop()) {
    const [value, depth] = next;
    if (typeof value === 'number' && !Number.isFinite(value))
      return reject('invalid_field', 'a number is out of range');
    if (value === null || typeof value !== 'object') continue;
    if (depth >= MAX_JSON_DEPTH)
      return reject('too_deep', `nested deeper than ${MAX_JSON_DEPTH} levels`);
    for (const key of Object.keys(value)) {
      if (FORBIDDEN_KEYS.includes(key))
        return reject('forbidden_key', `the key ${JSON.stringify(key)} is not allowed`);
      stack.push([(value as Record<string, unknown>)[key], depth + 1]);
    }
  }
  return { ok: true, value: raw };
}

function valueAt(raw: unknown, path: readonly PropertyKey[]): unknown {
  let current: unknown = raw;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

/** Maps the first schema issue to a rejection reason and a message naming the field. */
function classify(
  error: z.ZodError,
  raw: unknown,
): { ok: false; reason: RejectionReason; message: string } {
  const issue = error.issues[0];
  if (!issue) return reject('invalid_field', 'invalid payload');
  const field = issue.path.length > 0 ? issue.path.join('.') : '(payload)';
  const head = issue.path[0];
  if (issue.path.length > 0 && valueAt(raw, issue.path) === undefined) {
    return reject('missing_field', `${field} is required`);
  }
  if (head === 'type' && issue.code === 'invalid_value') {
    return reject('unknown_type', `unknown event type ${JSON.stringify(valueAt(raw, ['type']))}`);
  }
  if (head === 'readings' && (issue.code === 'invalid_key' || issue.code === 'unrecognized_keys')) {
    return reject('unknown_metric', `unknown metric in readings: ${issue.message}`);
  }
  if (head === 'location' && (issue.code === 'too_big' || issue.code === 'too_small')) {
    return reject('coordinates_out_of_range', `${field} is out of range: ${issue.message}`);
  }
  return reject('invalid_field', `${field}: ${issue.message}`);
}

/**
 * The path of the first string (a value or a key) holding U+0000, or null. PostgreSQL
 * stores no NUL in text, so such a string is refused here on both databases: one event
 * the database would refuse must not reach a batch (docs/contract.md §3).
 */
export function findNul(value: unknown, path = ''): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path || '(payload)' : null;
  if (value === null || typeof value !== 'object') return null;
  for (const [key, item] of Object.entries(value)) {
    const here = path ? `${path}.${key}` : key;
    if (key.includes('\u0000')) return here;
    const found = findNul(item, here);
    if (found) return found;
  }
  return null;
}

const nulRejection = (field: string): { ok: false; reason: RejectionReason; message: string } =>
  reject('invalid_field', `${field} contains a NUL character (U+0000), which cannot be stored`);

function checkTime(ts: string | number, now: number): Validated<number> {
  const ms = timestampToMs(ts);
  if (!Number.isFinite(ms)) return reject('invalid_field', 'ts is not a valid time');
  if (ms > now + MAX_FUTURE_SKEW_MS) {
    return reject(
      'future_timestamp',
      `ts is ${Math.round((ms - now) / 1000)} s in the future; at most 120 s is allowed`,
    );
  }
  return { ok: true, value: ms };
}

export type ValidEvent = Omit<EventPayload, 'ts'> & { ts: number };

export function validateEvent(raw: unknown, now: number): Validated<ValidEvent> {
  const structure = checkStructure(raw);
  if (!structure.ok) return structure;
  const parsed = EventPayloadSchema.safeParse(raw);
  if (!parsed.success) return classify(parsed.error, raw);
  const event = parsed.data;
  if (
    event.attributes !== undefined &&
    JSON.stringify(event.attributes).length > MAX_ATTRIBUTES_BYTES
  ) {
    return reject(
      'attributes_too_large',
      `attributes exceed ${MAX_ATTRIBUTES_BYTES} bytes serialized`,
    );
  }
  // The id is always checked; the attributes only when their JSON shows an escaped NUL.
  if (event.id.includes('\u0000')) return nulRejection('id');
  if (event.attributes !== undefined && JSON.stringify(event.attributes).includes('\\u0000')) {
    const field = findNul(event.attributes, 'attributes');
    if (field) return nulRejection(field);
  }
  const time = checkTime(event.ts, now);
  if (!time.ok) return time;
  return { ok: true, value: { ...event, ts: time.value } };
}

export type ValidTelemetry = Omit<TelemetryPayload, 'ts'> & { ts: number };

export function validateTelemetry(raw: unknown, now: number): Validated<ValidTelemetry> {
  const structure = checkStructure(raw);
  if (!structure.ok) return structure;
  const parsed = TelemetryPayloadSchema.safeParse(raw);
  if (!parsed.success) return classify(parsed.error, raw);
  const time = checkTime(parsed.data.ts, now);
  if (!time.ok) return time;
  return { ok: true, value: { ...parsed.data, ts: time.value } };
}

/**
 * A payload that is one item or an array of up to 500: every element is validated on
 * its own, so one bad element rejects only itself.
 */
export function validateBatch<T>(
  raw: unknown,
  validateOne: (item: unknown) => Validated<T>,
): Validated<Validated<T>[]> {
  if (!Array.isArray(raw)) return { ok: true, value: [validateOne(raw)] };
  if (raw.length > MAX_BATCH)
    return reject('batch_too_large', `array of ${raw.length}; at most ${MAX_BATCH} items`);
  return { ok: true, value: raw.map(validateOne) };
}

export function validateBirth(raw: unknown): Validated<Birth> {
  const structure = checkStructure(raw);
  if (!structure.ok) return structure;
  const parsed = BirthSchema.safeParse(raw);
  if (!parsed.success) return classify(parsed.error, raw);
  const field = findNul(parsed.data);
  return field ? nulRejection(field) : { ok: true, value: parsed.data };
}

/** Status payloads are plain text `online` / `offline` (a JSON string is tolerated). */
export function validateStatus(payload: Uint8Array | string): Validated<DeviceStatusPayload> {
  const text = (typeof payload === 'string' ? payload : decoder.decode(payload))
    .trim()
    .replace(/^"(.*)"$/, '$1');
  const parsed = DeviceStatusPayloadSchema.safeParse(text);
  return parsed.success
    ? { ok: true, value: parsed.data }
    : reject(
        'invalid_status',
        `status must be "online" or "offline", got ${JSON.stringify(text.slice(0, 40))}`,
      );
}
