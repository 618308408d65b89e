import { ClientConfigSchema, type ClientConfig } from '@ioc/shared';
import { requestJson } from './http-client';

/* `GET /api/config` (no token): what the console needs before sign-in, today only the
 * optional tile server. */
export type { ClientConfig };

export const OFFLINE_CONFIG: ClientConfig = { tileUrl: null, tileAttribution: null };

/** Falls back to the offline basemap alone when the hub has no config (or is older). */
export async function fetchClientConfig(): Promise<ClientConfig> {
  try {
    const parsed = ClientConfigSchema.safeParse(await requestJson('/api/config', { auth: false }));
    if (parsed.success) return parsed.data;
    console.warn('ignoring an invalid /api/config', parsed.error.issues);
  } catch (error) {
    console.warn('no /api/config; using the offline basemap only', error);
  }
  return OFFLINE_CONFIG;
}
