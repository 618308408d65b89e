import { Leadership } from '../cluster/leadership.service';
import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
  Optional,
} from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app.config';
import { CLOCK, SCHEDULER, type Scheduler, type Timer } from '../common/scheduler';
import type { Clock } from '../correlation/clock';
import { MetricsService } from '../metrics/metrics.service';
import {
  morePossible,
  PRUNE_BATCH_ROWS,
  PRUNE_PAUSE_MS,
  RETENTION_TABLES,
  retentionHorizon,
} from './retention.policy';
import { RetentionRepository } from './retention.repository';
import { SnapshotSweeper } from '../snapshots/snapshot-sweeper';

/**
 * Every RETENTION_INTERVAL_SECONDS, deletes what retention.policy.ts lets go, table by
 * table, in DELETEs of PRUNE_BATCH_ROWS with a pause between them, so ingest never waits
 * behind a long one. A run that fails (the database away) is logged; the next one carries on.
 */
@Injectable()
export class RetentionService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('retention');
  private timer: Timer | null = null;
  private running: Promise<void> | null = null;
  private stopping = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repository: RetentionRepository,
    private readonly snapshots: SnapshotSweeper,
    private readonly metrics: MetricsService,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(SCHEDULER) private readonly scheduler: Scheduler,
    @Optional() private readonly leadership: Leadership | null = null,
  ) {}

  onApplicationBootstrap(): void {
    const { days, intervalMs } = this.config.retention;
    if (days === 0) {
      this.logger.log('retention off (RETENTION_DAYS=0): events and telemetry are kept');
      return;
    }
    this.logger.log(`events and telemetry kept ${days} days; pruned every ${intervalMs / 1000} s`);
    this.timer = this.scheduler.every(intervalMs, () => void this.runOnce());
  }

  /** One pass over every table; a pass still running is not started twice. */
  runOnce(): Promise<void> {
    // Cluster mode: the leader alone prunes (docs/scale-out.md).
    if (this.leadership?.isLeader === false) return Promise.resolve();
    this.running ??= this.prune().finally(() => (this.running = null));
    return this.running;
  }

  private async prune(): Promise<void> {
    const horizon = retentionHorizon(this.config.retention.days, this.clock.now());
    if (horizon === null) return;
    try {
      for (const table of RETENTION_TABLES) {
        let total = 0;
        for (;;) {
          if (this.stopping) return;
          const deleted = await this.repository.prune(table, horizon, PRUNE_BATCH_ROWS);
          total += deleted;
          this.metrics.retentionDeleted.labels(table).inc(deleted);
          if (!morePossible(deleted)) break;
          await new Promise<void>((resolve) => this.scheduler.after(PRUNE_PAUSE_MS, resolve));
        }
        if (total > 0) this.logger.log(`pruned ${total} ${table} rows`);
      }
      await this.sweepSnapshots();
      this.metrics.retentionRuns.inc();
    } catch (error) {
      this.logger.warn(`pruning stopped, tried again next time: ${(error as Error).message}`);
    }
  }

  /** The images of the events just deleted (and of any deleted before a crash). */
  private async sweepSnapshots(): Promise<void> {
    let total = 0;
    for (;;) {
      if (this.stopping) return;
      const { deleted, more } = await this.snapshots.sweepOnce();
      total += deleted;
      this.metrics.snapshotsDeleted.inc(deleted);
      if (!more) break;
      await new Promise<void>((resolve) => this.scheduler.after(PRUNE_PAUSE_MS, resolve));
    }
    if (total > 0) this.logger.log(`deleted ${total} snapshots with their events`);
  }

  // Before DatabaseModule closes the writer (it shuts down after the modules importing it).
  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    this.timer?.cancel();
    await this.running;
  }
}
