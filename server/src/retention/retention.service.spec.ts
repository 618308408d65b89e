import type { AppConfig } from '../config/app.config';
import type { Scheduler } from '../common/scheduler';
import { ManualClock } from '../correlation/clock';
import { MetricsService } from '../metrics/metrics.service';
import { PRUNE_BATCH_ROWS, PRUNE_PAUSE_MS, type RetentionTable } from './retention.policy';
import type { RetentionRepository } from './retention.repository';
import { RetentionService } from './retention.service';
import type { SnapshotSweeper } from '../snapshots/snapshot-sweeper';

/** Images of deleted events: none in these specs but the one that counts them. */
function fakeSweeper(batches: number[] = []): SnapshotSweeper {
  return {
    sweepOnce: () => {
      const deleted = batches.shift() ?? 0;
      return Promise.resolve({ deleted, more: batches.length > 0 });
    },
  } as unknown as SnapshotSweeper;
}

const NOW = Date.parse('2026-12-01T00:00:00Z');
const DAY = 24 * 3600 * 1000;

/** Tables holding this many prunable rows; each call deletes up to its limit. */
/** Rows left per table; a table not named has none. */
function fakeRepository(given: Partial<Record<RetentionTable, number>>) {
  const rows = { incident_history: 0, device_history: 0, ...given } as Record<
    RetentionTable,
    number
  >;
  const calls: { table: RetentionTable; horizon: number }[] = [];
  const repository = {
    prune: (table: RetentionTable, horizon: number, limit: number) => {
      calls.push({ table, horizon });
      const deleted = Math.min(rows[table], limit);
      rows[table] -= deleted;
      return Promise.resolve(deleted);
    },
  } as unknown as RetentionRepository;
  return { repository, calls };
}

/** Runs the pauses between batches at once, and records them. */
function instantScheduler(pauses: number[]): Scheduler {
  return {
    after: (ms, fn) => {
      pauses.push(ms);
      fn();
      return { cancel: () => undefined };
    },
    every: () => ({ cancel: () => undefined }),
  };
}

const config = (days: number) =>
  ({ retention: { days, intervalMs: 1000 } }) as unknown as AppConfig;

describe('RetentionService', () => {
  it('deletes in batches with a pause between them until a batch comes back short', async () => {
    const { repository, calls } = fakeRepository({
      events: 2 * PRUNE_BATCH_ROWS + 5,
      telemetry: 3,
      rejections: 0,
    });
    const pauses: number[] = [];
    const metrics = new MetricsService();
    const service = new RetentionService(
      config(30),
      repository,
      fakeSweeper([200, 7]),
      metrics,
      new ManualClock(NOW),
      instantScheduler(pauses),
    );
    await service.runOnce();

    expect(calls.map((c) => c.table)).toEqual([
      'events',
      'events',
      'events',
      'telemetry',
      'rejections',
      'incident_history',
      'device_history',
    ]);
    expect(new Set(calls.map((c) => c.horizon))).toEqual(new Set([NOW - 30 * DAY]));
    // Two pauses between event batches, one between the two batches of images.
    expect(pauses).toEqual([PRUNE_PAUSE_MS, PRUNE_PAUSE_MS, PRUNE_PAUSE_MS]);
    const text = await metrics.registry.metrics();
    expect(text).toContain('ioc_snapshots_deleted_total 207');
    expect(text).toContain(
      `ioc_retention_deleted_total{table="events"} ${2 * PRUNE_BATCH_ROWS + 5}`,
    );
    expect(text).toContain('ioc_retention_deleted_total{table="telemetry"} 3');
    expect(text).toContain('ioc_retention_runs_total 1');
  });

  it('deletes nothing with RETENTION_DAYS 0', async () => {
    const { repository, calls } = fakeRepository({ events: 10, telemetry: 10, rejections: 10 });
    const service = new RetentionService(
      config(0),
      repository,
      fakeSweeper(),
      new MetricsService(),
      new ManualClock(NOW),
      instantScheduler([]),
    );
    service.onApplicationBootstrap();
    await service.runOnce();
    expect(calls).toEqual([]);
  });

  it('stops between batches once shutting down', async () => {
    const { repository, calls } = fakeRepository({
      events: 10 * PRUNE_BATCH_ROWS,
      telemetry: 0,
      rejections: 0,
    });
    let service: RetentionService | null = null;
    const scheduler: Scheduler = {
      after: (_ms, fn) => {
        // Shutdown arrives during the first pause.
        void service?.onApplicationShutdown();
        fn();
        return { cancel: () => undefined };
      },
      every: () => ({ cancel: () => undefined }),
    };
    service = new RetentionService(
      config(30),
      repository,
      fakeSweeper(),
      new MetricsService(),
      new ManualClock(NOW),
      scheduler,
    );
    await service.runOnce();
    expect(calls).toHaveLength(1);
  });
});
