import { z } from 'zod';
import { LocalizedNamesSchema, LocationSchema } from './common.schema';

/** Response units: named teams a dispatcher sends to an incident. */
export const UNIT_STATUSES = ['available', 'busy', 'off_duty'] as const;
export type UnitStatus = (typeof UNIT_STATUSES)[number];

export const UNIT_KINDS = [
  'forest_rangers',
  'fire_brigade',
  'urban_order',
  'traffic_police',
  'environment',
  'medical',
  'other',
] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

export const UnitIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9_.-]{1,64}$/, 'must be 1–64 of A-Za-z0-9_.-');

/** A unit as `GET /api/units` lists it and socket `unit` pushes it. */
export const UnitSchema = z.object({
  id: UnitIdSchema,
  name: z.string(),
  /** Extension: the name in Vietnamese and English; the console shows its language's, else `name`. */
  names: LocalizedNamesSchema.nullable().optional(),
  kind: z.enum(UNIT_KINDS),
  homeZone: z.string().nullable(),
  location: LocationSchema,
  status: z.enum(UNIT_STATUSES),
  /** The incident a busy unit is dispatched to. */
  incidentId: z.string().nullable(),
  updatedAt: z.string(),
});
export type Unit = z.infer<typeof UnitSchema>;

/** `busy` is set only by dispatching; an admin sets `available` or `off_duty`. */
const AdminUnitStatusSchema = z.enum(['available', 'off_duty']);

export const CreateUnitRequestSchema = z.strictObject({
  id: UnitIdSchema,
  name: z.string().trim().min(1).max(200),
  names: LocalizedNamesSchema.nullable().default(null),
  kind: z.enum(UNIT_KINDS),
  homeZone: z.string().trim().min(1).max(64).nullable().default(null),
  location: LocationSchema,
  status: AdminUnitStatusSchema.default('available'),
});
export type CreateUnitRequest = z.infer<typeof CreateUnitRequestSchema>;

export const UpdateUnitRequestSchema = z
  .strictObject({
    name: z.string().trim().min(1).max(200).optional(),
    names: LocalizedNamesSchema.nullable().optional(),
    kind: z.enum(UNIT_KINDS).optional(),
    homeZone: z.string().trim().min(1).max(64).nullable().optional(),
    location: LocationSchema.optional(),
    status: AdminUnitStatusSchema.optional(),
  })
  .refine((u) => Object.keys(u).length > 0, 'name at least one field to change');
export type UpdateUnitRequest = z.infer<typeof UpdateUnitRequestSchema>;
