import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app.config';
import { SNAPSHOT_STORE, type SnapshotStore } from './snapshot.store';

/** How often a store with a check (S3) is asked again, down or up. */
const RECHECK_MS = 10_000;

/**
 * Whether the store can take images now: checked at start-up (HeadBucket on S3) and every
 * 10 s after, so an unreachable bucket shows in /health and snapshots are refused with
 * `snapshot_store_unavailable` (counted) rather than failing one by one, and taken again
 * once it answers. The file store has no check and is always available.
 */
@Injectable()
export class SnapshotStoreMonitor implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('snapshots');
  private reachable = true;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(SNAPSHOT_STORE) private readonly store: SnapshotStore,
  ) {}

  get available(): boolean {
    return this.reachable;
  }

  async onModuleInit(): Promise<void> {
    const { snapshots, cluster } = this.config;
    if (cluster && snapshots.store === 'file')
      this.logger.warn(
        `SNAPSHOT_STORE=file with REDIS_URL: each instance keeps its images in its own ${snapshots.dir}, ` +
          'which the others do not read; several hubs need SNAPSHOT_STORE=s3 (docs/scale-out.md)',
      );
    if (!this.store.check) return;
    if (snapshots.s3)
      this.logger.log(`images go to bucket ${snapshots.s3.bucket} at ${snapshots.s3.endpoint}`);
    await this.probe();
    this.timer = setInterval(() => void this.probe(), RECHECK_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
    this.store.close?.();
  }

  private async probe(): Promise<void> {
    try {
      await this.store.check?.();
      if (!this.reachable) this.logger.log('the image store answers again: snapshots are taken');
      this.reachable = true;
    } catch (error) {
      if (this.reachable)
        this.logger.error(
          `the image store is unreachable (${describe(error)}): snapshots are refused ` +
            '(snapshot_store_unavailable) until it answers',
        );
      this.reachable = false;
    }
  }
}

/** The SDK's error name and status, never the request (which carries a signature). */
function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  const code = (error as NodeJS.ErrnoException).code;
  return [error.name, code, status, error.message].filter(Boolean).join(' ');
}
