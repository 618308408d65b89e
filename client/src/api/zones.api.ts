import { apiRoutes, ZonesResponseSchema, type Zone } from '@ioc/shared';
import { requestJson } from './http-client';

/** Zone display names; none (zones shown by id) when the hub has no such route. */
export async function fetchZones(): Promise<Zone[]> {
  const parsed = ZonesResponseSchema.safeParse(await requestJson(apiRoutes.zones()));
  if (parsed.success) return parsed.data.zones;
  console.warn(`ignoring an invalid ${apiRoutes.zones()}`, parsed.error.issues);
  return [];
}
