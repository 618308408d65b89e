import { z } from 'zod';
import { CATEGORIES, EVENT_TYPES, METRICS } from '../taxonomy';
import { LocationSchema, SeveritySchema } from './common.schema';
import {
  ALL_RESOLUTIONS,
  DISMISS_REASONS,
  INCIDENT_STATUSES,
  IncidentSchema,
  RESOLUTIONS,
} from './incident.schema';

/** `viewer`: read-only, the role of a wall screen's credential (docs/security.md). */
export const ROLES = ['viewer', 'operator', 'dispatcher', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const LoginRequestSchema = z.object({
  username: z.string().min(1).max(64),
  password: z.string().min(1).max(256),
});
export type LoginRequest = z.infer<typeof LoginRequestSchema>;

export const UserSchema = z.object({ username: z.string(), role: z.enum(ROLES) });
export type User = z.infer<typeof UserSchema>;

export const LoginResponseSchema = z.object({ accessToken: z.string(), user: UserSchema });
export type LoginResponse = z.infer<typeof LoginResponseSchema>;

const csv = <T extends z.ZodType<string, string>>(item: T) =>
  z
    .string()
    .transform((s) =>
      s
        .split(',')
        .map((v) => v.trim())
        .filter(Boolean),
    )
    .pipe(z.array(item));

/** Query of `GET /api/incidents`. Lists are comma separated. */
export const IncidentQuerySchema = z.object({
  status: csv(z.enum(INCIDENT_STATUSES)).optional(),
  category: csv(z.enum(CATEGORIES)).optional(),
  severity: csv(SeveritySchema).optional(),
  bbox: z.string().optional(),
  since: z.iso.datetime({ offset: true }).optional(),
  limit: z.coerce.number().int().min(1).max(5000).default(500),
  /** Extension (the history view): how many matches to skip, for paging. */
  offset: z.coerce.number().int().min(0).max(1_000_000).optional(),
  /** Extension: words found in the id, the type, the zone's names or a source device's names. */
  q: z.string().trim().min(1).max(200).optional(),
  /** Extension: opened (`firstSeen`) at or after `from`, before `to`. */
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  /** Extension: comma-separated resolutions (`expired` included). */
  resolution: csv(z.enum(ALL_RESOLUTIONS)).optional(),
  /** Province: a district's incidents (`*`: every district's); absent: the hub's own. */
  district: z
    .string()
    .regex(/^(\*|[A-Za-z0-9_-]{1,64})$/, 'must be a district id or *')
    .optional(),
});
export type IncidentQuery = z.infer<typeof IncidentQuerySchema>;

export const IncidentListSchema = z.object({
  items: z.array(IncidentSchema),
  total: z.number(),
  /** Extension: the highest committed seq when the list was read; resync from here. */
  lastSeq: z.number().int().optional(),
});
export type IncidentList = z.infer<typeof IncidentListSchema>;

/** The longest note a transition or `POST …/notes` takes; the console's inputs stop there too. */
export const NOTE_MAX_LENGTH = 2000;

export const TransitionRequestSchema = z.object({
  version: z.number().int().min(1),
  note: z.string().max(NOTE_MAX_LENGTH).optional(),
});
export const DispatchRequestSchema = TransitionRequestSchema.extend({ unitId: z.string().min(1) });
export const ResolveRequestSchema = TransitionRequestSchema.extend({
  resolution: z.enum(RESOLUTIONS),
});
/** `POST /api/incidents/{id}/dismiss` (triage): a false alarm, and why. */
export const DismissRequestSchema = TransitionRequestSchema.extend({
  reason: z.enum(DISMISS_REASONS),
});
export type DismissRequest = z.infer<typeof DismissRequestSchema>;
export const NoteRequestSchema = z.object({ text: z.string().min(1).max(NOTE_MAX_LENGTH) });
export type TransitionRequest = z.infer<typeof TransitionRequestSchema>;
export type DispatchRequest = z.infer<typeof DispatchRequestSchema>;
export type ResolveRequest = z.infer<typeof ResolveRequestSchema>;
export type NoteRequest = z.infer<typeof NoteRequestSchema>;
/** `POST /api/incidents/{id}/units`: one more unit on a dispatched incident. */
export const AddUnitRequestSchema = DispatchRequestSchema;
export type AddUnitRequest = z.infer<typeof AddUnitRequestSchema>;
/** `DELETE /api/incidents/{id}/units/{unitId}`: the unit comes back available. */
export const ReleaseUnitRequestSchema = TransitionRequestSchema;
export type ReleaseUnitRequest = z.infer<typeof ReleaseUnitRequestSchema>;

export const ReportRequestSchema = z.object({
  type: z.enum(EVENT_TYPES),
  location: LocationSchema,
  description: z.string().min(1).max(2000),
});
export type ReportRequest = z.infer<typeof ReportRequestSchema>;

export const RejectionSchema = z.object({
  at: z.string(),
  topic: z.string(),
  reason: z.string(),
  message: z.string(),
  /** The first 256 bytes of the payload, as text. */
  payload: z.string(),
});
export type Rejection = z.infer<typeof RejectionSchema>;

/** A uniform error body for every HTTP error. */
export const ErrorBodySchema = z.object({
  statusCode: z.number(),
  code: z.string(),
  message: z.string(),
  details: z.unknown().optional(),
});
export type ErrorBody = z.infer<typeof ErrorBodySchema>;

/** Query of `GET /api/devices/{id}/telemetry`. */
export const TelemetryQuerySchema = z.object({
  metric: z.enum(METRICS).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  limit: z.coerce.number().int().min(1).max(10_000).default(2000),
});
export type TelemetryQuery = z.infer<typeof TelemetryQuerySchema>;

export const TelemetryPointSchema = z.object({
  ts: z.string(),
  metric: z.enum(METRICS),
  value: z.number(),
});
export type TelemetryPoint = z.infer<typeof TelemetryPointSchema>;

/** `GET /api/config` (no token): console settings. */
export const ClientConfigSchema = z.object({
  tileUrl: z.string().min(1).nullable().default(null),
  tileAttribution: z.string().nullable().default(null),
});
export type ClientConfig = z.infer<typeof ClientConfigSchema>;
