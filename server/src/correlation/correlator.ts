import {
  isActiveStatus,
  addToCentroid,
  categoryOf,
  maxSeverity,
  raiseSeverity,
  severityRank,
  type Category,
  type CorrelationReason,
  type BearingRay,
  type EventType,
  type LatLon,
  type Severity,
} from '@ioc/shared';
import type { Clock } from './clock';
import { DEFAULT_RULES, retentionMs, type CorrelationRules } from './correlation-rules';
import { addSource, type IncidentState } from './incident-state';
import { SpatialGrid } from './spatial-grid';
import { explainCorrelation } from './reason-text';
import { placeIncident, rayMatchDistanceM, RAY_CATEGORIES } from './ray-placement';

/** What correlation needs of an accepted event. */
export interface CorrelationInput {
  type: EventType;
  ts: number;
  location: LatLon;
  /** The distinct source: a device id, or `citizen:<reporter>`. */
  source: string;
  zone: string | null;
  severityHint: Severity | null;
  /** A camera bearing without a reported place; `location` is then the camera's mount. */
  ray?: BearingRay | null;
  /** The detection's confidence, 0..1, when the device gave one. */
  confidence?: number | null;
  /**
   * An AI detection from a device, which triage may hold as `unverified`. Citizen reports
   * and derived threshold events are never triaged (false or absent: skip triage).
   */
  detection?: boolean;
}

/** Why an `unverified` incident was confirmed by the hub itself (docs/correlation.md). */
export type AutoConfirmation = 'confidence' | 'corroboration' | 'citizen' | 'sensor';

interface CorrelationOutcome {
  incident: IncidentState;
  reason: CorrelationReason;
  created: boolean;
  /** The event's source had not contributed to this incident before (it is to be stored). */
  newSource: boolean;
  /** Set when this event confirmed an `unverified` incident. */
  confirmed: AutoConfirmation | null;
}

interface CategoryIndex {
  open: SpatialGrid<IncidentState>;
  /** Recently resolved incidents, kept to link a recurrence through relatedIncidentId. */
  resolved: SpatialGrid<IncidentState>;
}

/**
 * docs/contract.md §5 as plain TypeScript: joins events to open incidents of the same category
 * within the radius of the incident's centroid and the window of its lastSeen (event
 * time), nearest first; otherwise opens one. No I/O: the caller persists and broadcasts
 * what it returns. State is bounded by `evictExpired`.
 */
export class Correlator {
  private readonly byId = new Map<string, IncidentState>();
  private indexes = new Map<Category, CategoryIndex>();
  /** device.offline incidents gather by zone, not by distance. */
  private readonly openByZone = new Map<string, IncidentState>();
  /** Longest half range among tracked rays: how far a ray-only incident sits from a crossing. */
  private farthestRayHalfM = 0;

  constructor(
    private readonly clock: Clock,
    private readonly newId: () => string,
    private rules: CorrelationRules = DEFAULT_RULES,
  ) {}

  get trackedCount(): number {
    return this.byId.size;
  }

  get(id: string): IncidentState | undefined {
    return this.byId.get(id);
  }

  /** Swaps the rules; the grids are rebuilt because cell sizes follow the radii. */
  setRules(rules: CorrelationRules): void {
    this.rules = rules;
    const all = [...this.byId.values()];
    this.indexes = new Map();
    this.openByZone.clear();
    this.byId.clear();
    for (const s of all) this.track(s);
  }

  private index(category: Category): CategoryIndex {
    let idx = this.indexes.get(category);
    if (!idx) {
      const cellM = Math.max(this.rules.categories[category].radiusM ?? 1000, 50);
      idx = {
        open: new SpatialGrid(cellM, (s) => s.location),
        resolved: new SpatialGrid(cellM, (s) => s.location),
      };
      this.indexes.set(category, idx);
    }
    return idx;
  }

  /** Starts tracking an incident (from the database at start-up, or after a change). */
  track(state: IncidentState): void {
    this.byId.set(state.id, state);
    for (const ray of state.rays)
      this.farthestRayHalfM = Math.max(this.farthestRayHalfM, ray.rangeM / 2);
    this.reindex(state);
  }

  /** Call after a lifecycle change (acknowledge, resolve, close…) so indexes follow. */
  reindex(state: IncidentState): void {
    const idx = this.index(state.category);
    const zoneKey = state.zone ?? '';
    if (isActiveStatus(state.status)) {
      idx.resolved.remove(state.id);
      idx.open.upsert(state.id, state);
      if (state.category === 'device') this.openByZone.set(zoneKey, state);
    } else {
      idx.open.remove(state.id);
      if (this.openByZone.get(zoneKey) === state) this.openByZone.delete(zoneKey);
      if (state.status === 'resolved') idx.resolved.upsert(state.id, state);
      else {
        idx.resolved.remove(state.id);
        this.byId.delete(state.id);
      }
    }
  }

  ingest(event: CorrelationInput): CorrelationOutcome {
    const category = categoryOf(event.type);
    const params = this.rules.categories[category];
    const idx = this.index(category);
    const inWindow = (s: IncidentState): boolean =>
      event.ts <= s.lastSeen + params.windowMs && event.ts >= s.firstSeen - params.windowMs;

    const ray = event.ray && RAY_CATEGORIES.has(category) ? event.ray : null;
    let best: { item: IncidentState; distanceM: number } | undefined;
    if (ray && params.radiusM !== null) {
      best = this.nearestToRay(ray, params.radiusM, idx, inWindow);
    } else if (params.radiusM === null) {
      const candidate = this.openByZone.get(event.zone ?? '');
      if (candidate && inWindow(candidate)) best = { item: candidate, distanceM: 0 };
    } else {
      best = idx.open.within(event.location, params.radiusM).find((c) => inWindow(c.item));
    }

    if (best) {
      const incident = best.item;
      const gapMs = event.ts - incident.lastSeen;
      const newSource = this.join(incident, event, ray);
      const confirmed = this.autoConfirmation(incident, event, category, newSource);
      if (confirmed) {
        incident.status = 'open';
        incident.confirmedAt = this.clock.now();
        incident.confirmedBy = 'hub';
        incident.version += 1;
      }
      idx.open.upsert(incident.id, incident);
      const reason = explainCorrelation({
        rule: params.radiusM === null ? 'zone' : 'joined',
        category,
        distanceM: params.radiusM === null ? null : best.distanceM,
        radiusM: params.radiusM,
        gapMs,
        windowMs: params.windowMs,
      });
      return { incident, reason, created: false, newSource, confirmed };
    }

    const previous =
      params.radiusM === null
        ? undefined
        : ray
          ? this.nearestToRay(ray, params.radiusM, idx, inWindow, 'resolved')?.item
          : idx.resolved.within(event.location, params.radiusM).find((c) => inWindow(c.item))?.item;
    const incident = this.open(event, category, previous?.id ?? null, ray);
    this.track(incident);
    const reason = explainCorrelation({
      rule: previous ? 'reopened' : 'opened',
      category,
      distanceM: previous ? null : 0,
      radiusM: params.radiusM,
      gapMs: null,
      windowMs: params.windowMs,
      relatedIncidentId: previous?.id ?? null,
    });
    return { incident, reason, created: true, newSource: true, confirmed: null };
  }

  /**
   * Triage: an event under its category's bar, from a device's analytics, holds a new
   * incident as `unverified`. No confidence given: not under the bar.
   */
  private underTriageBar(event: CorrelationInput, category: Category): boolean {
    const bar = this.rules.triageMinConfidence[category];
    return (
      bar !== undefined &&
      event.detection === true &&
      event.confidence !== undefined &&
      event.confidence !== null &&
      event.confidence < bar
    );
  }

  /**
   * An `unverified` incident is confirmed by an event that would not have been triaged (a
   * detection at or over the bar, a citizen report, a sensor threshold) or by a second
   * distinct source: two cameras seeing the same smoke are not one camera's fog.
   */
  private autoConfirmation(
    incident: IncidentState,
    event: CorrelationInput,
    category: Category,
    newSource: boolean,
  ): AutoConfirmation | null {
    if (incident.status !== 'unverified') return null;
    if (event.source.startsWith('citizen:')) return 'citizen';
    if (event.detection !== true) return 'sensor';
    if (!this.underTriageBar(event, category)) return 'confidence';
    if (newSource && incident.sourceCount >= 2) return 'corroboration';
    return null;
  }

  /** The incident a ray passes nearest to within the radius (see ray-placement.ts). */
  private nearestToRay(
    ray: BearingRay,
    radiusM: number,
    idx: CategoryIndex,
    inWindow: (s: IncidentState) => boolean,
    grid: keyof CategoryIndex = 'open',
  ): { item: IncidentState; distanceM: number } | undefined {
    const reachM = ray.rangeM + radiusM + Math.max(this.farthestRayHalfM, ray.rangeM / 2);
    let best: { item: IncidentState; distanceM: number } | undefined;
    for (const { item } of idx[grid].within(ray.origin, reachM)) {
      if (!inWindow(item)) continue;
      const distanceM = rayMatchDistanceM(ray, item);
      if (distanceM <= radiusM && (!best || distanceM < best.distanceM)) best = { item, distanceM };
    }
    return best;
  }

  private open(
    event: CorrelationInput,
    category: Category,
    relatedIncidentId: string | null,
    ray: BearingRay | null,
  ): IncidentState {
    const base = maxSeverity(this.rules.typeSeverity[event.type], event.severityHint ?? 'info');
    const now = this.clock.now();
    const rays = ray ? [ray] : [];
    const placed = placeIncident(rays, event.location);
    if (ray) this.farthestRayHalfM = Math.max(this.farthestRayHalfM, ray.rangeM / 2);
    return {
      id: this.newId(),
      category,
      type: event.type,
      types: [event.type],
      severity: base,
      baseSeverity: base,
      status: this.underTriageBar(event, category) ? 'unverified' : 'open',
      location: placed.location,
      locationMethod: placed.method,
      locationUncertaintyM: placed.uncertaintyM,
      rays,
      zone: event.zone,
      firstSeen: event.ts,
      lastSeen: event.ts,
      eventCount: 1,
      sources: [event.source],
      sourceCount: 1,
      knownSources: new Set([event.source]),
      version: 1,
      seq: 0,
      escalated: false,
      conditionCleared: false,
      relatedIncidentId,
      assignedUnitId: null,
      assignedUnitIds: [],
      acknowledgedBy: null,
      acknowledgedAt: null,
      resolvedAt: null,
      resolution: null,
      createdAt: now,
      updatedAt: now,
      answer: null,
      confirmedAt: null,
      confirmedBy: null,
      dismissReason: null,
    };
  }

  /** Returns whether the event's source is new to the incident. */
  private join(incident: IncidentState, event: CorrelationInput, ray: BearingRay | null): boolean {
    if (ray) {
      incident.rays.push(ray);
      this.farthestRayHalfM = Math.max(this.farthestRayHalfM, ray.rangeM / 2);
      const placed = placeIncident(incident.rays, incident.location);
      // A crossing outranks reported points; a lone ray never moves a reported place.
      if (placed.method === 'triangulated' || incident.locationMethod === 'camera-ray') {
        incident.location = placed.location;
        incident.locationMethod = placed.method;
        incident.locationUncertaintyM = placed.uncertaintyM;
      }
    } else if (incident.locationMethod === 'camera-ray') {
      // A point beats a ray's "somewhere along here".
      incident.location = { ...event.location };
      incident.locationMethod = 'reported';
      incident.locationUncertaintyM = null;
    } else if (incident.locationMethod === 'reported') {
      const reported = incident.eventCount - incident.rays.length;
      incident.location = addToCentroid(incident.location, reported, event.location);
    }
    // A triangulated place stays: a sensor sits where it is mounted, not in the fire.
    incident.eventCount += 1;
    incident.firstSeen = Math.min(incident.firstSeen, event.ts);
    incident.lastSeen = Math.max(incident.lastSeen, event.ts);
    if (!incident.types.includes(event.type)) {
      incident.types.push(event.type);
      if (
        severityRank(this.rules.typeSeverity[event.type]) >
        severityRank(this.rules.typeSeverity[incident.type])
      ) {
        incident.type = event.type;
      }
    }
    const newSource = addSource(incident, event.source);
    if (incident.zone === null && event.zone !== null) incident.zone = event.zone;
    // A condition that comes back (a new threshold crossing joining) is no longer cleared.
    if (incident.conditionCleared) incident.conditionCleared = false;
    incident.baseSeverity = maxSeverity(
      incident.baseSeverity,
      maxSeverity(this.rules.typeSeverity[event.type], event.severityHint ?? 'info'),
    );
    incident.severity = this.severityOf(incident);
    incident.updatedAt = this.clock.now();
    return newSource;
  }

  private severityOf(incident: IncidentState): Severity {
    return incident.sourceCount >= this.rules.corroboratingSources
      ? raiseSeverity(incident.baseSeverity)
      : incident.baseSeverity;
  }

  /**
   * Forgets incidents that can no longer take an event (lastSeen older than twice the
   * window on the hub's clock). Active ones stay open in the database; only the matching
   * index lets go of them. Returns how many were dropped.
   */
  evictExpired(): number {
    const now = this.clock.now();
    let dropped = 0;
    for (const s of [...this.byId.values()]) {
      if (s.lastSeen + retentionMs(this.rules, s.category) >= now) continue;
      const idx = this.index(s.category);
      idx.open.remove(s.id);
      idx.resolved.remove(s.id);
      if (this.openByZone.get(s.zone ?? '') === s) this.openByZone.delete(s.zone ?? '');
      this.byId.delete(s.id);
      dropped++;
    }
    return dropped;
  }
}
