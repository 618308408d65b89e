/**
 * At most `limit` log lines per window; the lines held back are counted and reported with
 * the next line let through, so a flood of failed logins cannot flood the log.
 */
export class LogThrottle {
  private windowStart = 0;
  private used = 0;
  private suppressed = 0;

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly write: (line: string) => void,
    private readonly now: () => number = Date.now,
  ) {}

  log(line: string): void {
    const now = this.now();
    if (now - this.windowStart >= this.windowMs) {
      this.windowStart = now;
      this.used = 0;
    }
    if (this.used >= this.limit) {
      this.suppressed++;
      return;
    }
    this.used++;
    const held = this.suppressed;
    this.suppressed = 0;
    this.write(held > 0 ? `${line} (${held} similar lines suppressed)` : line);
  }
}
