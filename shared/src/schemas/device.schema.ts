import { z } from 'zod';
import { DeviceIdSchema, LocalizedNamesSchema, LocationSchema } from './common.schema';

export const DEVICE_KINDS = ['camera', 'sensor', 'gateway'] as const;
export type DeviceKind = (typeof DEVICE_KINDS)[number];

/** Payload of `ioc/devices/{deviceId}/birth` (docs/contract.md §3). */
export const BirthSchema = z.object({
  kind: z.enum(DEVICE_KINDS),
  name: z.string().min(1).max(200),
  /** Extension: the name in Vietnamese and English, for the console of each language. */
  names: LocalizedNamesSchema.optional(),
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
  /** Extension: the name per language, from the birth; null when it gave none. */
  names: LocalizedNamesSchema.nullable().optional(),
  location: LocationSchema.nullable(),
  zone: z.string().nullable(),
  capabilities: z.array(z.string()),
  status: z.enum(['online', 'offline', 'unknown']),
  /** False until the device's birth arrives (it may still send located events). */
  registered: z.boolean(),
  /** True while the device holds MQTT credentials issued by `POST /api/devices` (issue 14). */
  provisioned: z.boolean(),
  /** Last contact: the hub's time of the device's latest message. */
  lastSeen: z.string().nullable(),
});
export type Device = z.infer<typeof DeviceSchema>;

/** `POST /api/devices`: a birth with the device's id; the hub answers with its credentials. */
export const ProvisionDeviceRequestSchema = BirthSchema.extend({ id: DeviceIdSchema }).strict();
export type ProvisionDeviceRequest = z.infer<typeof ProvisionDeviceRequestSchema>;

/** MQTT credentials of one device: shown once, in the answer that issued them. */
export const DeviceCredentialsSchema = z.object({
  /** The device id. */
  username: z.string(),
  password: z.string(),
});
export type DeviceCredentials = z.infer<typeof DeviceCredentialsSchema>;

export const ProvisionedDeviceSchema = z.object({
  device: DeviceSchema,
  credentials: DeviceCredentialsSchema,
});
export type ProvisionedDevice = z.infer<typeof ProvisionedDeviceSchema>;

/** Answer of `POST /api/devices/bulk` (201): lines are 1-based (CSV: the header is line 1). */
export const BulkProvisionResultSchema = z.object({
  created: z.array(z.object({ id: z.string(), credentials: DeviceCredentialsSchema })),
  errors: z.array(z.object({ line: z.number(), reason: z.string() })),
});
export type BulkProvisionResult = z.infer<typeof BulkProvisionResultSchema>;
