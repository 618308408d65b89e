/**
 * Bounds how many publishes a producer keeps in flight: `add()` returns at once while there
 * is room, and waits for one to settle when the window is full. Failures are counted, not
 * thrown, so one refused publish does not stop a load run or a replay.
 */
export class InflightWindow {
  private readonly pending = new Set<Promise<void>>();
  settled = 0;
  failed = 0;
  lastError: Error | null = null;
  /** Milliseconds spent waiting for room: a paced run that waits here is not keeping pace. */
  waitedMs = 0;

  constructor(
    readonly size: number,
    private readonly now: () => number = () => Date.now(),
  ) {}

  async add(task: Promise<void>, onSettled?: (error: Error | null) => void): Promise<void> {
    const tracked: Promise<void> = task.then(
      () => {
        this.settled += 1;
        this.pending.delete(tracked);
        onSettled?.(null);
      },
      (error: unknown) => {
        this.failed += 1;
        this.lastError = error instanceof Error ? error : new Error(String(error));
        this.pending.delete(tracked);
        onSettled?.(this.lastError);
      },
    );
    this.pending.add(tracked);
    if (this.pending.size >= this.size) {
      const started = this.now();
      await Promise.race(this.pending);
      this.waitedMs += this.now() - started;
    }
  }

  get inflight(): number {
    return this.pending.size;
  }

  async drain(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }
}
