import { Logger } from '@nestjs/common';

/**
 * Where the write loop's time goes, logged once a second when IOC_TRACE_WRITES=1 (AppConfig.traceWrites) (for
 * profiling: docs/benchmarks.md). Per cycle: building the transaction on the main thread,
 * waiting for the writer, and the work after the commit (acknowledgements, correlation,
 * announcements); idle is the rest of the wall time.
 */
export class WriteLoopTrace {
  private readonly logger = new Logger('write-loop-trace');
  private windowStart = performance.now();
  private cycles = 0;
  private units = 0;
  private rows = 0;
  private buildMs = 0;
  private writeMs = 0;
  private afterMs = 0;
  private maxWriteMs = 0;
  private readonly byStatement = new Map<string, number>();

  cycle(
    units: number,
    rows: Readonly<Record<string, unknown[][]>>,
    buildMs: number,
    writeMs: number,
    afterMs: number,
  ): void {
    this.cycles += 1;
    this.units += units;
    for (const [name, list] of Object.entries(rows)) {
      this.rows += list.length;
      this.byStatement.set(name, (this.byStatement.get(name) ?? 0) + list.length);
    }
    this.buildMs += buildMs;
    this.writeMs += writeMs;
    this.afterMs += afterMs;
    this.maxWriteMs = Math.max(this.maxWriteMs, writeMs);
    const now = performance.now();
    if (now - this.windowStart < 1000) return;
    const wall = now - this.windowStart;
    const statements = [...this.byStatement].map(([name, n]) => `${name} ${n}`).join(', ');
    this.logger.log(
      `${this.cycles} cycles, ${this.units} units, ${this.rows} rows (${statements}); ` +
        `build ${this.buildMs.toFixed(0)} ms, write ${this.writeMs.toFixed(0)} ms ` +
        `(max ${this.maxWriteMs.toFixed(1)}), after ${this.afterMs.toFixed(0)} ms, ` +
        `idle ${(wall - this.buildMs - this.writeMs - this.afterMs).toFixed(0)} ms of ${wall.toFixed(0)}`,
    );
    this.windowStart = now;
    this.cycles = this.units = this.rows = 0;
    this.buildMs = this.writeMs = this.afterMs = this.maxWriteMs = 0;
    this.byStatement.clear();
  }
}
