/**
 * Collects changed keys and hands them over once per animation frame, so a burst of a
 * thousand incident changes costs one repaint of the map and the feed, not a thousand.
 * With `minIntervalMs`, flushes are also spaced by at least that much: a steady stream
 * of a hundred updates a second then repaints a few times a second instead of sixty.
 */
export class FrameBatcher<K> {
  private pending = new Set<K>();
  private frame: number | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private lastFlush = -Infinity;

  constructor(
    private readonly flush: (keys: ReadonlySet<K>) => void,
    private readonly schedule: (run: () => void) => number = (run) => requestAnimationFrame(run),
    private readonly cancel: (handle: number) => void = (handle) => cancelAnimationFrame(handle),
    private readonly minIntervalMs = 0,
    private readonly now: () => number = () => performance.now(),
  ) {}

  add(key: K): void {
    this.pending.add(key);
    if (this.frame !== null || this.timer !== null) return;
    const wait = this.lastFlush + this.minIntervalMs - this.now();
    if (wait > 0) {
      this.timer = setTimeout(() => {
        this.timer = null;
        this.frame = this.schedule(() => this.run());
      }, wait);
    } else {
      this.frame = this.schedule(() => this.run());
    }
  }

  /** Delivers what is pending now (used before a measurement or a teardown). */
  run(): void {
    if (this.frame !== null) this.cancel(this.frame);
    if (this.timer !== null) clearTimeout(this.timer);
    this.frame = null;
    this.timer = null;
    if (this.pending.size === 0) return;
    const keys = this.pending;
    this.pending = new Set();
    this.lastFlush = this.now();
    this.flush(keys);
  }

  dispose(): void {
    if (this.frame !== null) this.cancel(this.frame);
    if (this.timer !== null) clearTimeout(this.timer);
    this.frame = null;
    this.timer = null;
    this.pending.clear();
  }
}
