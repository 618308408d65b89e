import { DeviceIdSchema } from '@ioc/shared';
import { z } from 'zod';

/*
 * The provisioning answers of issue 14 (docs/contract.md §7, `/api/devices`), as far as the
 * simulators read them. The hub half defines the full contract; once it is in @ioc/shared
 * these narrow readers give way to its schemas.
 */

export const DeviceCredentialsSchema = z.object({
  username: z.string().min(1),
  password: z.string().min(1),
});

/** `POST /api/devices/bulk` → 201. */
export const BulkRegistrationResponseSchema = z.object({
  created: z.array(z.object({ id: DeviceIdSchema, credentials: DeviceCredentialsSchema })),
  errors: z.array(z.object({ line: z.number(), reason: z.string() })),
});
export type BulkRegistrationResponse = z.infer<typeof BulkRegistrationResponseSchema>;

/** `POST /api/devices/{id}/credentials` → 200. */
export const RotatedCredentialsResponseSchema = z.object({
  credentials: DeviceCredentialsSchema,
});
