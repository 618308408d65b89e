import { apiRoutes, HubStatsSchema, type HubStats } from '@ioc/shared';
import { ApiError, requestJson } from './http-client';

/** `GET /api/stats`; throws ApiError (404 on a hub without it, which the KPI bar shows as "—"). */
export async function fetchHubStats(): Promise<HubStats> {
  const route = apiRoutes.stats();
  const parsed = HubStatsSchema.safeParse(await requestJson(route));
  if (!parsed.success) throw new ApiError(502, `the hub answered ${route} with an unexpected body`);
  return parsed.data;
}
