import { z } from 'zod';

/** The image types a snapshot may have, told by their first bytes (docs/contract.md §3). */
export const SNAPSHOT_CONTENT_TYPES = ['image/jpeg', 'image/png'] as const;
export type SnapshotContentType = (typeof SNAPSHOT_CONTENT_TYPES)[number];

/** Images one event may hold: a camera sends a few frames, not a video. */
export const MAX_SNAPSHOTS_PER_EVENT = 16;

/** One stored image of an event, as `GET /api/incidents/{id}` lists it per event. */
export const SnapshotRefSchema = z.object({
  id: z.string(),
  /** `GET` it with the bearer token (an `<img src>` without one gets 401). */
  url: z.string(),
  contentType: z.enum(SNAPSHOT_CONTENT_TYPES),
  bytes: z.number().int().positive(),
  receivedAt: z.string(),
});
export type SnapshotRef = z.infer<typeof SnapshotRefSchema>;

/** `PUT /api/devices/{id}/snapshots/{eventId}`: what was stored. */
export const SnapshotUploadResultSchema = z.object({
  snapshot: SnapshotRefSchema,
  /** False when the same image of the same event was stored already (a retry). */
  created: z.boolean(),
});
export type SnapshotUploadResult = z.infer<typeof SnapshotUploadResultSchema>;

/** The type the first bytes say (JPEG FF D8 FF, PNG 89 50 4E 47 0D 0A 1A 0A), or null. */
export function imageTypeOf(bytes: Uint8Array): SnapshotContentType | null {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff)
    return 'image/jpeg';
  const png = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (bytes.length >= png.length && png.every((b, i) => bytes[i] === b)) return 'image/png';
  return null;
}
