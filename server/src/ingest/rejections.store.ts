import { Injectable } from '@nestjs/common';
import type { Rejection, RejectionReason } from '@ioc/shared';

const KEEP = 200;
const PAYLOAD_PREFIX_BYTES = 256;

/** The latest rejections (a bounded ring), listed at GET /api/ingest/rejections. */
@Injectable()
export class RejectionsStore {
  private readonly ring: Rejection[] = [];
  private next = 0;

  add(
    topic: string,
    reason: RejectionReason,
    message: string,
    payload: Uint8Array | string,
    at = Date.now(),
  ): void {
    const bytes =
      typeof payload === 'string'
        ? Buffer.from(payload)
        : Buffer.from(
            payload.buffer,
            payload.byteOffset,
            Math.min(payload.byteLength, PAYLOAD_PREFIX_BYTES),
          );
    const entry: Rejection = {
      at: new Date(at).toISOString(),
      topic: topic.slice(0, 512),
      reason,
      message,
      payload: bytes.subarray(0, PAYLOAD_PREFIX_BYTES).toString('utf8'),
    };
    if (this.ring.length < KEEP) this.ring.push(entry);
    else this.ring[this.next] = entry;
    this.next = (this.next + 1) % KEEP;
  }

  /** Newest first. */
  latest(): Rejection[] {
    if (this.ring.length < KEEP) return [...this.ring].reverse();
    return [...this.ring.slice(this.next), ...this.ring.slice(0, this.next)].reverse();
  }
}
