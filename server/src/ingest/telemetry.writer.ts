import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { TelemetryRepository, type TelemetryRow } from '../devices/telemetry.repository';

const FLUSH_MS = 250;
const MAX_PENDING = 100_000;

/** Stores telemetry readings in batches, one row per metric reading. */
@Injectable()
export class TelemetryWriter implements OnApplicationShutdown {
  private readonly logger = new Logger('telemetry');
  private pending: TelemetryRow[] = [];
  private timer: NodeJS.Timeout | null = null;
  private writing: Promise<void> = Promise.resolve();

  constructor(private readonly repository: TelemetryRepository) {}

  add(deviceId: string, ts: number, readings: Record<string, number | undefined>): void {
    for (const [metric, value] of Object.entries(readings)) {
      if (value !== undefined) this.pending.push([deviceId, ts, metric, value]);
    }
    if (this.pending.length > MAX_PENDING) {
      // Keep memory bounded if the database stalls: telemetry history is the first to give.
      this.logger.warn(`telemetry backlog over ${MAX_PENDING}; dropping the oldest readings`);
      this.pending = this.pending.slice(-MAX_PENDING);
    }
    if (!this.timer) this.timer = setTimeout(() => void this.flush(), FLUSH_MS);
  }

  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.writing = this.writing.then(async () => {
      const rows = this.pending;
      this.pending = [];
      if (rows.length === 0) return;
      try {
        await this.repository.insert(rows);
      } catch (error) {
        this.logger.error(`telemetry write failed: ${(error as Error).message}`);
        this.pending = [...rows, ...this.pending];
        if (!this.timer) this.timer = setTimeout(() => void this.flush(), 1000);
      }
    });
    return this.writing;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.flush();
  }
}
