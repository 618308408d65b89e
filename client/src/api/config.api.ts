import { apiRoutes, ClientConfigSchema, type ClientConfig } from '@ioc/shared';
import { requestJson } from './http-client';

/* `GET /api/config` (no token): what the console needs before sign-in: the optional
 * tile server. */
export type { ClientConfig };

export const OFFLINE_CONFIG: ClientConfig = { tileUrl: null, tileAttribution: null };

/** Falls back to the offline basemap alone when the hub has no config (a hub without the route). */
export async function fetchClientConfig(): Promise<ClientConfig> {
  const route = apiRoutes.config();
  try {
    const parsed = ClientConfigSchema.safeParse(await requestJson(route, { auth: false }));
    if (parsed.success) return parsed.data;
    console.warn(`ignoring an invalid ${route}`, parsed.error.issues);
  } catch (error) {
    console.warn(`no ${route}; using the offline basemap only`, error);
  }
  return OFFLINE_CONFIG;
}
