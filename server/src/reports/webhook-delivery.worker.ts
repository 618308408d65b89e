import { Leadership } from '../cluster/leadership.service';
import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
  Optional,
} from '@nestjs/common';
import { CLOCK, SCHEDULER, type Scheduler, type Timer } from '../common/scheduler';
import { APP_CONFIG, type AppConfig } from '../config/app.config';
import type { Clock } from '../correlation/clock';
import { MetricsService } from '../metrics/metrics.service';
import { afterFailure } from './webhook-backoff';
import { WebhookOutboxRepository } from './webhook-outbox.repository';
import { signWebhookBody } from './webhook-signature';
import { WebhookSender } from './webhook.sender';

/** After an error of the outbox itself (the database away), look again this much later. */
const OUTBOX_ERROR_RETRY_MS = 5000;

interface App {
  id: string;
  url: string;
  key: string;
  running: boolean;
  /** A nudge came while running: look again when done. */
  again: boolean;
  timer: Timer | null;
}

/**
 * Delivers the outbox to each citizen app's webhook, one notification at a time per app and
 * in sequence order: N+1 is not sent before N is delivered or dead. A failure waits with
 * exponential back-off (webhook-backoff.ts); past the deadline the notification is
 * dead-lettered and the next one goes. Everything it needs is in the database, so a restart
 * resumes where it stopped (a notification sent but not yet marked may come twice: the
 * delivery id tells the app).
 */
@Injectable()
export class WebhookDeliveryWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('citizen-webhooks');
  private readonly apps = new Map<string, App>();
  private readonly policy: { deadlineMs: number; backoffMaxMs: number };
  private readonly abort = new AbortController();
  private readonly inFlight = new Set<Promise<void>>();
  private stopped = false;

  constructor(
    private readonly outbox: WebhookOutboxRepository,
    private readonly sender: WebhookSender,
    private readonly metrics: MetricsService,
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(SCHEDULER) private readonly scheduler: Scheduler,
    @Optional() private readonly leadership: Leadership | null = null,
  ) {
    const keys = new Map(config.citizen.apiKeys.map((k) => [k.id, k.key]));
    for (const hook of config.citizen.webhooks) {
      const key = keys.get(hook.appId);
      if (key === undefined) continue;
      this.apps.set(hook.appId, {
        id: hook.appId,
        url: hook.url,
        key,
        running: false,
        again: false,
        timer: null,
      });
    }
    this.policy = {
      deadlineMs: config.citizen.webhookDeadlineMs,
      backoffMaxMs: config.citizen.webhookBackoffMaxMs,
    };
  }

  /** Whether the app has a webhook (only then are notifications written for it). */
  hasWebhook(appId: string): boolean {
    return this.apps.has(appId);
  }

  onApplicationBootstrap(): void {
    // What the last run left in the outbox goes first; in cluster mode, from the leader
    // alone, once it leads (docs/scale-out.md).
    if (!this.leadership) for (const appId of this.apps.keys()) this.nudge(appId);
    this.leadership?.changes.subscribe((leading) => {
      if (leading) for (const appId of this.apps.keys()) this.nudge(appId);
    });
  }

  /** New notifications were committed for the app. A back-off in progress is kept. */
  nudge(appId: string): void {
    const app = this.apps.get(appId);
    if (!app || this.stopped || app.timer || this.leadership?.isLeader === false) return;
    if (app.running) {
      app.again = true;
      return;
    }
    const run = this.deliver(app).finally(() => this.inFlight.delete(run));
    this.inFlight.add(run);
  }

  private async deliver(app: App): Promise<void> {
    app.running = true;
    app.again = false;
    try {
      while (!this.stopped) {
        const head = await this.outbox.head(app.id);
        if (!head) break;
        const now = this.clock.now();
        if (head.nextAttemptAt > now) {
          this.wake(app, head.nextAttemptAt - now);
          break;
        }
        const outcome = await this.sender.send(
          {
            url: app.url,
            body: head.body,
            signature: signWebhookBody(head.body, app.key),
            deliveryId: head.deliveryId,
            sequence: head.sequence,
          },
          this.abort.signal,
        );
        if (this.stopped) break;
        const attempts = head.attempts + 1;
        const at = this.clock.now();
        if (outcome.ok) {
          await this.outbox.delivered(head.id, at, attempts);
          this.metrics.citizenWebhooks.labels('delivered').inc();
          continue;
        }
        const next = afterFailure({ createdAt: head.createdAt, attempts }, at, this.policy);
        if (next.kind === 'dead') {
          await this.outbox.dead(head.id, at, attempts, outcome.error);
          this.metrics.citizenWebhooks.labels('dead').inc();
          this.logger.warn(
            `dead-lettered notification ${head.deliveryId} to ${app.id} after ${attempts} attempts: ${outcome.error}`,
          );
          continue;
        }
        await this.outbox.failed(head.id, attempts, next.at, outcome.error);
        this.metrics.citizenWebhooks.labels('failed').inc();
        this.wake(app, next.at - at);
        break;
      }
    } catch (error) {
      this.logger.warn(
        `outbox of ${app.id}: ${error instanceof Error ? error.message : String(error)}`,
      );
      this.wake(app, OUTBOX_ERROR_RETRY_MS);
    } finally {
      app.running = false;
      if (app.again && !app.timer) this.nudge(app.id);
    }
  }

  private wake(app: App, ms: number): void {
    if (this.stopped) return;
    app.timer?.cancel();
    app.timer = this.scheduler.after(
      Math.max(0, ms),
      () => {
        app.timer = null;
        this.nudge(app.id);
      },
      { background: true },
    );
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    for (const app of this.apps.values()) app.timer?.cancel();
    this.abort.abort();
    await Promise.allSettled([...this.inFlight]);
  }
}
