import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { DomainError } from '../common/domain-error';
import { CLOCK, SCHEDULER, type Scheduler, type Timer } from '../common/scheduler';
import type { Clock } from '../correlation/clock';
import { IncidentWriteService } from '../incidents/incident-write.service';
import { RulesService } from '../rules/rules.service';
import { expire } from './expiry.policy';
import { ExpiryRepository } from './expiry.repository';

const TICK_MS = 5000;

/**
 * Every few seconds, resolves as `expired` what expiry.policy.ts says has ended. Candidates
 * come from the database (a restart forgets nothing); each is re-checked on the live
 * aggregate inside applyChange, the write path a person's resolve takes, so it gets its seq,
 * audit entry and live push like any transition, and an event that just joined keeps it.
 */
@Injectable()
export class ExpirySweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('expiry');
  private timer: Timer | null = null;
  private running = false;
  private stopped = false;

  constructor(
    private readonly incidents: IncidentWriteService,
    private readonly rules: RulesService,
    private readonly repository: ExpiryRepository,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(SCHEDULER) private readonly scheduler: Scheduler,
  ) {}

  onApplicationBootstrap(): void {
    void this.incidents.whenStarted().then(() => {
      if (this.stopped) return;
      this.timer = this.scheduler.every(TICK_MS, () => void this.sweep());
      void this.sweep();
    });
  }

  /** One pass; resolves with how many incidents expired. */
  async sweep(): Promise<number> {
    // Cluster mode: the leader alone expires (docs/scale-out.md).
    if (this.running || !this.incidents.isLeading) return 0;
    this.running = true;
    try {
      const rules = this.rules.current.rules;
      const due = await this.repository.candidates(rules, this.clock.now());
      const results = await Promise.allSettled(
        due.map((id) =>
          this.incidents.applyChange(id, (state) => expire(state, rules, this.clock.now())),
        ),
      );
      let expired = 0;
      for (const result of results) {
        if (result.status === 'fulfilled') expired += 1;
        else if (!(result.reason instanceof DomainError))
          this.logger.warn(`expiry failed: ${String(result.reason)}`);
      }
      if (expired > 0) this.logger.log(`${expired} quiet incidents resolved as expired`);
      return expired;
    } catch (error) {
      this.logger.warn(`expiry check failed: ${String(error)}`);
      return 0;
    } finally {
      this.running = false;
    }
  }

  onApplicationShutdown(): void {
    this.stopped = true;
    this.timer?.cancel();
  }
}
