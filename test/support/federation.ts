import { HubProcess } from './hub-process';

export const DISTRICT = 'lac-duong';
export const DISTRICT_NAME = 'Lạc Dương';
const DISTRICT_PASSWORD = 'district-secret-1';

/**
 * Two built hubs (docs/federation.md): a province on its embedded broker knowing one
 * district, and that district on its own embedded broker forwarding to the province's.
 */
export async function startFederation(
  name: string,
): Promise<{ province: HubProcess; district: HubProcess }> {
  const province = await HubProcess.start(`${name}-province`, {
    broker: 'embedded',
    database: 'sqlite',
    env: { FEDERATION_DISTRICTS: `${DISTRICT}:${DISTRICT_NAME}:${DISTRICT_PASSWORD}` },
  });
  const district = await HubProcess.start(`${name}-district`, {
    broker: 'embedded',
    database: 'sqlite',
    env: {
      HUB_ID: DISTRICT,
      HUB_NAME: DISTRICT_NAME,
      UPSTREAM_MQTT_URL: province.mqttUrl,
      UPSTREAM_MQTT_USERNAME: DISTRICT,
      UPSTREAM_MQTT_PASSWORD: DISTRICT_PASSWORD,
      FEDERATION_MIN_SEVERITY: 'medium',
    },
  }).catch(async (error: unknown) => {
    await province.dispose();
    throw error;
  });
  return { province, district };
}
