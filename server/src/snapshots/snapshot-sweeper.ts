import { Inject, Injectable, Logger } from '@nestjs/common';
import { SnapshotRepository } from './snapshot.repository';
import { SNAPSHOT_STORE, type SnapshotStore } from './snapshot.store';

const SWEEP_BATCH = 200;

/**
 * Retention's part for images (called by RetentionService after it deleted events): the
 * images of events that are gone, file first, then row, so a crash in between leaves a
 * row whose file is missing (swept again) rather than a file nothing points at.
 */
@Injectable()
export class SnapshotSweeper {
  private readonly logger = new Logger('snapshots');

  constructor(
    private readonly repository: SnapshotRepository,
    @Inject(SNAPSHOT_STORE) private readonly store: SnapshotStore,
  ) {}

  /** One batch; resolves with how many were deleted (fewer than the batch: nothing left). */
  async sweepOnce(): Promise<{ deleted: number; more: boolean }> {
    const rows = await this.repository.orphans(SWEEP_BATCH);
    const gone: string[] = [];
    for (const row of rows) {
      try {
        await this.store.delete(row.id);
        gone.push(row.id);
      } catch (error) {
        this.logger.warn(`could not delete image ${row.id}: ${(error as Error).message}`);
      }
    }
    const deleted = await this.repository.delete(gone);
    return { deleted, more: rows.length === SWEEP_BATCH && gone.length > 0 };
  }
}
