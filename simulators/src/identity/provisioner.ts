import type { CredentialsMap, MqttCredentials } from './credentials.file';
import { forEachLimited } from '../limited';
import type { DeviceRegistration } from './device-list';

/** The two admin calls provisioning needs (HubClient implements them; specs use a stand-in). */
export interface ProvisioningApi {
  registerDevices(devices: readonly DeviceRegistration[]): Promise<{
    created: { id: string; credentials: MqttCredentials }[];
    errors: { line: number; reason: string }[];
  }>;
  rotateCredentials(deviceId: string): Promise<MqttCredentials | null>;
}

export interface ProvisionResult {
  credentials: Map<string, MqttCredentials>;
  created: string[];
  /** Registered before: their password was rotated, so the answer still holds a working one. */
  rotated: string[];
  failed: { id: string; reason: string }[];
}

/** Devices per bulk request: a 10,000-device fleet is 20 requests, each well under the body limit. */
export const BULK_CHUNK = 500;
/** Rotations in flight at once (one request per device already registered). */
const ROTATE_CONCURRENCY = 16;

/**
 * Registers `devices` in chunks and returns a working password for every one it could:
 * new devices get theirs from the bulk answer; a device the hub already knows (a rerun of
 * the demo, say) gets a rotated one, since the old secret was shown once and is gone.
 */
export async function provisionDevices(
  devices: readonly DeviceRegistration[],
  api: ProvisioningApi,
  chunkSize = BULK_CHUNK,
): Promise<ProvisionResult> {
  const result: ProvisionResult = { credentials: new Map(), created: [], rotated: [], failed: [] };
  for (let start = 0; start < devices.length; start += chunkSize) {
    const chunk = devices.slice(start, start + chunkSize);
    const answer = await api.registerDevices(chunk);
    for (const { id, credentials } of answer.created) {
      result.credentials.set(id, credentials);
      result.created.push(id);
    }
    const refused = chunk.filter((d) => !result.credentials.has(d.id));
    await forEachLimited(refused, ROTATE_CONCURRENCY, async (device) => {
      const rotated = await api.rotateCredentials(device.id);
      if (rotated) {
        result.credentials.set(device.id, rotated);
        result.rotated.push(device.id);
      } else {
        result.failed.push({ id: device.id, reason: reasonFor(device, chunk, answer.errors) });
      }
    });
  }
  return result;
}

/**
 * The credentials for `devices`: those `known` (a credentials file) as they are, the others
 * provisioned now. Returns the union, ready to be written back.
 */
export async function ensureCredentials(
  devices: readonly DeviceRegistration[],
  known: CredentialsMap,
  api: ProvisioningApi,
): Promise<{ credentials: Map<string, MqttCredentials>; provisioned: ProvisionResult | null }> {
  const credentials = new Map(known);
  const missing = devices.filter((d) => !known.has(d.id));
  if (missing.length === 0) return { credentials, provisioned: null };
  const provisioned = await provisionDevices(missing, api);
  for (const [id, c] of provisioned.credentials) credentials.set(id, c);
  return { credentials, provisioned };
}

/**
 * The hub's reason for a refused device. Its `line` counts from 1 over the body's entries
 * (the JSON array here); a reason that names the device is taken when lines do not match.
 */
function reasonFor(
  device: DeviceRegistration,
  chunk: readonly DeviceRegistration[],
  errors: readonly { line: number; reason: string }[],
): string {
  const line = chunk.indexOf(device) + 1;
  return (
    errors.find((e) => e.line === line)?.reason ??
    errors.find((e) => e.reason.includes(device.id))?.reason ??
    'refused by the hub'
  );
}
