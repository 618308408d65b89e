import { z } from 'zod';
import { SnapshotRefSchema } from './snapshot.schema';
import { CATEGORIES, EVENT_TYPES } from '../taxonomy';
import { LocationSchema, SeveritySchema } from './common.schema';
import { BearingRaySchema, LOCATION_METHODS } from './bearing.schema';

export const INCIDENT_STATUSES = [
  /** Extension (triage): opened only by AI detections under the category's confidence bar. */
  'unverified',
  'open',
  'acknowledged',
  'dispatched',
  'resolved',
  'closed',
] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

/** Statuses still being worked on: what the console shows on its map and feed by default. */
export const ACTIVE_STATUSES = [
  'unverified',
  'open',
  'acknowledged',
  'dispatched',
] as const satisfies readonly IncidentStatus[];

export function isActiveStatus(status: IncidentStatus): boolean {
  return (ACTIVE_STATUSES as readonly IncidentStatus[]).includes(status);
}

/**
 * How many sources an incident JSON lists (docs/contract.md §6): the first to contribute.
 * `sourceCount` counts them all; `GET /api/incidents/{id}/sources` lists them all.
 */
export const SOURCES_LISTED = 20;

/** What a person may choose when resolving (docs/contract.md §6). */
export const RESOLUTIONS = ['handled', 'false_alarm', 'duplicate'] as const;
export type HumanResolution = (typeof RESOLUTIONS)[number];
/** Every resolution an incident can carry: the hub resolves quiet noise as `expired` itself. */
export const ALL_RESOLUTIONS = [...RESOLUTIONS, 'expired'] as const;
export type Resolution = (typeof ALL_RESOLUTIONS)[number];

/** Why an operator dismissed an unverified incident as a false alarm (triage, extension). */
export const DISMISS_REASONS = ['fog', 'cloud', 'light', 'object', 'other'] as const;
export type DismissReason = (typeof DISMISS_REASONS)[number];

/** The public answer to an incident's citizen reports (separate from internal notes). */
export const PublicAnswerSchema = z.object({ text: z.string(), by: z.string(), at: z.string() });
export type PublicAnswer = z.infer<typeof PublicAnswerSchema>;

/** The incident JSON of docs/contract.md §6, as published on MQTT, HTTP and socket.io. */
export const IncidentSchema = z.object({
  id: z.string(),
  category: z.enum(CATEGORIES),
  type: z.enum(EVENT_TYPES),
  title: z.string(),
  severity: SeveritySchema,
  status: z.enum(INCIDENT_STATUSES),
  location: LocationSchema,
  zone: z.string().nullable(),
  firstSeen: z.string(),
  lastSeen: z.string(),
  eventCount: z.number().int(),
  /** The first SOURCES_LISTED distinct sources, in the order they joined. */
  sources: z.array(z.string()),
  /** Extension: every distinct source; more than `sources.length` when the list is cut. */
  sourceCount: z.number().int().nonnegative(),
  version: z.number().int(),
  seq: z.number().int(),
  escalated: z.boolean(),
  conditionCleared: z.boolean(),
  relatedIncidentId: z.string().nullable(),
  /** The first unit still assigned (or the last one that went, once resolved). */
  assignedUnitId: z.string().nullable(),
  /** Extension: every unit assigned, in the order they were sent; `assignedUnitId` is the first. */
  assignedUnitIds: z.array(z.string()),
  acknowledgedBy: z.string().nullable(),
  acknowledgedAt: z.string().nullable(),
  resolvedAt: z.string().nullable(),
  resolution: z.enum(ALL_RESOLUTIONS).nullable(),
  /** Extension: every event type seen in the incident. */
  types: z.array(z.enum(EVENT_TYPES)),
  /** Extension: when the incident was last changed (hub time). */
  updatedAt: z.string(),
  /** Extension: the public answer citizens who reported it see, or null. */
  answer: PublicAnswerSchema.nullable(),
  /**
   * Extension (triage): when and by whom an `unverified` incident was confirmed (`hub` when
   * a later event confirmed it); the SLA runs from `confirmedAt`. Null otherwise.
   */
  confirmedAt: z.string().nullable().optional(),
  confirmedBy: z.string().nullable().optional(),
  /** Extension (triage): why it was dismissed as a false alarm, else null. */
  dismissReason: z.enum(DISMISS_REASONS).nullable().optional(),
  /**
   * Extension, at a province only: the district hub the incident belongs to (read-only
   * there; its `seq` is the district's). Absent on the hub's own incidents.
   */
  districtId: z.string().optional(),
  districtName: z.string().optional(),
  /** Extension: how `location` was found (absent from hubs before bearings: `reported`). */
  locationMethod: z.enum(LOCATION_METHODS).optional(),
  /** Extension: radius around `location` the place is within (about 2σ), metres; null if reported. */
  locationUncertaintyM: z.number().nullable().optional(),
  /** Extension: the camera rays that placed the incident. */
  rays: z.array(BearingRaySchema).optional(),
});
export type Incident = z.infer<typeof IncidentSchema>;

/** Why an event joined its incident (docs/contract.md §5: "every incident can explain itself"). */
export const CorrelationReasonSchema = z.object({
  /** `opened` (first event), `joined` (within radius and window), `reopened` (after a resolve). */
  rule: z.enum(['opened', 'joined', 'reopened', 'zone']),
  category: z.enum(CATEGORIES),
  /** Distance from the incident centroid at the time it joined, metres. */
  distanceM: z.number().nullable(),
  radiusM: z.number().nullable(),
  /** Event time minus the incident's lastSeen at the time it joined, ms (negative: a late event). */
  gapMs: z.number().nullable(),
  windowMs: z.number(),
  text: z.string(),
});
export type CorrelationReason = z.infer<typeof CorrelationReasonSchema>;

export const IncidentEventSchema = z.object({
  deviceId: z.string(),
  eventId: z.string(),
  ts: z.string(),
  receivedAt: z.string(),
  type: z.enum(EVENT_TYPES),
  confidence: z.number().nullable(),
  severity: SeveritySchema.nullable(),
  location: LocationSchema,
  attributes: z.record(z.string(), z.unknown()).nullable(),
  source: z.enum(['device', 'citizen', 'derived']),
  reason: CorrelationReasonSchema,
  /** Extension (issue 19): the event's images, oldest first; absent from older hubs. */
  snapshots: z.array(SnapshotRefSchema).optional(),
});
export type IncidentEvent = z.infer<typeof IncidentEventSchema>;

/**
 * What the hub wrote, as a code the console renders in its own language (docs/contract.md §6);
 * `note` keeps the English text for API readers. Entries written by people have no code.
 */
export const AUDIT_CODES = [
  'correlation.opened',
  'correlation.reopened',
  'sla.escalated',
  'threshold.cleared',
  'lifecycle.dispatched',
  'lifecycle.resolved',
  'expiry.quiet',
  'expiry.cleared',
  'triage.unverified',
  'triage.confirmed',
  'triage.dismissed',
] as const;
export type AuditCode = (typeof AUDIT_CODES)[number];

/** Numbers (ms, metres) and ids; `userNote` is what a person typed with the action. */
export const AuditParamsSchema = z.record(
  z.string(),
  z.union([z.string(), z.number(), z.boolean(), z.null()]),
);
export type AuditParams = z.infer<typeof AuditParamsSchema>;

export const AuditEntrySchema = z.object({
  at: z.string(),
  actor: z.string(),
  action: z.string(),
  from: z.enum(INCIDENT_STATUSES).nullable(),
  to: z.enum(INCIDENT_STATUSES).nullable(),
  note: z.string().nullable(),
  /** Extension: absent or null on entries written by people and on rows from before codes. */
  code: z.enum(AUDIT_CODES).nullable().optional(),
  params: AuditParamsSchema.nullable().optional(),
});
export type AuditEntry = z.infer<typeof AuditEntrySchema>;

export const IncidentDetailSchema = IncidentSchema.extend({
  events: z.array(IncidentEventSchema),
  audit: z.array(AuditEntrySchema),
});
export type IncidentDetail = z.infer<typeof IncidentDetailSchema>;

/** `GET /api/incidents/{id}/sources` (extension): every distinct source, in the order they joined. */
export const IncidentSourcesSchema = z.object({
  incidentId: z.string(),
  sourceCount: z.number().int().nonnegative(),
  sources: z.array(z.string()),
});
export type IncidentSources = z.infer<typeof IncidentSourcesSchema>;
/** What a district publishes to its province: its incident, with who it is (docs/federation.md). */
export const FederatedIncidentSchema = IncidentSchema.omit({
  districtId: true,
  districtName: true,
}).extend({
  hubId: z.string().min(1).max(64),
  hubName: z.string().min(1).max(200),
});
export type FederatedIncident = z.infer<typeof FederatedIncidentSchema>;
