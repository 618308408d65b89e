import {
  EVENT_TYPE_LABELS,
  type Category,
  type EventType,
  type BearingRay,
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
  sources: string[];
  /** Lifecycle version for optimistic concurrency (transitions, notes, assignments). */
  version: number;
  seq: number;
  escalated: boolean;
  conditionCleared: boolean;
  relatedIncidentId: string | null;
  assignedUnitId: string | null;
  acknowledgedBy: string | null;
  acknowledgedAt: number | null;
  resolvedAt: number | null;
  resolution: Resolution | null;
  createdAt: number;
  updatedAt: number;
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
    sources: [...state.sources],
    version: state.version,
    seq: state.seq,
    escalated: state.escalated,
    conditionCleared: state.conditionCleared,
    relatedIncidentId: state.relatedIncidentId,
    assignedUnitId: state.assignedUnitId,
    acknowledgedBy: state.acknowledgedBy,
    acknowledgedAt: iso(state.acknowledgedAt),
    resolvedAt: iso(state.resolvedAt),
    resolution: state.resolution,
    types: [...state.types],
    updatedAt: new Date(state.updatedAt).toISOString(),
    locationMethod: state.locationMethod,
    locationUncertaintyM: state.locationUncertaintyM,
    rays: state.rays.map((r) => ({ ...r, origin: { ...r.origin } })),
  };
}
