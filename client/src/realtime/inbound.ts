import { LiveStatsSchema, type LiveAck, type LiveStats, type ResyncResult } from '@ioc/shared';
import type { z } from 'zod';

/** Typed socket events are still untrusted input: parse, and drop what does not fit. */
export function parseInbound<T>(schema: z.ZodType<T>, payload: unknown, what: string): T | null {
  const result = schema.safeParse(payload);
  if (result.success) return result.data;
  console.warn(`dropped an invalid live ${what}`, result.error.issues);
  return null;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const isCount = (value: unknown): value is number =>
  typeof value === 'number' && Number.isFinite(value);

export function parseStats(payload: unknown): LiveStats | null {
  return parseInbound(LiveStatsSchema, payload, 'stats');
}

export function parseResyncAck(ack: unknown): LiveAck<ResyncResult> | null {
  if (!isRecord(ack)) return null;
  if (ack.ok === false)
    return { ok: false, error: typeof ack.error === 'string' ? ack.error : 'unknown' };
  if (
    ack.ok === true &&
    isRecord(ack.data) &&
    isCount(ack.data.replayed) &&
    isCount(ack.data.lastSeq)
  ) {
    return { ok: true, data: { replayed: ack.data.replayed, lastSeq: ack.data.lastSeq } };
  }
  return null;
}
