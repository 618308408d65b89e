import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import type { Subscription } from 'rxjs';
import { HubEvents } from '../common/hub-events';
import { CLOCK, SCHEDULER, type Scheduler, type Timer } from '../common/scheduler';
import type { Clock } from '../correlation/clock';
import { deviceHistoryRow, HistoryRepository } from './history.repository';

/** Device changes are written together this often (they come in bursts: a fleet's births). */
const FLUSH_MS = 100;
/** Held rows past this are dropped (the database away for long), oldest first, and logged. */
const MAX_HELD = 100_000;

/**
 * Records each device change /live pushes (HubEvents.deviceChanged$) in device_history,
 * stamped when it was pushed. Not in the device row's transaction: a device change is
 * pushed before its row is written (a first message, a status), and the replay must show
 * what the console saw. A failed write is retried with the next flush.
 */
@Injectable()
export class DeviceHistoryRecorder implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('situation');
  private held: unknown[][] = [];
  private timer: Timer | null = null;
  private writing: Promise<void> | null = null;
  private subscription: Subscription | null = null;

  constructor(
    private readonly events: HubEvents,
    private readonly history: HistoryRepository,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(SCHEDULER) private readonly scheduler: Scheduler,
  ) {}

  onModuleInit(): void {
    this.subscription = this.events.deviceChanged$.subscribe((device) => {
      this.held.push(deviceHistoryRow(device, this.clock.now()));
      if (this.held.length > MAX_HELD) {
        this.held.splice(0, this.held.length - MAX_HELD);
        this.logger.warn(`device history: more than ${MAX_HELD} changes unwritten, oldest dropped`);
      }
      this.timer ??= this.scheduler.after(FLUSH_MS, () => void this.flush(), {
        background: true,
      });
    });
  }

  /** Writes what is held; resolves once written (or failed, the rows held again). */
  flush(): Promise<void> {
    this.timer = null;
    this.writing ??= this.write().finally(() => (this.writing = null));
    return this.writing;
  }

  private async write(): Promise<void> {
    while (this.held.length > 0) {
      const rows = this.held;
      this.held = [];
      try {
        await this.history.writeDevices(rows);
      } catch (error) {
        this.held = rows.concat(this.held);
        this.logger.warn(`device history not written, retried: ${(error as Error).message}`);
        this.timer ??= this.scheduler.after(FLUSH_MS * 10, () => void this.flush(), {
          background: true,
        });
        return;
      }
    }
  }

  // Before DatabaseModule closes the writer (it shuts down after the modules importing it).
  async onApplicationShutdown(): Promise<void> {
    this.subscription?.unsubscribe();
    this.timer?.cancel();
    await this.flush();
  }
}
