import { z } from 'zod';
import { EVENT_TYPES } from '../taxonomy';
import { LocationSchema, SeveritySchema, TimestampSchema } from './common.schema';
import type { Severity } from '../taxonomy';
import type { BearingRay } from './bearing.schema';

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
  /** Direction of what the camera sees, clockwise from true north; without `location`, a ray. */
  bearingDeg: z.number().min(0).max(360).optional(),
  /** Half-width of the bearing's uncertainty, degrees (default 1°). */
  bearingSpreadDeg: z.number().min(0).max(45).optional(),
  /** The farthest the camera can see along the bearing, metres. */
  rangeM: z.number().positive().max(100_000).optional(),
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
  /** A bearing without a reported place: the event is a ray from `location` (the camera). */
  ray?: BearingRay | null;
  /** `citizen` for reports, `device` otherwise. */
  sourceKind: 'device' | 'citizen' | 'derived';
}
