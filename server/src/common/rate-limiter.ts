/**
 * A sliding-window counter per key (login failures per username+IP, reports per API
 * key). Memory is bounded: at most `limit` timestamps per key and `maxKeys` keys, the
 * least recently used key going first. Per process: with several hub instances each
 * enforces its own window, which still caps an attacker at instances × limit.
 */
export class RateLimiter {
  private readonly hits = new Map<string, number[]>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly maxKeys = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** The hits of `key` still inside the window (and forgets the older ones). */
  private recent(key: string): number[] {
    const list = this.hits.get(key);
    if (!list) return [];
    const from = this.now() - this.windowMs;
    const kept = list.filter((t) => t > from);
    if (kept.length === 0) this.hits.delete(key);
    else this.hits.set(key, kept);
    return kept;
  }

  /** True when `key` has used up its allowance for now. */
  isBlocked(key: string): boolean {
    return this.recent(key).length >= this.limit;
  }

  /** Milliseconds until `key` may try again (0 when it may now). */
  retryAfterMs(key: string): number {
    const list = this.recent(key);
    if (list.length < this.limit) return 0;
    return Math.max(0, (list[list.length - this.limit] ?? 0) + this.windowMs - this.now());
  }

  /** Counts one hit; returns false when it went over the limit (the hit is then not kept). */
  hit(key: string): boolean {
    const list = this.recent(key);
    if (list.length >= this.limit) return false;
    list.push(this.now());
    // Re-insert so Map order is least recently used first.
    this.hits.delete(key);
    this.hits.set(key, list);
    while (this.hits.size > this.maxKeys) {
      const oldest = this.hits.keys().next().value;
      if (oldest === undefined) break;
      this.hits.delete(oldest);
    }
    return true;
  }

  reset(key: string): void {
    this.hits.delete(key);
  }

  get size(): number {
    return this.hits.size;
  }
}
