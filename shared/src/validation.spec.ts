import { MAX_PAYLOAD_BYTES } from './rejection-reasons';
import {
  decodeJson,
  validateBatch,
  validateBirth,
  validateEvent,
  validateStatus,
  validateTelemetry,
} from './validation';

const NOW = Date.parse('2026-11-23T08:15:30Z');
const good = {
  id: 'cam-3-000187',
  ts: '2026-11-23T08:15:30.120Z',
  type: 'fire.smoke',
  confidence: 0.87,
  location: { lat: 12.0452, lon: 108.4391 },
};

const reasonOf = (r: { ok: boolean; reason?: string }): string | undefined =>
  r.ok ? undefined : r.reason;

describe('event validation (docs/contract.md §3)', () => {
  it('accepts the contract example and normalises ts to epoch ms', () => {
    const result = validateEvent(good, NOW);
    expect(result).toEqual({
      ok: true,
      value: expect.objectContaining({ id: 'cam-3-000187', ts: Date.parse(good.ts) }),
    });
  });

  it('accepts epoch milliseconds and +07:00 offsets', () => {
    expect(validateEvent({ ...good, ts: NOW }, NOW).ok).toBe(true);
    expect(validateEvent({ ...good, ts: '2026-11-23T15:15:30+07:00' }, NOW).ok).toBe(true);
  });

  it.each([
    ['missing id', { ...good, id: undefined }, 'missing_field'],
    ['missing ts', { ...good, ts: undefined }, 'missing_field'],
    ['missing type', { ...good, type: undefined }, 'missing_field'],
    ['ts without offset', { ...good, ts: '2026-11-23T08:15:30' }, 'invalid_field'],
    ['empty id', { ...good, id: '' }, 'invalid_field'],
    ['confidence above 1', { ...good, confidence: 1.5 }, 'invalid_field'],
    ['id as a number', { ...good, id: 12 }, 'invalid_field'],
    ['unknown type', { ...good, type: 'fire.dragon' }, 'unknown_type'],
    ['latitude 91', { ...good, location: { lat: 91, lon: 108 } }, 'coordinates_out_of_range'],
    ['longitude -181', { ...good, location: { lat: 12, lon: -181 } }, 'coordinates_out_of_range'],
    ['ts 3 minutes ahead', { ...good, ts: NOW + 3 * 60_000 }, 'future_timestamp'],
    [
      'attributes over 4 KiB',
      { ...good, attributes: { blob: 'x'.repeat(5000) } },
      'attributes_too_large',
    ],
    ['not an object', 'hello', 'invalid_field'],
  ])('rejects %s as %s', (_name, payload, reason) => {
    expect(reasonOf(validateEvent(payload, NOW))).toBe(reason);
  });

  it('allows a ts up to 2 minutes ahead (clock skew)', () => {
    expect(validateEvent({ ...good, ts: NOW + 119_000 }, NOW).ok).toBe(true);
  });
});

describe('text a database cannot store', () => {
  it('refuses a NUL in an event id or anywhere in its attributes, on every database', () => {
    const fromJson = (text: string): unknown => JSON.parse(text);
    expect(
      reasonOf(validateEvent(fromJson(JSON.stringify({ ...good, id: 'a\u0000b' })), NOW)),
    ).toBe('invalid_field');
    const nested = { ...good, attributes: { plate: ['ok', 'x\u0000'] } };
    expect(validateEvent(nested, NOW)).toEqual({
      ok: false,
      reason: 'invalid_field',
      message: expect.stringContaining('attributes.plate.1') as unknown,
    });
    // A backslash followed by "u0000" is ordinary text.
    expect(validateEvent({ ...good, attributes: { note: '\\u0000' } }, NOW).ok).toBe(true);
  });
});

describe('payload decoding', () => {
  it('rejects invalid JSON and payloads over 64 KiB', () => {
    expect(reasonOf(decodeJson('{nope'))).toBe('invalid_json');
    expect(reasonOf(decodeJson(new Uint8Array(MAX_PAYLOAD_BYTES + 1)))).toBe('payload_too_large');
    expect(decodeJson(new TextEncoder().encode('{"a":1}'))).toEqual({ ok: true, value: { a: 1 } });
  });
});

describe('batches', () => {
  it('validates each element on its own', () => {
    const result = validateBatch([good, { ...good, type: 'x.y' }], (item) =>
      validateEvent(item, NOW),
    );
    expect(result.ok && result.value.map((r) => r.ok)).toEqual([true, false]);
  });

  it('rejects an array of more than 500', () => {
    expect(
      reasonOf(validateBatch(new Array(501).fill(good), (item) => validateEvent(item, NOW))),
    ).toBe('batch_too_large');
  });
});

describe('telemetry, birth and status', () => {
  it('accepts known metrics and rejects unknown ones and non-numbers', () => {
    expect(validateTelemetry({ ts: NOW, readings: { pm25: 182.4, temperature: 31 } }, NOW).ok).toBe(
      true,
    );
    expect(reasonOf(validateTelemetry({ ts: NOW, readings: { radiation: 3 } }, NOW))).toBe(
      'unknown_metric',
    );
    expect(reasonOf(validateTelemetry({ ts: NOW, readings: { pm25: '12' } }, NOW))).toBe(
      'invalid_field',
    );
    expect(reasonOf(validateTelemetry({ ts: NOW, readings: {} }, NOW))).toBe('invalid_field');
    expect(reasonOf(validateTelemetry({ readings: { pm25: 1 } }, NOW))).toBe('missing_field');
  });

  it('validates births', () => {
    const birth = {
      kind: 'camera',
      name: 'Langbiang ridge cam 3',
      location: { lat: 12.047, lon: 108.44 },
      zone: 'langbiang',
      capabilities: ['fire.smoke'],
    };
    expect(validateBirth(birth).ok).toBe(true);
    expect(reasonOf(validateBirth({ ...birth, kind: 'drone' }))).toBe('invalid_field');
    expect(reasonOf(validateBirth({ ...birth, location: undefined }))).toBe('missing_field');
  });

  it('takes plain-text statuses', () => {
    expect(validateStatus('online')).toEqual({ ok: true, value: 'online' });
    expect(validateStatus(new TextEncoder().encode('offline\n'))).toEqual({
      ok: true,
      value: 'offline',
    });
    expect(reasonOf(validateStatus('sleeping'))).toBe('invalid_status');
  });
});

describe('hostile structure (docs/contract.md §3, docs/security.md)', () => {
  const deep = (depth: number): unknown =>
    JSON.parse(`${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`);

  it('rejects invalid UTF-8 instead of replacing it', () => {
    const bytes = new Uint8Array([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0x22, 0x7d]);
    expect(reasonOf(decodeJson(bytes))).toBe('invalid_json');
  });

  it('rejects nesting that would overflow JSON.stringify, with a reason', () => {
    const event = { ...good, attributes: deep(20_000) };
    expect(reasonOf(validateEvent(event, NOW))).toBe('too_deep');
    expect(validateEvent({ ...good, attributes: deep(10) }, NOW).ok).toBe(true);
  });

  it.each(['__proto__', 'constructor', 'prototype'])('rejects the key %s anywhere', (key) => {
    const attributes = JSON.parse(`{"x":{"${key}":{"admin":true}}}`) as unknown;
    expect(reasonOf(validateEvent({ ...good, attributes }, NOW))).toBe('forbidden_key');
    const birth = JSON.parse(
      `{"kind":"camera","name":"n","location":{"lat":1,"lon":2},"zone":"z","${key}":1}`,
    ) as unknown;
    expect(reasonOf(validateBirth(birth))).toBe('forbidden_key');
  });

  it('rejects numbers JSON turned into infinity', () => {
    const parsed = decodeJson('{"ts":0,"readings":{"pm25":1e400}}');
    expect(parsed.ok && reasonOf(validateTelemetry(parsed.value, NOW))).toBe('invalid_field');
    const attributes = decodeJson('{"big":-1e999}');
    expect(
      attributes.ok && reasonOf(validateEvent({ ...good, attributes: attributes.value }, NOW)),
    ).toBe('invalid_field');
  });

  it('rejects one hostile element of a batch only', () => {
    const batch = validateBatch([good, { ...good, attributes: deep(100) }], (item) =>
      validateEvent(item, NOW),
    );
    expect(batch.ok && batch.value.map(reasonOf)).toEqual([undefined, 'too_deep']);
  });
});
