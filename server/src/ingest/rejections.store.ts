import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import type { Rejection, RejectionReason } from '@ioc/shared';
import { GroupCommit, type Done } from '../database/group-commit';
import { RejectionRepository } from './rejection.repository';

const KEEP = 200;
const PAYLOAD_PREFIX_BYTES = 256;

/** PostgreSQL stores no NUL in text; a rejected payload may hold any byte. */
const storable = (text: string): string => text.replaceAll('\u0000', '\uFFFD');

/**
 * Rejected messages: stored in the group commit (a device deletes a message once it is
 * acknowledged, so its rejection must outlive a crash), and the latest kept in a ring,
 * listed at GET /api/ingest/rejections.
 */
@Injectable()
export class RejectionsStore implements OnModuleInit {
  private readonly logger = new Logger('rejections');
  private readonly ring: Rejection[] = [];
  private next = 0;

  constructor(
    private readonly repository: RejectionRepository,
    private readonly group: GroupCommit,
  ) {}

  /** The ring starts with the latest stored rejections. */
  async onModuleInit(): Promise<void> {
    const rows = await this.repository.latest(KEEP);
    for (const row of rows.reverse())
      this.remember({
        at: new Date(row.at).toISOString(),
        topic: row.topic,
        reason: row.reason,
        message: row.message,
        payload: row.payload,
      });
  }

  /** Records a rejection; `done` runs once it is stored. */
  add(
    topic: string,
    reason: RejectionReason,
    message: string,
    payload: Uint8Array | string,
    done: Done = () => undefined,
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
    this.remember(entry);
    this.group.enqueue({
      statement: 'rejections',
      rows: [[at, storable(entry.topic), reason, storable(message), storable(entry.payload)]],
      refused: (error) => {
        // Nothing more to refuse to: the rejection stays counted and listed.
        this.logger.warn(`could not store a rejection of ${entry.topic}: ${error.message}`);
        done();
      },
      done,
    });
  }

  /** Newest first. */
  latest(): Rejection[] {
    if (this.ring.length < KEEP) return [...this.ring].reverse();
    return [...this.ring.slice(this.next), ...this.ring.slice(0, this.next)].reverse();
  }

  private remember(entry: Rejection): void {
    if (this.ring.length < KEEP) this.ring.push(entry);
    else this.ring[this.next] = entry;
    this.next = (this.next + 1) % KEEP;
  }
}
