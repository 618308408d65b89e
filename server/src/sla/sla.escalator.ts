import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { DomainError } from '../common/domain-error';
import { APP_CONFIG, type AppConfig } from '../config/app.config';
import { IncidentWriteService } from '../incidents/incident-write.service';
import { RulesService } from '../rules/rules.service';
import { escalate, scaleLimits, type SlaLimits } from './sla.policy';
import { SlaRepository } from './sla.repository';

const TICK_MS = 1000;

/**
 * Once a second, escalates every incident still open past its SLA (limits from the rules,
 * times SLA_SCALE). Candidates come from the database, so nothing is lost over a restart;
 * the decision is re-checked on the live aggregate inside applyChange, so an incident
 * acknowledged a moment ago is left alone.
 */
@Injectable()
export class SlaEscalator implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('sla');
  private timer: NodeJS.Timeout | null = null;
  private running = false;
  private stopped = false;

  constructor(
    private readonly incidents: IncidentWriteService,
    private readonly rules: RulesService,
    private readonly repository: SlaRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    // Not awaited: HubStartup starts the write path in a bootstrap hook that may run later.
    void this.incidents.whenStarted().then(() => {
      if (this.stopped) return;
      this.timer = setInterval(() => void this.tick(), TICK_MS);
      this.timer.unref();
      void this.tick();
    });
  }

  limits(): SlaLimits {
    return scaleLimits(this.rules.current.rules.slaMs, this.config.sla.scale);
  }

  async tick(): Promise<void> {
    // Cluster mode: the leader alone escalates (docs/scale-out.md).
    if (this.running || !this.incidents.isLeading) return;
    this.running = true;
    try {
      const limits = this.limits();
      const due = await this.repository.overdue(limits, Date.now());
      const results = await Promise.allSettled(
        due.map((id) =>
          this.incidents.applyChange(id, (state) => escalate(state, limits, Date.now())),
        ),
      );
      for (const result of results) {
        if (result.status === 'fulfilled')
          this.logger.log(
            `escalated incident ${result.value.id} (${result.value.severity}, open past its SLA)`,
          );
        else if (!(result.reason instanceof DomainError))
          this.logger.warn(`escalation failed: ${String(result.reason)}`);
      }
    } catch (error) {
      this.logger.warn(`SLA check failed: ${String(error)}`);
    } finally {
      this.running = false;
    }
  }

  onApplicationShutdown(): void {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
  }
}
