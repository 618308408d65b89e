/**
 * Collects changed keys and hands them over once per animation frame, so a burst of a
 * thousand incident changes costs one repaint of the map and the feed, not a thousand.
 */
export class FrameBatcher<K> {
  private pending = new Set<K>();
  private frame: number | null = null;

  constructor(
    private readonly flush: (keys: ReadonlySet<K>) => void,
    private readonly schedule: (run: () => void) => number = (run) => requestAnimationFrame(run),
    private readonly cancel: (handle: number) => void = (handle) => cancelAnimationFrame(handle),
  ) {}

  add(key: K): void {
    this.pending.add(key);
    if (this.frame === null) this.frame = this.schedule(() => this.run());
  }

  /** Delivers what is pending now (used before a measurement or a teardown). */
  run(): void {
    if (this.frame !== null) this.cancel(this.frame);
    this.frame = null;
    if (this.pending.size === 0) return;
    const keys = this.pending;
    this.pending = new Set();
    this.flush(keys);
  }

  dispose(): void {
    if (this.frame !== null) this.cancel(this.frame);
    this.frame = null;
    this.pending.clear();
  }
}
