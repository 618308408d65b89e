import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import {
  SEVERITIES,
  severityRank,
  type AuditCode,
  type AuditParams,
  type CorrelationReason,
  type Incident,
  type NormalizedEvent,
  type Severity,
} from '@ioc/shared';
import { HubEvents } from '../common/hub-events';
import { DomainError } from '../common/domain-error';
import { CLOCK, SCHEDULER, type Scheduler, type Timer } from '../common/scheduler';
import type { Clock } from '../correlation/clock';
import { DEFAULT_RULES, retentionMs } from '../correlation/correlation-rules';
import { Correlator } from '../correlation/correlator';
import { toIncident, type IncidentState } from '../correlation/incident-state';
import { isVersionConflict } from '../database/batch-writer';
import type { AuditEntity, EventEntity } from '../database/entities';
import {
  GroupCommit,
  type CommitContributor,
  type Contribution,
  type Done,
} from '../database/group-commit';
import { MetricsService } from '../metrics/metrics.service';
import { RulesService } from '../rules/rules.service';
import { entityToState } from './incident.mapper';
import { BATCH_WINDOW_MIN_MS, batchWindowMs } from './batch-window';
import { eventRow, IncidentRepository, linkRow } from './incident.repository';
import { RecentKeys } from './recent-keys';
import { adoptStoredLifecycle } from './stored-lifecycle';

/**
 * Event keys the duplicate filter remembers: 40 s at 5,000 events/s, over half an hour at
 * the few hundred a second of a city like Da Lat; about 25 MB. Older repeats are caught by
 * the primary key when their raw row is written (the writer reports them skipped).
 */
const DEDUPE_CAPACITY = 200_000;
const EVICT_EVERY_MS = 30_000;
const GAUGE_REFRESH_MS = 1000;
/** Cluster leader: how often stored events of every instance are looked for, and how many at once. */
const POLL_EVERY_MS = 50;
const POLL_LIMIT = 5000;

const UNAVAILABLE = 'the database did not store the change; nothing was changed (try again)';

export interface IncidentAuditInput {
  actor: string;
  action: string;
  fromStatus: IncidentState['status'] | null;
  toStatus: IncidentState['status'] | null;
  /** English text for API readers; with `code`, the console renders the code instead. */
  note: string | null;
  code?: AuditCode | null;
  params?: AuditParams | null;
}

export interface EventSubmission extends NormalizedEvent {
  zone: string | null;
  /** The distinct source for corroboration: the device id, or `citizen:<reporter>`. */
  source: string;
  receivedAt: number;
}

export interface SubmitOptions {
  /** After the commit that holds the raw events (or their refusals): the PUBACK. */
  done?: Done;
  /** Each event's incident, once correlated (after its raw row is stored). */
  onCorrelated?: (event: EventSubmission, incidentId: string) => void;
  /** The database refused this event's row; the handler records it, then calls `done`. */
  onRefused?: (event: EventSubmission, error: Error, done: Done) => void;
  /** A failed commit fails `done` at once instead of holding it (an HTTP request waits). */
  failFast?: boolean;
}

/**
 * Decides, before an event is stored, that it is to open nothing (learning from false
 * alarms: under its device's raised bar): returns the reason counted in
 * `ioc_events_suppressed_total`, or null. Synchronous: an in-memory lookup.
 */
export type EventGate = (event: EventSubmission) => string | null;

/**
 * Rows derived from incidents as they are written, stored in the same transaction (the
 * citizen-report outbox): called once per commit with the incidents it writes, and their
 * snapshots (toIncident, taken once per change: `snapshots[i]` is `states[i]`'s).
 */
export interface IncidentCommitCompanion {
  rowsFor(states: readonly IncidentState[], snapshots: readonly Incident[]): Contribution | null;
}

/** An HTTP change or a report waiting for the commit of its incident. */
interface Waiter {
  committed(): void;
  failed(error: Error): void;
}

/** An incident changed since it was last written: what its next write carries. */
interface DirtyIncident {
  state: IncidentState;
  /** Its events' links (linkRow, the eventLinks update), written with its row. */
  links: unknown[][];
  /** Sources new to it (sourceRow), written with its row. */
  sourceRows: unknown[][];
  audit: Partial<AuditEntity>[];
  /** Written in the very next commit (new, severity raised, a request waits), not coalesced. */
  urgent: boolean;
  waiters: Waiter[];
  /** HTTP changes: undone if their commit fails (the audit they added goes with them). */
  reverts: (() => void)[];
  requestAudit: Partial<AuditEntity>[];
}

const NO_OP: Done = () => undefined;

/**
 * The write path, write-ahead then correlate (docs/architecture.md). An accepted event is
 * stored raw (no incident yet) in the next group commit; its `done` (the PUBACK) runs after
 * that commit. Then it is correlated in memory, and the commit after that holds its link,
 * its incident's row (with the next hub-wide seq) and audit, all in one transaction; the
 * incident is announced (HubEvents) once that is committed. New incidents and severity
 * raises go into the very next commit; further updates to an incident are coalesced over
 * the window of batch-window.ts. At start-up, stored events with no incident are replayed
 * through correlation before MQTT starts. Time comes from the injected Clock and
 * Scheduler, so tests run it in virtual time.
 */
@Injectable()
export class IncidentWriteService implements CommitContributor, OnApplicationShutdown {
  private readonly logger = new Logger('incidents');
  private readonly correlator: Correlator;
  private readonly seen = new RecentKeys(DEDUPE_CAPACITY);
  private dirty = new Map<string, DirtyIncident>();
  /** The severity each incident had when it was last written (a raise is urgent). */
  private readonly writtenSeverity = new WeakMap<IncidentState, Severity>();
  /** The version each incident's stored row has (its compare-and-set's expected value). */
  private readonly writtenVersion = new WeakMap<IncidentState, number>();
  /** Incidents whose stored lifecycle is being read back after a conflict: not taken. */
  private readonly reloading = new Map<string, Promise<void>>();
  private lastSeq = 0;
  /** The coalescing window for updates that are not urgent (batch-window.ts). */
  private window: Timer | null = null;
  private windowOpenedAt = 0;
  private linksInWindow = 0;
  private takeAll = false;
  private closing = false;
  private evictTimer: Timer | null = null;
  private gaugeRefreshedAt = -Infinity;
  private gaugeTimer: Timer | null = null;
  private markStarted!: () => void;
  private readonly startedSignal = new Promise<void>((resolve) => (this.markStarted = resolve));
  private readonly companions: IncidentCommitCompanion[] = [];
  private gate: EventGate = () => null;
  /** Cluster mode (docs/scale-out.md): events are stored here, correlated by the leader. */
  private clustered = false;
  private leading = false;
  /** Cluster leader: events correlated whose link is not committed yet (never twice). */
  private readonly inFlight = new Set<string>();
  /** Links committed while a poll's query was out: its rows may show them unlinked. */
  private linkedDuringPoll: Set<string> | null = null;
  private polling = false;
  private pollTimer: Timer | null = null;

  constructor(
    private readonly repository: IncidentRepository,
    private readonly group: GroupCommit,
    private readonly events: HubEvents,
    private readonly metrics: MetricsService,
    private readonly rules: RulesService,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(SCHEDULER) private readonly scheduler: Scheduler,
  ) {
    this.correlator = new Correlator(clock, () => randomUUID(), DEFAULT_RULES);
    this.rules.rules$.subscribe((rules) => this.correlator.setRules(rules));
    group.addContributor(this);
  }

  addCompanion(companion: IncidentCommitCompanion): void {
    this.companions.push(companion);
  }

  /** The triage module's raised bars (set once at start; the default lets everything in). */
  setEventGate(gate: EventGate): void {
    this.gate = gate;
  }

  /** False while commits fail (the database is away); a refused row does not count. */
  get databaseHealthy(): boolean {
    return this.group.healthy;
  }

  get currentSeq(): number {
    return this.lastSeq;
  }

  /**
   * Cluster mode: events are stored and acknowledged here, and correlated by whichever
   * instance leads (lead()); call before start().
   */
  joinCluster(): void {
    this.clustered = true;
  }

  /** Whether this instance correlates and writes incidents (always, when it runs alone). */
  get isLeading(): boolean {
    return !this.clustered || this.leading;
  }

  /** A stand-by learns the hub-wide seq from the leader's announcements (stats). */
  observeSeq(seq: number): void {
    if (!this.leading && seq > this.lastSeq) this.lastSeq = seq;
  }

  async start(): Promise<void> {
    this.lastSeq = await this.repository.maxSeq();
    if (this.clustered) {
      this.markStarted();
      return;
    }
    await this.loadState();
    // Stored before a crash, never written with an incident: correlated now, in arrival
    // order, and written before the first message is taken.
    const unlinked = await this.repository.unlinkedEvents();
    for (const row of unlinked) this.correlate(submissionOf(row));
    if (unlinked.length > 0) {
      await this.flush();
      this.logger.log(`replayed ${unlinked.length} stored events that had no incident yet`);
    }
    this.resumed();
  }

  /**
   * Cluster mode, once this instance holds the lead: the state start() loads alone, then
   * every stored event with no incident, from any instance, correlated in arrival order.
   */
  async lead(): Promise<void> {
    await this.whenStarted();
    this.lastSeq = await this.repository.maxSeq();
    await this.loadState();
    this.leading = true;
    await this.pollStored();
    this.pollTimer = this.scheduler.every(POLL_EVERY_MS, () => void this.pollStored());
    this.resumed();
  }

  private async pollStored(): Promise<void> {
    if (this.polling || this.closing) return;
    this.polling = true;
    const linked = new Set<string>();
    this.linkedDuringPoll = linked;
    try {
      const rows = await this.repository.unlinkedEvents(POLL_LIMIT);
      for (const row of rows) {
        const key = eventKey(row.deviceId, row.eventId);
        if (linked.has(key) || !this.claim(key)) continue;
        this.correlate(submissionOf(row));
      }
    } catch (error) {
      this.logger.warn(`could not read stored events to correlate: ${String(error)}`);
    } finally {
      this.linkedDuringPoll = null;
      this.polling = false;
    }
  }

  /** Cluster leader: true once per event until its link is committed. */
  private claim(key: string): boolean {
    if (this.inFlight.has(key)) return false;
    this.inFlight.add(key);
    return true;
  }

  private async loadState(): Promise<void> {
    const rules = this.rules.current.rules;
    const longestRetention = Math.max(
      ...Object.keys(rules.categories).map((c) =>
        retentionMs(rules, c as IncidentState['category']),
      ),
    );
    const since = this.clock.now() - longestRetention;
    const loaded = (await this.repository.loadForCorrelation(since)).map(entityToState);
    await this.completeSources(loaded);
    for (const state of loaded) {
      this.correlator.track(state);
      this.writtenSeverity.set(state, state.severity);
      this.writtenVersion.set(state, state.version);
    }
    // Cluster mode: each instance filters what it receives, the primary key the rest; a
    // new leader skips this read, which a takeover would wait for.
    if (!this.clustered)
      for (const key of await this.repository.recentEventKeys(since, DEDUPE_CAPACITY))
        this.seen.add(key.deviceId, key.eventId);
  }

  private resumed(): void {
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

  /**
   * Takes accepted events: each new key is stored raw in the next commit, then correlated.
   * A repeated key is counted as a duplicate and changes nothing; its `done` still waits for
   * the next commit, since the first copy may be in it. No promise per event.
   */
  submitEvents(events: readonly EventSubmission[], options: SubmitOptions = {}): void {
    const done = options.done ?? NO_OP;
    const fresh: EventSubmission[] = [];
    const suppressed: (string | null)[] = [];
    const rows: unknown[][] = [];
    for (const event of events) {
      if (!this.seen.add(event.deviceId, event.id)) {
        this.metrics.eventsDuplicate.inc();
        continue;
      }
      fresh.push(event);
      const why = this.gate(event);
      suppressed.push(why);
      // Until its incident is written, `reason` keeps what replay needs to correlate it;
      // a suppressed event keeps why, and replay leaves it alone.
      rows.push(
        eventRow(
          event,
          null,
          why === null
            ? { zone: event.zone, source: event.source }
            : { zone: event.zone, source: event.source, suppressed: why },
        ),
      );
    }
    this.group.enqueue({
      statement: 'events',
      rows,
      failFast: options.failFast,
      committed: (skipped) => {
        for (let i = 0; i < fresh.length; i++) {
          const event = fresh[i]!;
          // Stored already (a key older than the filter remembers): a duplicate.
          if (skipped?.includes(i)) {
            this.metrics.eventsDuplicate.inc();
            continue;
          }
          const why = suppressed[i];
          if (why) {
            this.metrics.eventsSuppressed.labels(why).inc();
            continue;
          }
          // Cluster mode: a stand-by only stores; the leader may have taken it from a poll.
          if (this.clustered && !(this.leading && this.claim(eventKey(event.deviceId, event.id))))
            continue;
          const incidentId = this.correlate(event);
          options.onCorrelated?.(event, incidentId);
        }
      },
      refused: (error) => this.refused(fresh, error, done, options),
      done,
    });
  }

  /** One event with no acknowledgement to give (derived events: offline, thresholds). */
  submitEvent(event: EventSubmission, onCorrelated?: (incidentId: string) => void): void {
    this.submitEvents([event], {
      onCorrelated: onCorrelated && ((_, incidentId) => onCorrelated(incidentId)),
    });
  }

  /**
   * A citizen report: resolves with its incident once the event is stored and the incident
   * written and announced; rejects (503) if the database did not store the event.
   * `onCorrelated` runs once its incident is known, before that incident's write is taken.
   */
  report(
    event: EventSubmission,
    onCorrelated?: (incidentId: string) => void,
  ): Promise<string | null> {
    return new Promise((resolve, reject) => {
      let incidentId: string | null = null;
      this.submitEvents([event], {
        failFast: true,
        onCorrelated: (_, id) => {
          incidentId = id;
          onCorrelated?.(id);
          // The event is stored: a failed incident write is retried, and the report stands.
          const settle = (): void => resolve(id);
          this.entry(this.correlator.get(id)!).waiters.push({ committed: settle, failed: settle });
          this.makeUrgent();
        },
        done: (error) => {
          if (error) reject(new DomainError('UNAVAILABLE', UNAVAILABLE));
          // A duplicate: nothing was correlated.
          else if (incidentId === null) resolve(null);
        },
      });
    });
  }

  /** A row the database refused: alone, it is the caller's to record; in a group, split. */
  private refused(
    events: EventSubmission[],
    error: Error,
    done: Done,
    options: SubmitOptions,
  ): void {
    if (events.length > 1) {
      let left = events.length;
      let failure: Error | undefined;
      const one: Done = (e) => {
        failure ??= e;
        if (--left === 0) done(failure);
      };
      // Forget the keys so the single retries are not taken for duplicates.
      for (const event of events) this.seen.forget(event.deviceId, event.id);
      for (const event of events) this.submitEvents([event], { ...options, done: one });
      return;
    }
    const event = events[0];
    if (event && options.onRefused) options.onRefused(event, error, done);
    else done(error);
  }

  /** Runs correlation on a stored event; its link and incident go into a later commit. */
  private correlate(event: EventSubmission): string {
    const outcome = this.correlator.ingest({
      type: event.type,
      ts: event.ts,
      location: event.location,
      source: event.source,
      zone: event.zone,
      severityHint: event.severity,
      ray: event.ray ?? null,
      confidence: event.confidence ?? null,
      detection: event.sourceKind === 'device',
    });
    const state = outcome.incident;
    const entry = this.entry(state);
    entry.links.push(linkRow(event, state.id, outcome.reason));
    if (outcome.newSource)
      entry.sourceRows.push(
        this.repository.sourceRow(state.id, event.source, state.sourceCount - 1),
      );
    if (outcome.created) {
      entry.audit.push({
        incidentId: state.id,
        at: event.receivedAt,
        actor: 'hub',
        action: 'opened',
        fromStatus: null,
        toStatus: 'open',
        note: outcome.reason.text,
        ...openedCode(outcome.reason, state.relatedIncidentId),
      });
      if (state.status === 'unverified') {
        const minConfidence = this.rules.current.rules.triageMinConfidence[state.category] ?? null;
        entry.audit.push({
          incidentId: state.id,
          at: event.receivedAt,
          actor: 'hub',
          action: 'held_for_triage',
          fromStatus: null,
          toStatus: 'unverified',
          note: `unverified: confidence ${String(event.confidence)} under the ${String(minConfidence)} bar of ${state.category}`,
          code: 'triage.unverified',
          params: { confidence: event.confidence ?? null, minConfidence },
        });
      }
    }
    if (outcome.confirmed) {
      entry.audit.push({
        incidentId: state.id,
        at: event.receivedAt,
        actor: 'hub',
        action: 'confirmed',
        fromStatus: 'unverified',
        toStatus: 'open',
        note: `confirmed by ${outcome.confirmed}`,
        code: 'triage.confirmed',
        params: { by: outcome.confirmed, deviceId: event.deviceId },
      });
    }
    this.metrics.eventsAccepted.inc();
    const written = this.writtenSeverity.get(state);
    if (
      written === undefined ||
      outcome.confirmed !== null ||
      severityRank(state.severity) > severityRank(written)
    ) {
      entry.urgent = true;
      this.makeUrgent();
    } else {
      this.linksInWindow += 1;
      this.openWindow();
    }
    return state.id;
  }

  private entry(state: IncidentState): DirtyIncident {
    let entry = this.dirty.get(state.id);
    if (!entry) {
      entry = {
        state,
        links: [],
        sourceRows: [],
        audit: [],
        urgent: false,
        waiters: [],
        reverts: [],
        requestAudit: [],
      };
      this.dirty.set(state.id, entry);
    }
    return entry;
  }

  private makeUrgent(): void {
    this.group.request();
  }

  /** Coalesced updates are written when the window ends (batch-window.ts). */
  private openWindow(): void {
    if (this.window) return;
    this.windowOpenedAt = this.clock.now();
    this.window = this.scheduler.after(BATCH_WINDOW_MIN_MS, () => this.windowElapsed());
  }

  private windowElapsed(): void {
    const elapsed = this.clock.now() - this.windowOpenedAt;
    const wanted = batchWindowMs(this.linksInWindow, elapsed);
    if (wanted - elapsed >= 1) {
      this.window = this.scheduler.after(wanted - elapsed, () => this.windowElapsed());
      return;
    }
    this.window = null;
    this.linksInWindow = 0;
    this.takeAll = true;
    this.group.request();
  }

  /** A threshold condition cleared (hysteresis): the incident shows conditionCleared. */
  async markConditionCleared(
    incidentId: string,
    note: string,
    params: AuditParams | null = null,
  ): Promise<void> {
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
          code: 'threshold.cleared',
          params,
        },
      ];
    });
  }

  /**
   * Applies a change to one incident (a transition, a note, an escalation…) as one atomic
   * step: `change` runs synchronously on the live aggregate, so a version check inside it
   * cannot race another request on this instance. Resolves once the change and its audit
   * are committed and announced; if that commit fails, the change is undone in memory and
   * this rejects with UNAVAILABLE (503): nothing of it is stored or shown.
   */
  async applyChange(
    id: string,
    change: (state: IncidentState) => IncidentAuditInput[],
  ): Promise<Incident> {
    if (this.closing) throw new DomainError('UNAVAILABLE', 'the hub is shutting down');
    if (!this.isLeading)
      throw new DomainError(
        'UNAVAILABLE',
        'no instance leads the cluster right now (a failover takes a few seconds): try again',
      );
    let state = await this.load(id);
    // After a conflict, changes wait for the stored state rather than act on a stale one
    // (checked with no await before `change`, so a reload cannot start in between).
    for (let reload = this.reloading.get(id); reload; reload = this.reloading.get(id)) {
      await reload;
      state = await this.load(id);
    }
    const before = { ...state };
    const audit = change(state);
    state.updatedAt = this.clock.now();
    this.correlator.reindex(state);
    const after = { ...state };
    const entry = this.entry(state);
    for (const item of audit)
      entry.requestAudit.push({ incidentId: id, at: state.updatedAt, ...item });
    entry.reverts.push(() => {
      // Only what this change set and nothing changed since: correlation keeps its part.
      const live = state as unknown as Record<string, unknown>;
      const was = before as unknown as Record<string, unknown>;
      const now = after as unknown as Record<string, unknown>;
      for (const key of Object.keys(now))
        if (now[key] !== was[key] && live[key] === now[key]) live[key] = was[key];
      this.correlator.reindex(state);
    });
    entry.urgent = true;
    await new Promise<void>((resolve, reject) => {
      entry.waiters.push({
        committed: resolve,
        // A conflict is answered once the stored state is back in memory (its details).
        failed: (error) =>
          reject(
            isVersionConflict(error)
              ? new DomainError(
                  'VERSION_CONFLICT',
                  `incident ${id} was changed elsewhere: it is at version ${state.version}`,
                  toIncident(state),
                )
              : new DomainError('UNAVAILABLE', UNAVAILABLE),
          ),
      });
      this.makeUrgent();
    });
    return toIncident(state);
  }

  /** The live aggregate of an incident: from correlation's memory, or from the database. */
  private async load(id: string): Promise<IncidentState> {
    const tracked = this.correlator.get(id);
    if (tracked) return tracked;
    const row = await this.repository.findById(id);
    if (!row) {
      // Federation: a district's incident is worked at its district hub (docs/federation.md).
      if (await this.repository.isDistrictIncident(id))
        throw new DomainError(
          'FORBIDDEN',
          `incident ${id} belongs to a district hub and is read-only here; act on it at its district`,
        );
      throw new DomainError('NOT_FOUND', `no incident ${id}`);
    }
    // Another request may have loaded it while we awaited: use one object per incident.
    const again = this.correlator.get(id);
    if (again) return again;
    const state = entityToState(row);
    await this.completeSources([state]);
    const raced = this.correlator.get(id);
    if (raced) return raced;
    this.correlator.track(state);
    this.writtenSeverity.set(state, state.severity);
    this.writtenVersion.set(state, state.version);
    return state;
  }

  /**
   * Incidents whose listed sources were cut (SOURCES_LISTED) learn every source from
   * incident_sources, so a returning source is not counted twice.
   */
  private async completeSources(states: IncidentState[]): Promise<void> {
    const cut = states.filter((s) => s.sourceCount > s.sources.length);
    if (cut.length === 0) return;
    const stored = await this.repository.sourcesOf(cut.map((s) => s.id));
    for (const state of cut)
      for (const source of stored.get(state.id) ?? []) state.knownSources.add(source);
  }

  /**
   * The incidents this commit writes (GroupCommit calls it at each cycle): the urgent ones,
   * or all when the coalescing window ended. Rows are snapshots taken now, each with the
   * next seq; they are announced once committed. An urgent change does not wait for the
   * window's flush, which can be hundreds of incidents: when both are due, the urgent go
   * alone and the flush follows in the next commit.
   */
  take(final: boolean): Contribution | null {
    let all = final || this.takeAll;
    const urgent: DirtyIncident[] = [];
    const coalesced: DirtyIncident[] = [];
    for (const entry of this.dirty.values()) {
      if (this.reloading.has(entry.state.id)) continue;
      if (entry.urgent) urgent.push(entry);
      else if (all) coalesced.push(entry);
    }
    if (!final && urgent.length > 0 && coalesced.length > 0) {
      all = false;
      coalesced.length = 0;
      this.group.request();
    }
    const taken = coalesced.length > 0 ? urgent.concat(coalesced) : urgent;
    if (taken.length === 0) return null;
    if (all) {
      this.takeAll = false;
      this.window?.cancel();
      this.window = null;
      this.linksInWindow = 0;
    }
    const seqBefore = this.lastSeq;
    const incidents: unknown[][] = [];
    const versions: unknown[][] = [];
    const links: unknown[][] = [];
    const sourceRows: unknown[][] = [];
    const audit: unknown[][] = [];
    const snapshots: Incident[] = [];
    for (const entry of taken) {
      this.dirty.delete(entry.state.id);
      entry.state.seq = ++this.lastSeq;
      const stored = this.writtenVersion.get(entry.state);
      if (stored !== undefined)
        versions.push(this.repository.versionGuardRow(entry.state.id, stored, entry.state.version));
      incidents.push(this.repository.incidentRow(entry.state));
      for (const row of entry.links) links.push(row);
      for (const row of entry.sourceRows) sourceRows.push(row);
      for (const item of entry.audit) audit.push(this.repository.auditRow(item));
      for (const item of entry.requestAudit) audit.push(this.repository.auditRow(item));
      snapshots.push(toIncident(entry.state));
    }
    const rows: Record<string, unknown[][]> = {
      ...(versions.length > 0 ? { incidentVersion: versions } : {}),
      incidents,
      eventLinks: links,
      audit,
      incidentSources: sourceRows,
    };
    const states = taken.map((entry) => entry.state);
    const companions: Contribution[] = [];
    for (const companion of this.companions) {
      const contribution = companion.rowsFor(states, snapshots);
      if (!contribution) continue;
      companions.push(contribution);
      for (const [name, part] of Object.entries(contribution.rows))
        (rows[name] ??= []).push(...part);
    }
    return {
      rows,
      committed: () => {
        for (const companion of companions) companion.committed();
        this.metrics.batchSeconds.observe(this.group.lastCommitDurationMs / 1000);
        this.metrics.incidentChanges.inc(snapshots.length);
        for (const entry of taken) {
          this.writtenSeverity.set(entry.state, entry.state.severity);
          this.writtenVersion.set(entry.state, entry.state.version);
        }
        for (const incident of snapshots) this.events.incidentChanged$.next(incident);
        for (const entry of taken) for (const waiter of entry.waiters) waiter.committed();
        if (this.clustered) this.linked(links);
        this.metrics.pendingWrites.set(this.group.backlog);
        this.refreshOpenGauge();
      },
      failed: (error) => {
        for (const companion of companions) companion.failed(error);
        // Nothing of it is stored: its seqs are given again, so seq stays gap-free.
        if (this.lastSeq === seqBefore + taken.length) this.lastSeq = seqBefore;
        if (isVersionConflict(error)) {
          const lost = new Set(error.keys);
          for (const entry of taken)
            if (lost.has(entry.state.id)) this.reloadLifecycle(entry, error);
            else this.requeue(entry);
          this.makeUrgent();
          return;
        }
        for (const entry of taken) {
          // Requests answer 503 and are undone, newest first; correlation's part is kept.
          for (const revert of entry.reverts.reverse()) revert();
          for (const waiter of entry.waiters) waiter.failed(error);
          const again = this.entry(entry.state);
          again.links = entry.links.concat(again.links);
          again.sourceRows = entry.sourceRows.concat(again.sourceRows);
          again.audit = entry.audit.concat(again.audit);
          again.urgent ||= entry.urgent && entry.links.length > 0;
        }
        this.takeAll ||= !final;
      },
    };
  }

  /** A taken entry whose commit did not happen through no fault of its own: written next time. */
  private requeue(entry: DirtyIncident): void {
    const again = this.entry(entry.state);
    again.links = entry.links.concat(again.links);
    again.sourceRows = entry.sourceRows.concat(again.sourceRows);
    again.audit = entry.audit.concat(again.audit);
    again.requestAudit = entry.requestAudit.concat(again.requestAudit);
    again.waiters = entry.waiters.concat(again.waiters);
    again.reverts = entry.reverts.concat(again.reverts);
    again.urgent = true;
  }

  /**
   * The stored row's version was not the one this hub last wrote (another writer changed
   * it): the requests of this entry are undone and answered 409 with the incident as
   * stored, its lifecycle is read back from the database, and what correlation added
   * (links, sources, audit) is written again on top of it.
   */
  private reloadLifecycle(entry: DirtyIncident, conflict: Error): void {
    const { state } = entry;
    // Requests applied while this commit was out stand on the same stale version: undone
    // too, newest first, and answered with the others; their correlation part stays queued.
    const later = this.dirty.get(state.id);
    const waiters = [...entry.waiters];
    if (later) {
      for (const revert of later.reverts.reverse()) revert();
      waiters.push(...later.waiters);
      later.reverts = [];
      later.waiters = [];
      later.requestAudit = [];
    }
    for (const revert of entry.reverts.reverse()) revert();
    const done = this.readBack(state, conflict).then((outcome) => {
      this.reloading.delete(state.id);
      for (const waiter of waiters) waiter.failed(outcome);
      if (entry.links.length + entry.sourceRows.length + entry.audit.length > 0)
        this.requeue({ ...entry, waiters: [], reverts: [], requestAudit: [] });
      if (this.dirty.has(state.id)) this.makeUrgent();
    });
    this.reloading.set(state.id, done);
  }

  /** The stored lifecycle onto the live aggregate; resolves with what to answer the requests. */
  private async readBack(state: IncidentState, conflict: Error): Promise<Error> {
    try {
      const row = await this.repository.findById(state.id);
      if (row) {
        adoptStoredLifecycle(state, entityToState(row));
        this.writtenVersion.set(state, state.version);
        this.correlator.reindex(state);
      } else {
        // Deleted behind the hub: the next write stores it again rather than conflict forever.
        this.writtenVersion.delete(state);
      }
      this.logger.warn(
        `incident ${state.id} changed in the database: reloaded at v${state.version}`,
      );
      return conflict;
    } catch (error) {
      return new Error(`could not reload incident ${state.id}: ${String(error)}`);
    }
  }

  /** Cluster leader: these events' links are stored, so polls no longer return them. */
  private linked(links: unknown[][]): void {
    for (const row of links) {
      const key = eventKey(row[2] as string, row[3] as string);
      this.inFlight.delete(key);
      this.linkedDuringPoll?.add(key);
    }
  }

  /** Writes everything pending now; resolves once it is committed and announced. */
  async flush(): Promise<void> {
    this.takeAll = true;
    this.group.request();
    await this.group.whenIdle();
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

  /** For a graceful stop: everything in hand committed, incidents included; new work refused. */
  async drain(): Promise<void> {
    this.closing = true;
    await this.group.drain();
  }

  async onApplicationShutdown(): Promise<void> {
    this.evictTimer?.cancel();
    this.pollTimer?.cancel();
    this.gaugeTimer?.cancel();
    this.window?.cancel();
    this.window = null;
    // The batch writer is closed by DatabaseModule, after this hook (it shuts down later).
    await this.drain();
  }
}

const eventKey = (deviceId: string, eventId: string): string => `${deviceId}\u0001${eventId}`;

/** The `opened` entry's code: the reason's numbers, rendered by the console. */
function openedCode(
  reason: CorrelationReason,
  relatedIncidentId: string | null,
): Pick<IncidentAuditInput, 'code' | 'params'> {
  return reason.rule === 'reopened'
    ? { code: 'correlation.reopened', params: { relatedIncidentId } }
    : {
        code: 'correlation.opened',
        params: { category: reason.category, radiusM: reason.radiusM, windowMs: reason.windowMs },
      };
}

/** A stored event back as a submission, for the replay; `reason` holds zone and source. */
function submissionOf(row: EventEntity): EventSubmission {
  const pending = row.reason as unknown as { zone?: string | null; source?: string } | null;
  return {
    deviceId: row.deviceId,
    id: row.eventId,
    ts: row.ts,
    type: row.type,
    confidence: row.confidence,
    severity: row.severity,
    location: { lat: row.lat, lon: row.lon },
    attributes: row.attributes,
    sourceKind: row.source,
    source: pending?.source ?? row.deviceId,
    zone: pending?.zone ?? null,
    receivedAt: row.receivedAt,
  };
}
