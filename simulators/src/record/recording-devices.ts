import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { validateBirth } from '@ioc/shared';
import type { DeviceRegistration } from '../identity/device-list';
import { RecordedMessageSchema } from './recording';

/**
 * The devices of a recording, each with the last birth it recorded: what `replay --provision`
 * registers, so a device is provisioned with the birth it will announce. A device that
 * recorded no valid birth is left out (its replay then names it as missing credentials).
 */
export async function recordingRegistrations(file: string): Promise<DeviceRegistration[]> {
  const births = new Map<string, DeviceRegistration>();
  const lines = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
  try {
    for await (const text of lines) {
      const recorded = RecordedMessageSchema.safeParse(parseOrNull(text));
      if (!recorded.success || recorded.data.channel !== 'birth') continue;
      const birth = validateBirth(parseOrNull(recorded.data.payload));
      if (birth.ok)
        births.set(recorded.data.deviceId, { id: recorded.data.deviceId, ...birth.value });
    }
  } finally {
    lines.close();
  }
  return [...births.values()];
}

function parseOrNull(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
