import { HubStatsSchema, type HubStats } from '@ioc/shared';
import { ApiError, requestJson } from './http-client';

/** `GET /api/stats`; throws ApiError (404 on a hub without it, which the KPI bar shows as "—"). */
export async function fetchHubStats(): Promise<HubStats> {
  const parsed = HubStatsSchema.safeParse(await requestJson('/api/stats'));
  if (!parsed.success)
    throw new ApiError(502, 'the hub answered /api/stats with an unexpected body');
  return parsed.data;
}
