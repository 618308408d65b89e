import { LiveStatsSchema, ResyncAckSchema, type LiveStats, type ResyncAck } from '@ioc/shared';
import type { z } from 'zod';

/** Typed socket events are still untrusted input: parse, and drop what does not fit. */
export function parseInbound<T>(schema: z.ZodType<T>, payload: unknown, what: string): T | null {
  const result = schema.safeParse(payload);
  if (result.success) return result.data;
  console.warn(`dropped an invalid live ${what}`, result.error.issues);
  return null;
}

export function parseStats(payload: unknown): LiveStats | null {
  return parseInbound(LiveStatsSchema, payload, 'stats');
}

/** The `resync` ack; null when it does not fit the contract (the caller then warns). */
export function parseResyncAck(ack: unknown): ResyncAck | null {
  const parsed = ResyncAckSchema.safeParse(ack);
  return parsed.success ? parsed.data : null;
}
