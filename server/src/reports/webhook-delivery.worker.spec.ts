import { createHmac } from 'node:crypto';
import type { Scheduler, Timer } from '../common/scheduler';
import type { AppConfig } from '../config/app.config';
import { ManualClock } from '../correlation/clock';
import type { WebhookOutboxEntity } from '../database/entities';
import { MetricsService } from '../metrics/metrics.service';
import { WebhookDeliveryWorker } from './webhook-delivery.worker';
import type { WebhookOutboxRepository } from './webhook-outbox.repository';
import type { WebhookOutcome, WebhookRequest } from './webhook.sender';

const KEY = 'dalat-app-key-0123456789';
const HOUR = 3_600_000;

/** Timers that run only when the test says so. */
class ManualScheduler implements Scheduler {
  timers: { ms: number; fn: () => void; cancelled: boolean }[] = [];
  after(ms: number, fn: () => void): Timer {
    const timer = { ms, fn, cancelled: false };
    this.timers.push(timer);
    return { cancel: () => (timer.cancelled = true) };
  }
  every(): Timer {
    throw new Error('not used');
  }
  /** Runs the timers due, as the wall clock would have. */
  fire(): void {
    const due = this.timers.filter((t) => !t.cancelled);
    this.timers = [];
    for (const timer of due) timer.fn();
  }
}

/** The outbox table in memory, with the repository's semantics. */
class MemoryOutbox {
  rows: WebhookOutboxEntity[] = [];
  add(sequence: number, createdAt: number): void {
    this.rows.push({
      id: sequence,
      deliveryId: `d-${sequence}`,
      appId: 'dalat-app',
      sequence,
      body: JSON.stringify({ sequence }),
      createdAt,
      attempts: 0,
      nextAttemptAt: createdAt,
      lastError: null,
      deliveredAt: null,
      deadAt: null,
    });
  }
  async head(appId: string) {
    return (
      this.rows
        .filter((r) => r.appId === appId && r.deliveredAt === null && r.deadAt === null)
        .sort((a, b) => a.sequence - b.sequence)[0] ?? null
    );
  }
  private row(id: number) {
    return this.rows.find((r) => r.id === id)!;
  }
  async delivered(id: number, at: number, attempts: number) {
    Object.assign(this.row(id), { deliveredAt: at, attempts });
  }
  async failed(id: number, attempts: number, nextAttemptAt: number, lastError: string) {
    Object.assign(this.row(id), { attempts, nextAttemptAt, lastError });
  }
  async dead(id: number, at: number, attempts: number, lastError: string) {
    Object.assign(this.row(id), { deadAt: at, attempts, lastError });
  }
}

/** A webhook that answers as the test scripts it, one request at a time. */
class ScriptedSender {
  readonly sent: WebhookRequest[] = [];
  up = true;
  concurrent = 0;
  maxConcurrent = 0;
  async send(request: WebhookRequest): Promise<WebhookOutcome> {
    this.concurrent += 1;
    this.maxConcurrent = Math.max(this.maxConcurrent, this.concurrent);
    await Promise.resolve();
    this.sent.push(request);
    this.concurrent -= 1;
    return this.up ? { ok: true } : { ok: false, error: 'ECONNREFUSED' };
  }
}

/** Lets the worker's promise chain run to its next wait. */
const settle = async (): Promise<void> => {
  for (let i = 0; i < 50; i++) await Promise.resolve();
};

function setup(deadlineMs = 24 * HOUR) {
  const clock = new ManualClock(0);
  const scheduler = new ManualScheduler();
  const outbox = new MemoryOutbox();
  const sender = new ScriptedSender();
  const config = {
    citizen: {
      apiKeys: [{ id: 'dalat-app', key: KEY }],
      webhooks: [{ appId: 'dalat-app', url: 'http://127.0.0.1:1/h' }],
      webhookDeadlineMs: deadlineMs,
      webhookBackoffMaxMs: 300_000,
    },
  } as unknown as AppConfig;
  const worker = new WebhookDeliveryWorker(
    outbox as unknown as WebhookOutboxRepository,
    sender,
    new MetricsService(),
    config,
    clock,
    scheduler,
  );
  return { clock, scheduler, outbox, sender, worker };
}

describe('WebhookDeliveryWorker', () => {
  it('sends an app its notifications one at a time, in sequence order, signed with its key', async () => {
    const { outbox, sender, worker } = setup();
    for (const sequence of [1, 2, 3]) outbox.add(sequence, 0);
    worker.nudge('dalat-app');
    worker.nudge('dalat-app');
    await settle();
    expect(sender.sent.map((r) => r.sequence)).toEqual([1, 2, 3]);
    expect(sender.maxConcurrent).toBe(1);
    for (const request of sender.sent)
      expect(request.signature).toBe(
        `sha256=${createHmac('sha256', KEY).update(request.body).digest('hex')}`,
      );
    expect(outbox.rows.every((r) => r.deliveredAt !== null && r.attempts === 1)).toBe(true);
    expect(worker.hasWebhook('dalat-app')).toBe(true);
    expect(worker.hasWebhook('kiosk')).toBe(false);
  });

  it('backs off on a failure, holds the later ones, and resumes in order', async () => {
    const { clock, scheduler, outbox, sender, worker } = setup();
    outbox.add(1, 0);
    outbox.add(2, 0);
    sender.up = false;
    worker.nudge('dalat-app');
    await settle();
    expect(sender.sent.map((r) => r.sequence)).toEqual([1]);
    expect(outbox.rows[0]).toMatchObject({
      attempts: 1,
      nextAttemptAt: 1000,
      lastError: 'ECONNREFUSED',
    });
    expect(scheduler.timers.map((t) => t.ms)).toEqual([1000]);
    // A new notification does not jump the back-off.
    outbox.add(3, 0);
    worker.nudge('dalat-app');
    await settle();
    expect(sender.sent).toHaveLength(1);

    clock.set(1000);
    scheduler.fire();
    await settle();
    expect(outbox.rows[0]).toMatchObject({ attempts: 2, nextAttemptAt: 3000 });
    expect(scheduler.timers.map((t) => t.ms)).toEqual([2000]);

    sender.up = true;
    clock.set(3000);
    scheduler.fire();
    await settle();
    expect(sender.sent.map((r) => r.sequence)).toEqual([1, 1, 1, 2, 3]);
    expect(outbox.rows.every((r) => r.deliveredAt !== null)).toBe(true);
  });

  it('dead-letters a notification past the deadline and goes on with the next', async () => {
    const { clock, scheduler, outbox, sender, worker } = setup(HOUR);
    outbox.add(1, 0);
    sender.up = false;
    worker.nudge('dalat-app');
    await settle();
    outbox.add(2, HOUR);
    clock.set(HOUR);
    sender.up = true;
    // The webhook answers again, but the first notification is past the deadline: given up.
    sender.send = async (request) => {
      sender.sent.push(request);
      return request.sequence === 1 ? { ok: false, error: 'HTTP 500' } : { ok: true };
    };
    scheduler.fire();
    await settle();
    expect(outbox.rows[0]).toMatchObject({ deadAt: HOUR, attempts: 2, lastError: 'HTTP 500' });
    expect(outbox.rows[1]).toMatchObject({ deliveredAt: HOUR, attempts: 1 });
  });

  it('stops at shutdown and arms no timer after it', async () => {
    const { scheduler, outbox, sender, worker } = setup();
    outbox.add(1, 0);
    sender.up = false;
    worker.nudge('dalat-app');
    await settle();
    await worker.onApplicationShutdown();
    expect(scheduler.timers.every((t) => t.cancelled)).toBe(true);
    worker.nudge('dalat-app');
    await settle();
    expect(sender.sent).toHaveLength(1);
  });
});
