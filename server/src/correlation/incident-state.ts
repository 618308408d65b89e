import {
  EVENT_TYPE_LABELS,
  SOURCES_LISTED,
  type Category,
  type EventType,
  type BearingRay,
  type DismissReason,
  type Incident,
  type IncidentStatus,
  type LatLon,
  type LocationMethod,
  type Resolution,
  type Severity,
} from '@ioc/shared';

/**
 * The incident aggregate as the hub holds it in memory: epoch-ms times and the running
 * figures correlation needs. `toIncident` turns it into the contract JSON.
 */
export interface IncidentState {
  id: string;
  category: Category;
  /** The type that defines the incident: the most severe base type seen, first on ties. */
  type: EventType;
  types: EventType[];
  severity: Severity;
  /** max(base severities, hints) before the corroboration raise. */
  baseSeverity: Severity;
  status: IncidentStatus;
  location: LatLon;
  /** How `location` was found: reported places, crossing camera rays, or one camera's ray. */
  locationMethod: LocationMethod;
  /** 2σ radius around `location`, metres; null for a reported place. */
  locationUncertaintyM: number | null;
  /** The camera rays (bearing events) of the incident, kept to refine the crossing. */
  rays: BearingRay[];
  zone: string | null;
  firstSeen: number;
  lastSeen: number;
  eventCount: number;
  /** The first SOURCES_LISTED distinct sources, in the order they joined (what is pushed). */
  sources: string[];
  /** Every distinct source so far. */
  sourceCount: number;
  /**
   * Every distinct source, to tell a new one from a repeat: from `sources` when the list
   * is complete, else loaded from the stored list (incident_sources) with the incident.
   */
  knownSources: Set<string>;
  /** Lifecycle version for optimistic concurrency (transitions, notes, assignments). */
  version: number;
  seq: number;
  escalated: boolean;
  conditionCleared: boolean;
  relatedIncidentId: string | null;
  assignedUnitId: string | null;
  /** Replaced, never mutated: applyChange undoes a failed commit by comparing references. */
  assignedUnitIds: readonly string[];
  acknowledgedBy: string | null;
  acknowledgedAt: number | null;
  resolvedAt: number | null;
  resolution: Resolution | null;
  createdAt: number;
  updatedAt: number;
  /** The public answer to its citizen reports (docs/contract.md §7), or null. */
  answer: { text: string; by: string; at: number } | null;
  /** Triage: when an `unverified` incident was confirmed (the SLA runs from then), by whom. */
  confirmedAt: number | null;
  confirmedBy: string | null;
  dismissReason: DismissReason | null;
}

function incidentTitle(state: Pick<IncidentState, 'type' | 'zone' | 'location'>): string {
  const where = state.zone ?? `${state.location.lat.toFixed(4)}, ${state.location.lon.toFixed(4)}`;
  return `${EVENT_TYPE_LABELS[state.type]} — ${where}`;
}

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

export function toIncident(state: IncidentState): Incident {
  return {
    id: state.id,
    category: state.category,
    type: state.type,
    title: incidentTitle(state),
    severity: state.severity,
    status: state.status,
    location: { lat: state.location.lat, lon: state.location.lon },
    zone: state.zone,
    firstSeen: new Date(state.firstSeen).toISOString(),
    lastSeen: new Date(state.lastSeen).toISOString(),
    eventCount: state.eventCount,
    sources: state.sources.slice(0, SOURCES_LISTED),
    sourceCount: state.sourceCount,
    version: state.version,
    seq: state.seq,
    escalated: state.escalated,
    conditionCleared: state.conditionCleared,
    relatedIncidentId: state.relatedIncidentId,
    assignedUnitId: state.assignedUnitId,
    assignedUnitIds: [...state.assignedUnitIds],
    acknowledgedBy: state.acknowledgedBy,
    acknowledgedAt: iso(state.acknowledgedAt),
    resolvedAt: iso(state.resolvedAt),
    resolution: state.resolution,
    types: [...state.types],
    updatedAt: new Date(state.updatedAt).toISOString(),
    answer: state.answer && {
      text: state.answer.text,
      by: state.answer.by,
      at: new Date(state.answer.at).toISOString(),
    },
    locationMethod: state.locationMethod,
    locationUncertaintyM: state.locationUncertaintyM,
    rays: state.rays.map((r) => ({ ...r, origin: { ...r.origin } })),
    confirmedAt: iso(state.confirmedAt),
    confirmedBy: state.confirmedBy,
    dismissReason: state.dismissReason,
  };
}

/**
 * Counts `source` into the incident; true when it is new. The listed sources stop at
 * SOURCES_LISTED, so an incident with thousands of contributors is not re-serialised
 * whole into every push and every write.
 */
export function addSource(state: IncidentState, source: string): boolean {
  if (state.knownSources.has(source)) return false;
  state.knownSources.add(source);
  state.sourceCount += 1;
  if (state.sources.length < SOURCES_LISTED) state.sources.push(source);
  return true;
}
