import { z } from 'zod';
import { CATEGORIES } from '../taxonomy';
import { SeveritySchema } from '../schemas/common.schema';
import type { Device } from '../schemas/device.schema';
import type { Incident } from '../schemas/incident.schema';
import type { Unit } from '../schemas/unit.schema';
import { SnapshotRefSchema } from '../schemas/snapshot.schema';

/** socket.io protocol of docs/contract.md §8: one namespace, typed events, validated inbound messages. */
export const LIVE_NAMESPACE = '/live';

export const LiveEvent = {
  incident: 'incident',
  device: 'device',
  stats: 'stats',
  /** Extension: a response unit changed (created, edited, dispatched, freed). */
  unit: 'unit',
  /** Extension, at a province: a district's incident changed (read-only; docs/federation.md). */
  districtIncident: 'district-incident',
  /** Extension (issue 19): an image stored for an event of an incident; consoles re-read its frames. */
  snapshot: 'snapshot',
  /** Extension: the hub ends the session (docs/contract.md §8); the socket closes next. */
  session: 'session',
  subscribe: 'subscribe',
  resync: 'resync',
} as const;

/** Why the hub closed a console's socket: the console asks for the password again. */
export const SESSION_END_REASONS = ['expired', 'revoked', 'disabled', 'role_changed'] as const;
export const SessionEndSchema = z.object({ reason: z.enum(SESSION_END_REASONS) });
export type SessionEnd = z.infer<typeof SessionEndSchema>;

export const SubscribeRequestSchema = z.object({
  bbox: z.tuple([z.number(), z.number(), z.number(), z.number()]).optional(),
  categories: z.array(z.enum(CATEGORIES)).optional(),
  minSeverity: SeveritySchema.optional(),
});
export type SubscribeRequest = z.infer<typeof SubscribeRequestSchema>;

/** `snapshot` push: which incident's event got which image (docs/contract.md §8). */
export const LiveSnapshotSchema = z.object({
  incidentId: z.string().min(1),
  deviceId: z.string().min(1),
  eventId: z.string().min(1),
  snapshot: SnapshotRefSchema,
});
export type LiveSnapshot = z.infer<typeof LiveSnapshotSchema>;

export const ResyncRequestSchema = z.object({ sinceSeq: z.number().int().min(0) });
export type ResyncRequest = z.infer<typeof ResyncRequestSchema>;

export const LiveStatsSchema = z.object({
  at: z.string(),
  openBySeverity: z.record(z.string(), z.number()),
  eventsPerSecond: z.number(),
  devicesOnline: z.number().int(),
  devicesOffline: z.number().int(),
  lastSeq: z.number().int(),
});
export type LiveStats = z.infer<typeof LiveStatsSchema>;

/** Every ack has this shape: `ok` with data, or an error with a reason. */
export type LiveAck<T> = { ok: true; data: T } | { ok: false; error: string };

/** The schema of `LiveAck<T>`: acks come back over the wire, so the receiver parses them. */
export function liveAckSchema<T extends z.ZodType>(data: T) {
  return z.discriminatedUnion('ok', [
    z.object({ ok: z.literal(true), data }),
    z.object({ ok: z.literal(false), error: z.string() }),
  ]);
}

export const ResyncResultSchema = z.object({
  /** How many incident states were replayed before this ack. */
  replayed: z.number().int().min(0),
  /** The highest seq the console now holds. */
  lastSeq: z.number().int().min(0),
  /** Extension: the replay stopped at its page limit; resync again from `lastSeq`. */
  more: z.boolean().optional(),
});
export type ResyncResult = z.infer<typeof ResyncResultSchema>;

/** What the hub's `resync` ack returns (docs/contract.md §8). */
export const ResyncAckSchema = liveAckSchema(ResyncResultSchema);
export type ResyncAck = LiveAck<ResyncResult>;

export interface ServerToClientEvents {
  incident: (incident: Incident) => void;
  device: (device: Device) => void;
  stats: (stats: LiveStats) => void;
  unit: (unit: Unit) => void;
  session: (end: SessionEnd) => void;
  snapshot: (added: LiveSnapshot) => void;
  /** Province: a district's incident (with districtId, districtName; its seq is the district's). */
  'district-incident': (incident: Incident) => void;
}

export interface ClientToServerEvents {
  subscribe: (request: SubscribeRequest, ack?: (result: LiveAck<SubscribeRequest>) => void) => void;
  resync: (request: ResyncRequest, ack?: (result: ResyncAck) => void) => void;
}
