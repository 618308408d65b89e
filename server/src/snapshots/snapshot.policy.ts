import { createHash } from 'node:crypto';
import {
  imageTypeOf,
  MAX_SNAPSHOTS_PER_EVENT,
  type RejectionReason,
  type SnapshotContentType,
} from '@ioc/shared';

export type ImageCheck =
  | { ok: true; contentType: SnapshotContentType }
  | { ok: false; reason: RejectionReason; message: string };

/**
 * What an image must be, whatever its sender claims: at most `maxBytes`, and a JPEG or PNG
 * by its first bytes. `claimed` (an HTTP Content-Type) must agree when given.
 */
export function checkImage(bytes: Uint8Array, maxBytes: number, claimed?: string): ImageCheck {
  if (bytes.length > maxBytes)
    return {
      ok: false,
      reason: 'snapshot_too_large',
      message: `the image has ${bytes.length} bytes; at most ${maxBytes} (SNAPSHOT_MAX_BYTES)`,
    };
  const contentType = imageTypeOf(bytes);
  if (!contentType)
    return {
      ok: false,
      reason: 'unsupported_image',
      message: 'not a JPEG (FF D8 FF) or PNG (89 50 4E 47) by its first bytes',
    };
  if (claimed !== undefined && claimed !== contentType)
    return {
      ok: false,
      reason: 'unsupported_image',
      message: `sent as ${claimed} but its first bytes say ${contentType}`,
    };
  return { ok: true, contentType };
}

/** Too many images on one event already (a retry of a stored one is not counted). */
export function tooMany(stored: number): boolean {
  return stored >= MAX_SNAPSHOTS_PER_EVENT;
}

/** The same image of the same event always gets the same id: a resend is a duplicate. */
export function snapshotId(deviceId: string, eventId: string, bytes: Uint8Array): string {
  const content = createHash('sha256').update(bytes).digest('hex');
  return createHash('sha256')
    .update(`${deviceId}\u0000${eventId}\u0000${content}`)
    .digest('hex')
    .slice(0, 32);
}
