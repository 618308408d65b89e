import { z } from 'zod';
import { CATEGORIES, EVENT_TYPES } from '../taxonomy';
import { LocationSchema, SeveritySchema } from './common.schema';
import { BearingRaySchema, LOCATION_METHODS } from './bearing.schema';

export const INCIDENT_STATUSES = [
  'open',
  'acknowledged',
  'dispatched',
  'resolved',
  'closed',
] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

/** Statuses still being worked on: what the console shows on its map and feed by default. */
export const ACTIVE_STATUSES = [
  'open',
  'acknowledged',
  'dispatched',
] as const satisfies readonly IncidentStatus[];

export function isActiveStatus(status: IncidentStatus): boolean {
  return (ACTIVE_STATUSES as readonly IncidentStatus[]).includes(status);
}

export const RESOLUTIONS = ['handled', 'false_alarm', 'duplicate'] as const;
export type Resolution = (typeof RESOLUTIONS)[number];

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
  sources: z.array(z.string()),
  version: z.number().int(),
  seq: z.number().int(),
  escalated: z.boolean(),
  conditionCleared: z.boolean(),
  relatedIncidentId: z.string().nullable(),
  assignedUnitId: z.string().nullable(),
  acknowledgedBy: z.string().nullable(),
  acknowledgedAt: z.string().nullable(),
  resolvedAt: z.string().nullable(),
  resolution: z.enum(RESOLUTIONS).nullable(),
  /** Extension: every event type seen in the incident. */
  types: z.array(z.enum(EVENT_TYPES)),
  /** Extension: when the incident was last changed (hub time). */
  updatedAt: z.string(),
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
});
export type IncidentEvent = z.infer<typeof IncidentEventSchema>;

export const AuditEntrySchema = z.object({
  at: z.string(),
  actor: z.string(),
  action: z.string(),
  from: z.enum(INCIDENT_STATUSES).nullable(),
  to: z.enum(INCIDENT_STATUSES).nullable(),
  note: z.string().nullable(),
});
export type AuditEntry = z.infer<typeof AuditEntrySchema>;

export const IncidentDetailSchema = IncidentSchema.extend({
  events: z.array(IncidentEventSchema),
  audit: z.array(AuditEntrySchema),
});
export type IncidentDetail = z.infer<typeof IncidentDetailSchema>;
