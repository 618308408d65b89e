import {
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import type { Subscription } from 'rxjs';
import type {
  EventType,
  FalseAlarmStats,
  RuleAuditEntry,
  RuleOverride,
  RuleOverrides,
} from '@ioc/shared';
import { DomainError } from '../common/domain-error';
import { HubEvents } from '../common/hub-events';
import type { RuleAuditEntity, TriageOverrideEntity } from '../database/entities';
import { IncidentWriteService } from '../incidents/incident-write.service';
import { RulesService } from '../rules/rules.service';
import { barsToRaise, period, type LearningCounts } from './learning.policy';
import { OverrideBook } from './override-book';
import { TriageRepository } from './triage.repository';

const DAY_MS = 86_400_000;
/** The learning pass also runs on a timer, so a limit lowered in the rules file applies. */
const PASS_EVERY_MS = 60_000;

/**
 * Learning from false alarms (docs/correlation.md "Triage"): after each dismissal and once a
 * minute, raises the bar of a device and type whose false-alarm share passed the rules'
 * limit; an admin undoes a raise. The bars in force gate the write path (OverrideBook).
 */
@Injectable()
export class LearningService
  implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown
{
  private readonly logger = new Logger('learning');
  private readonly book = new OverrideBook();
  /** Every override row, by key; an undone one stays to remember `undoneAt`. */
  private rows = new Map<string, TriageOverrideEntity>();
  private timer: NodeJS.Timeout | null = null;
  private subscription: Subscription | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;

  constructor(
    private readonly repository: TriageRepository,
    private readonly incidents: IncidentWriteService,
    private readonly rules: RulesService,
    private readonly events: HubEvents,
  ) {
    incidents.setEventGate(this.book.gate);
  }

  /** Before MQTT opens: the raised bars gate the first event already. */
  async onModuleInit(): Promise<void> {
    for (const row of await this.repository.overrides()) this.remember(row);
  }

  onApplicationBootstrap(): void {
    void this.incidents.whenStarted().then(() => {
      if (this.stopped) return;
      this.subscription = this.events.incidentChanged$.subscribe((incident) => {
        if (incident.resolution === 'false_alarm') this.schedule();
      });
      this.timer = setInterval(() => this.schedule(), PASS_EVERY_MS);
      this.timer.unref();
      this.schedule();
    });
  }

  onApplicationShutdown(): void {
    this.stopped = true;
    this.subscription?.unsubscribe();
    if (this.timer) clearInterval(this.timer);
  }

  /** One pass at a time; a request during a pass runs one more after it. */
  private schedule(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.pass()
      .catch((error: unknown) => this.logger.warn(`learning pass failed: ${String(error)}`))
      .finally(() => {
        this.running = null;
        if (this.again) {
          this.again = false;
          this.schedule();
        }
      });
  }

  async pass(now = Date.now()): Promise<void> {
    const { learning } = this.rules.current.rules;
    const since = now - learning.days * DAY_MS;
    const counts: LearningCounts[] = [];
    for (const row of await this.repository.falseAlarmCounts(since, since)) {
      const undoneAt = this.rows.get(key(row.deviceId, row.type))?.undoneAt ?? null;
      if (undoneAt !== null && undoneAt > since) {
        // Undone by an admin: only what came after the undo counts again.
        const [after] = await this.repository.falseAlarmCounts(undoneAt, undoneAt, row);
        if (after) counts.push({ ...after, deviceId: row.deviceId, type: row.type });
      } else counts.push(row);
    }
    const raises = barsToRaise(
      counts,
      this.rules.current.rules,
      (d, t) => this.book.bar(d, t) !== null,
    );
    for (const raise of raises) {
      const row: TriageOverrideEntity = {
        deviceId: raise.deviceId,
        type: raise.type,
        minConfidence: raise.minConfidence,
        baseConfidence: raise.baseConfidence,
        raisedAt: now,
        raisedBy: 'hub',
        reason: raise.reason,
        undoneAt: null,
      };
      await this.repository.saveWithAudit(row, {
        at: now,
        actor: 'hub',
        action: 'raised',
        deviceId: raise.deviceId,
        type: raise.type,
        fromConfidence: raise.baseConfidence,
        toConfidence: raise.minConfidence,
        note: raise.reason,
      });
      this.remember(row);
      this.logger.log(
        `raised the ${raise.type} bar of ${raise.deviceId} to ${raise.minConfidence}: ${raise.reason}`,
      );
    }
  }

  /** Waits for the pass in progress (tests and the undo route read a settled state). */
  async settled(): Promise<void> {
    while (this.running) await this.running;
  }

  async undo(deviceId: string, type: EventType, actor: string): Promise<void> {
    const row = this.rows.get(key(deviceId, type));
    if (!row || row.minConfidence === null)
      throw new DomainError('NOT_FOUND', `no raised ${type} bar for device ${deviceId}`);
    await this.settled();
    const now = Date.now();
    const undone: TriageOverrideEntity = { ...row, minConfidence: null, undoneAt: now };
    await this.repository.saveWithAudit(undone, {
      at: now,
      actor,
      action: 'undone',
      deviceId,
      type,
      fromConfidence: row.minConfidence,
      toConfidence: row.baseConfidence,
      note: `undone by ${actor}: the ${type} bar of ${deviceId} is back to the category's`,
    });
    this.remember(undone);
    this.logger.log(`${actor} undid the raised ${type} bar of ${deviceId}`);
  }

  async overrides(): Promise<RuleOverrides> {
    const items: RuleOverride[] = [];
    for (const row of this.rows.values())
      if (row.minConfidence !== null)
        items.push({
          deviceId: row.deviceId,
          type: row.type,
          minConfidence: row.minConfidence,
          baseConfidence: row.baseConfidence,
          raisedAt: new Date(row.raisedAt).toISOString(),
          raisedBy: row.raisedBy,
          reason: row.reason,
        });
    items.sort((a, b) => b.raisedAt.localeCompare(a.raisedAt));
    return { items, audit: (await this.repository.audit()).map(auditJson) };
  }

  async falseAlarms(now = Date.now()): Promise<FalseAlarmStats> {
    const { learning } = this.rules.current.rules;
    const rows = await this.repository.falseAlarmCounts(now - 30 * DAY_MS, now - 7 * DAY_MS);
    return {
      at: new Date(now).toISOString(),
      limit: {
        share: learning.share,
        minIncidents: learning.minIncidents,
        days: learning.days,
        raiseBy: learning.raiseBy,
      },
      rows: rows
        .map((r) => ({
          deviceId: r.deviceId,
          type: r.type,
          last7Days: period(r.incidentsRecent, r.falseAlarmsRecent),
          last30Days: period(r.incidents, r.falseAlarms),
          raisedMinConfidence: this.book.bar(r.deviceId, r.type),
        }))
        .sort(
          (a, b) =>
            b.last7Days.share - a.last7Days.share ||
            b.last30Days.share - a.last30Days.share ||
            b.last30Days.incidents - a.last30Days.incidents,
        ),
    };
  }

  private remember(row: TriageOverrideEntity): void {
    this.rows.set(key(row.deviceId, row.type), row);
    if (row.minConfidence === null) this.book.delete(row.deviceId, row.type);
    else this.book.set(row.deviceId, row.type, row.minConfidence);
  }
}

const key = (deviceId: string, type: string): string => `${deviceId}\u0000${type}`;

function auditJson(a: RuleAuditEntity): RuleAuditEntry {
  return {
    at: new Date(a.at).toISOString(),
    actor: a.actor,
    action: a.action,
    deviceId: a.deviceId,
    type: a.type,
    fromConfidence: a.fromConfidence,
    toConfidence: a.toConfidence,
    note: a.note,
  };
}
