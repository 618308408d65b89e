import { z } from 'zod';
import { LocationSchema } from './common.schema';

/** How an incident's place was found (docs/correlation.md, "Bearings"). */
export const LOCATION_METHODS = ['reported', 'triangulated', 'camera-ray'] as const;
export type LocationMethod = (typeof LOCATION_METHODS)[number];

/** Defaults when a bearing event leaves them out. */
export const DEFAULT_BEARING_SPREAD_DEG = 1;
export const DEFAULT_RAY_RANGE_M = 15_000;

/** A camera's line of sight: from its mount, along a bearing, up to a range. */
export const BearingRaySchema = z.object({
  source: z.string(),
  origin: LocationSchema,
  bearingDeg: z.number(),
  spreadDeg: z.number(),
  rangeM: z.number(),
});
export type BearingRay = z.infer<typeof BearingRaySchema>;
