import { z } from 'zod';
import { DeviceIdSchema, LocationSchema } from './common.schema';

export const DEVICE_KINDS = ['camera', 'sensor', 'gateway'] as const;
export type DeviceKind = (typeof DEVICE_KINDS)[number];

/** Payload of `ioc/devices/{deviceId}/birth` (docs/contract.md §3). */
export const BirthSchema = z.object({
  kind: z.enum(DEVICE_KINDS),
  name: z.string().min(1).max(200),
  location: LocationSchema,
  zone: z.string().min(1).max(64),
  /** Mount height above ground, metres (a ridge camera's tower). */
  heightM: z.number().min(0).max(1000).optional(),
  capabilities: z.array(z.string().min(1).max(64)).max(64).default([]),
});
export type Birth = z.infer<typeof BirthSchema>;

/** Payload of `ioc/devices/{deviceId}/status`: plain text. */
export const DEVICE_STATUSES = ['online', 'offline'] as const;
export const DeviceStatusPayloadSchema = z.enum(DEVICE_STATUSES);
export type DeviceStatusPayload = z.infer<typeof DeviceStatusPayloadSchema>;

/** A device as the hub lists it (`GET /api/devices`, socket `device`). */
export const DeviceSchema = z.object({
  id: DeviceIdSchema,
  kind: z.enum(DEVICE_KINDS).nullable(),
  name: z.string().nullable(),
  location: LocationSchema.nullable(),
  zone: z.string().nullable(),
  capabilities: z.array(z.string()),
  status: z.enum(['online', 'offline', 'unknown']),
  /** False until the device's birth arrives (it may still send located events). */
  registered: z.boolean(),
  lastSeen: z.string().nullable(),
});
export type Device = z.infer<typeof DeviceSchema>;
