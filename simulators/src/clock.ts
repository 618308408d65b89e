/**
 * Injected time: the real clock in the CLI, a manual one in tests, so that generators and
 * runners are tested over simulated hours without waiting for them.
 */
export interface Clock {
  now(): number;
  /** Resolves after `ms`, or at once when `signal` is aborted (it never rejects). */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve) => {
      if (signal?.aborted) return resolve();
      const done = (): void => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, Math.max(0, ms));
      signal?.addEventListener('abort', done, { once: true });
    }),
};

interface Sleeper {
  until: number;
  resolve: () => void;
}

/** A clock tests move by hand; sleepers wake in deadline order as time is advanced. */
export class ManualClock implements Clock {
  private sleepers: Sleeper[] = [];

  constructor(private current = Date.parse('2026-11-23T08:00:00Z')) {}

  now(): number {
    return this.current;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise<void>((resolve) => {
      if (signal?.aborted) return resolve();
      const sleeper: Sleeper = { until: this.current + Math.max(0, ms), resolve };
      this.sleepers.push(sleeper);
      signal?.addEventListener(
        'abort',
        () => {
          this.sleepers = this.sleepers.filter((s) => s !== sleeper);
          resolve();
        },
        { once: true },
      );
    });
  }

  /** Moves time forward, waking every sleeper due on the way and letting it run. */
  async advance(ms: number): Promise<void> {
    const target = this.current + ms;
    for (;;) {
      await settle();
      const due = this.sleepers
        .filter((s) => s.until <= target)
        .sort((a, b) => a.until - b.until)[0];
      if (!due) break;
      this.sleepers = this.sleepers.filter((s) => s !== due);
      this.current = Math.max(this.current, due.until);
      due.resolve();
    }
    this.current = target;
    await settle();
  }

  /** How many sleepers are waiting (tests use it to know a loop has parked). */
  get pending(): number {
    return this.sleepers.length;
  }
}

/** Lets every already-queued promise continuation and I/O callback run. */
function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
