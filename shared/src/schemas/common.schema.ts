import { z } from 'zod';
import { SEVERITIES } from '../taxonomy';

export const deviceIdPattern = /^[A-Za-z0-9_.-]{1,64}$/;
export const DeviceIdSchema = z.string().regex(deviceIdPattern, 'must be 1–64 of A-Za-z0-9_.-');

export const LocationSchema = z.object({
  lat: z.number().min(-90).max(90),
  lon: z.number().min(-180).max(180),
});
export type Location = z.infer<typeof LocationSchema>;

/** A name in the console's languages (docs/contract.md §3): each optional, the plain name stands in. */
export const LocalizedNamesSchema = z.strictObject({
  vi: z.string().trim().min(1).max(200).optional(),
  en: z.string().trim().min(1).max(200).optional(),
});
export type LocalizedNames = z.infer<typeof LocalizedNamesSchema>;

export const SeveritySchema = z.enum(SEVERITIES);

/** ISO 8601 with an offset (`Z` or `+07:00`), or epoch milliseconds. */
export const TimestampSchema = z.union([
  z.iso.datetime({ offset: true }),
  z.number().int().nonnegative(),
]);

export function timestampToMs(ts: string | number): number {
  return typeof ts === 'number' ? ts : Date.parse(ts);
}
