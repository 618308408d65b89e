import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { SEVERITIES, type Incident, type NormalizedEvent } from '@ioc/shared';
import { HubEvents } from '../common/hub-events';
import { DomainError } from '../common/domain-error';
import { CLOCK, SCHEDULER, type Scheduler, type Timer } from '../common/scheduler';
import type { Clock } from '../correlation/clock';
import { DEFAULT_RULES, retentionMs } from '../correlation/correlation-rules';
import { Correlator } from '../correlation/correlator';
import { toIncident, type IncidentState } from '../correlation/incident-state';
import { AuditEntity } from '../database/entities';
import { MetricsService } from '../metrics/metrics.service';
import { RulesService } from '../rules/rules.service';
import { entityToState } from './incident.mapper';
import { BATCH_WINDOW_MIN_MS, batchWindowMs } from './batch-window';
import { eventRow, IncidentRepository } from './incident.repository';
import { RecentKeys } from './recent-keys';

/** A batch closes at this many events even before its window (batch-window.ts) ends. */
export const BATCH_MAX = 5000;
/** Above this many unwritten events, MQTT acks wait for the database (back-pressure). */
export const HIGH_WATER = 10_000;
/**
 * Event keys the duplicate filter remembers: 40 s at 5,000 events/s, over half an hour at
 * the few hundred a second of a city like Da Lat; about 25 MB. Older repeats are not stored
 * twice (the primary key), but are correlated again (docs/correlation.md).
 */
const DEDUPE_CAPACITY = 200_000;
const EVICT_EVERY_MS = 30_000;
const GAUGE_REFRESH_MS = 1000;
/** A failed batch is written again after this long. */
export const RETRY_MS = 1000;

export interface IncidentAuditInput {
  actor: string;
  action: string;
  fromStatus: IncidentState['status'] | null;
  toStatus: IncidentState['status'] | null;
  note: string | null;
}

export interface EventSubmission extends NormalizedEvent {
  zone: string | null;
  /** The distinct source for corroboration: the device id, or `citizen:<reporter>`. */
  source: string;
  receivedAt: number;
}

/**
 * The write path: accepted events are de-duplicated, correlated in memory, and written
 * with their incident changes in one transaction per batch; then every changed incident
 * gets the next hub-wide seq and is announced (HubEvents) to socket.io and MQTT. Time
 * comes from the injected Clock and Scheduler, so tests run it in virtual time.
 */
@Injectable()
export class IncidentWriteService implements OnApplicationShutdown {
  private readonly logger = new Logger('incidents');
  private readonly correlator: Correlator;
  private readonly seen = new RecentKeys(DEDUPE_CAPACITY);
  /** Rows of accepted events not yet written (incident.repository.ts `eventRow`). */
  private pendingEvents: unknown[][] = [];
  private pendingAudit: Partial<AuditEntity>[] = [];
  private dirty = new Map<string, IncidentState>();
  private lastSeq = 0;
  private timer: Timer | null = null;
  /** When the batch being collected received its first event (the window's start). */
  private batchOpenedAt = 0;
  /** A write is queued behind the one in progress; it will take everything pending. */
  private flushQueued = false;
  private evictTimer: Timer | null = null;
  private writing: Promise<void> = Promise.resolve();
  private drainWaiters: (() => void)[] = [];
  private dbHealthy = true;
  private gaugeRefreshedAt = -Infinity;
  private gaugeTimer: Timer | null = null;
  private markStarted!: () => void;
  private readonly startedSignal = new Promise<void>((resolve) => (this.markStarted = resolve));

  constructor(
    private readonly repository: IncidentRepository,
    private readonly events: HubEvents,
    private readonly metrics: MetricsService,
    private readonly rules: RulesService,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(SCHEDULER) private readonly scheduler: Scheduler,
  ) {
    this.correlator = new Correlator(clock, () => randomUUID(), DEFAULT_RULES);
    this.rules.rules$.subscribe((rules) => this.correlator.setRules(rules));
  }

  get databaseHealthy(): boolean {
    return this.dbHealthy;
  }

  get currentSeq(): number {
    return this.lastSeq;
  }

  async start(): Promise<void> {
    this.lastSeq = await this.repository.maxSeq();
    const rules = this.rules.current.rules;
    const longestRetention = Math.max(
      ...Object.keys(rules.categories).map((c) =>
        retentionMs(rules, c as IncidentState['category']),
      ),
    );
    const since = this.clock.now() - longestRetention;
    for (const row of await this.repository.loadForCorrelation(since))
      this.correlator.track(entityToState(row));
    for (const key of await this.repository.recentEventKeys(since, DEDUPE_CAPACITY))
      this.seen.add(key.deviceId, key.eventId);
    this.evictTimer = this.scheduler.every(EVICT_EVERY_MS, () => this.correlator.evictExpired());
    this.refreshOpenGauge();
    this.logger.log(
      `correlation resumed with ${this.correlator.trackedCount} incidents; last seq ${this.lastSeq}`,
    );
    this.markStarted();
  }

  /** Resolves once start() has loaded state; a change applied before that would race it. */
  whenStarted(): Promise<void> {
    return this.startedSignal;
  }

  /** Correlates one accepted event. Returns its incident's id, or null for a duplicate. */
  submitEvent(event: EventSubmission): string | null {
    if (!this.seen.add(event.deviceId, event.id)) {
      this.metrics.eventsDuplicate.inc();
      return null;
    }
    const outcome = this.correlator.ingest({
      type: event.type,
      ts: event.ts,
      location: event.location,
      source: event.source,
      zone: event.zone,
      severityHint: event.severity,
    });
    this.pendingEvents.push(eventRow(event, outcome.incident.id, outcome.reason));
    if (outcome.created) {
      this.pendingAudit.push({
        incidentId: outcome.incident.id,
        at: event.receivedAt,
        actor: 'hub',
        action: 'opened',
        fromStatus: null,
        toStatus: 'open',
        note: outcome.reason.text,
      });
    }
    this.dirty.set(outcome.incident.id, outcome.incident);
    this.metrics.eventsAccepted.inc();
    this.scheduleFlush();
    return outcome.incident.id;
  }

  /** A threshold condition cleared (hysteresis): the incident shows conditionCleared. */
  async markConditionCleared(incidentId: string, note: string): Promise<void> {
    await this.applyChange(incidentId, (state) => {
      if (state.conditionCleared) return [];
      state.conditionCleared = true;
      state.version += 1;
      return [
        {
          actor: 'hub',
          action: 'condition_cleared',
          fromStatus: state.status,
          toStatus: state.status,
          note,
        },
      ];
    });
  }

  /**
   * Applies a change to one incident (a transition, a note, an escalation…) as one atomic
   * step: `change` runs synchronously on the live aggregate, so a version check inside it
   * cannot race another request on this instance. The change is persisted with its audit
   * entries and announced before this resolves.
   */
  async applyChange(
    id: string,
    change: (state: IncidentState) => IncidentAuditInput[],
  ): Promise<Incident> {
    const state = await this.load(id);
    const audit = change(state);
    state.updatedAt = this.clock.now();
    this.correlator.reindex(state);
    for (const entry of audit)
      this.pendingAudit.push({ incidentId: id, at: state.updatedAt, ...entry });
    this.dirty.set(id, state);
    await this.flush();
    return toIncident(state);
  }

  /** The live aggregate of an incident: from correlation's memory, or from the database. */
  private async load(id: string): Promise<IncidentState> {
    const tracked = this.correlator.get(id);
    if (tracked) return tracked;
    const row = await this.repository.findById(id);
    if (!row) throw new DomainError('NOT_FOUND', `no incident ${id}`);
    // Another request may have loaded it while we awaited: use one object per incident.
    const again = this.correlator.get(id);
    if (again) return again;
    const state = entityToState(row);
    this.correlator.track(state);
    return state;
  }

  /** Nothing while the backlog is small; otherwise a promise of room (MQTT acks wait on it). */
  capacity(): Promise<void> | undefined {
    if (this.pendingEvents.length < HIGH_WATER) return undefined;
    return new Promise<void>((resolve) => this.drainWaiters.push(resolve));
  }

  private scheduleFlush(): void {
    if (this.pendingEvents.length >= BATCH_MAX) {
      void this.flush();
      return;
    }
    if (!this.timer) {
      this.batchOpenedAt = this.clock.now();
      this.timer = this.scheduler.after(BATCH_WINDOW_MIN_MS, () => this.windowElapsed());
    }
  }

  /** After the shortest window: write now, or wait longer if the batch fills fast (batch-window.ts). */
  private windowElapsed(): void {
    const elapsed = this.clock.now() - this.batchOpenedAt;
    const wanted = batchWindowMs(this.pendingEvents.length, elapsed);
    if (wanted - elapsed >= 1)
      this.timer = this.scheduler.after(wanted - elapsed, () => void this.flush());
    else void this.flush();
  }

  /** Writes everything pending now; resolves once it is committed and announced. */
  flush(): Promise<void> {
    if (this.timer) {
      this.timer.cancel();
      this.timer = null;
    }
    // One queued write is enough: it takes everything pending when it starts. Chaining one
    // per call would cost every event arriving during a write a promise and an empty turn.
    if (!this.flushQueued) {
      this.flushQueued = true;
      this.writing = this.writing
        .then(() => {
          this.flushQueued = false;
          return this.writeOnce();
        })
        // writeOnce keeps a failed batch for a retry; anything else must not stop later writes.
        .catch((error: unknown) => this.logger.error(`write batch failed: ${String(error)}`));
    }
    return this.writing;
  }

  private async writeOnce(): Promise<void> {
    if (this.pendingEvents.length === 0 && this.dirty.size === 0 && this.pendingAudit.length === 0)
      return;
    const events = this.pendingEvents;
    const audit = this.pendingAudit;
    const dirty = this.dirty;
    this.pendingEvents = [];
    this.pendingAudit = [];
    this.dirty = new Map();
    // Snapshots taken now: correlation may change the live objects while we write.
    const changed: Incident[] = [];
    for (const state of dirty.values()) {
      state.seq = ++this.lastSeq;
      changed.push(toIncident(state));
    }
    const stopTimer = this.metrics.batchSeconds.startTimer();
    try {
      await this.repository.writeBatch([...dirty.values()], events, audit);
      this.dbHealthy = true;
    } catch (error) {
      // Nothing is dropped: the batch goes back in front of what arrived meanwhile.
      this.dbHealthy = false;
      this.logger.error(
        `database write failed (${events.length} events); retrying: ${(error as Error).message}`,
      );
      this.pendingEvents = [...events, ...this.pendingEvents];
      this.pendingAudit = [...audit, ...this.pendingAudit];
      for (const [id, s] of dirty) if (!this.dirty.has(id)) this.dirty.set(id, s);
      this.timer ??= this.scheduler.after(RETRY_MS, () => void this.flush());
      return;
    } finally {
      stopTimer();
    }
    this.metrics.incidentChanges.inc(changed.length);
    for (const incident of changed) this.events.incidentChanged$.next(incident);
    this.metrics.pendingWrites.set(this.pendingEvents.length);
    if (this.pendingEvents.length < HIGH_WATER) {
      const waiters = this.drainWaiters;
      this.drainWaiters = [];
      for (const resolve of waiters) resolve();
    }
    this.refreshOpenGauge();
  }

  /**
   * At most once a second (the count is a query, and batches come every few milliseconds),
   * and once more after the last change, so the gauge never stays stale.
   */
  private refreshOpenGauge(): void {
    const wait = this.gaugeRefreshedAt + GAUGE_REFRESH_MS - this.clock.now();
    if (wait > 0) {
      this.gaugeTimer ??= this.scheduler.after(
        wait,
        () => {
          this.gaugeTimer = null;
          this.refreshOpenGauge();
        },
        { background: true },
      );
      return;
    }
    this.gaugeRefreshedAt = this.clock.now();
    void this.repository.countOpenBySeverity().then(
      (counts) => {
        for (const s of SEVERITIES) this.metrics.openIncidents.labels(s).set(counts[s] ?? 0);
      },
      () => undefined,
    );
  }

  async onApplicationShutdown(): Promise<void> {
    this.evictTimer?.cancel();
    this.gaugeTimer?.cancel();
    // The batch writer is closed by DatabaseModule, after this hook (it shuts down later).
    await this.flush();
  }
}
