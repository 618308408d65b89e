import { z } from 'zod';
import { CATEGORIES } from '../taxonomy';
import { SeveritySchema } from '../schemas/common.schema';
import type { Device } from '../schemas/device.schema';
import type { Incident } from '../schemas/incident.schema';

/** socket.io protocol of DESIGN §8: one namespace, typed events, validated inbound messages. */
export const LIVE_NAMESPACE = '/live';

export const LiveEvent = {
  incident: 'incident',
  device: 'device',
  stats: 'stats',
  subscribe: 'subscribe',
  resync: 'resync',
} as const;

export const SubscribeRequestSchema = z.object({
  bbox: z.tuple([z.number(), z.number(), z.number(), z.number()]).optional(),
  categories: z.array(z.enum(CATEGORIES)).optional(),
  minSeverity: SeveritySchema.optional(),
});
export type SubscribeRequest = z.infer<typeof SubscribeRequestSchema>;

export const ResyncRequestSchema = z.object({ sinceSeq: z.number().int().min(0) });
export type ResyncRequest = z.infer<typeof ResyncRequestSchema>;

export interface LiveStats {
  at: string;
  openBySeverity: Record<string, number>;
  eventsPerSecond: number;
  devicesOnline: number;
  devicesOffline: number;
  lastSeq: number;
}

/** Every ack has this shape: `ok` with data, or an error with a reason. */
export type LiveAck<T> = { ok: true; data: T } | { ok: false; error: string };

export interface ResyncResult {
  /** How many incident states were replayed before this ack. */
  replayed: number;
  /** The highest seq the console now holds. */
  lastSeq: number;
}

export interface ServerToClientEvents {
  incident: (incident: Incident) => void;
  device: (device: Device) => void;
  stats: (stats: LiveStats) => void;
}

export interface ClientToServerEvents {
  subscribe: (request: SubscribeRequest, ack?: (result: LiveAck<SubscribeRequest>) => void) => void;
  resync: (request: ResyncRequest, ack?: (result: LiveAck<ResyncResult>) => void) => void;
}
