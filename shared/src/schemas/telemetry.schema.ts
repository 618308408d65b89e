import { z } from 'zod';
import { METRICS } from '../taxonomy';
import { TimestampSchema } from './common.schema';

/** One reading set on `ioc/devices/{deviceId}/telemetry` (docs/contract.md §3). */
export const TelemetryPayloadSchema = z.object({
  ts: TimestampSchema,
  readings: z
    .partialRecord(z.enum(METRICS), z.number())
    .refine((r) => Object.keys(r).length > 0, 'readings must hold at least one metric'),
});
export type TelemetryPayload = z.infer<typeof TelemetryPayloadSchema>;
