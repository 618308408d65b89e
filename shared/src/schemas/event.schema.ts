import { z } from 'zod';
import { EVENT_TYPES } from '../taxonomy';
import { LocationSchema, SeveritySchema, TimestampSchema } from './common.schema';
import type { Severity } from '../taxonomy';

export const MAX_BATCH = 500;
export const MAX_ATTRIBUTES_BYTES = 4096;

/** One event on `ioc/devices/{deviceId}/events` (docs/contract.md §3). */
export const EventPayloadSchema = z.object({
  id: z.string().min(1).max(128),
  ts: TimestampSchema,
  type: z.enum(EVENT_TYPES),
  confidence: z.number().min(0).max(1).optional(),
  severity: SeveritySchema.optional(),
  location: LocationSchema.optional(),
  attributes: z.record(z.string(), z.unknown()).optional(),
});
export type EventPayload = z.infer<typeof EventPayloadSchema>;

/** An accepted event, normalised: epoch-ms time and a resolved location. */
export interface NormalizedEvent {
  deviceId: string;
  id: string;
  ts: number;
  type: EventPayload['type'];
  confidence: number | null;
  severity: Severity | null;
  location: { lat: number; lon: number };
  attributes: Record<string, unknown> | null;
  /** `citizen` for reports, `device` otherwise. */
  sourceKind: 'device' | 'citizen' | 'derived';
}
