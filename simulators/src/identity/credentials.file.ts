import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { DeviceIdSchema } from '@ioc/shared';
import { z } from 'zod';

/**
 * The credentials file (docs/simulators.md): JSON, `{devices: {id: {username, password}}}`,
 * written with mode 0600 because it holds every device's secret. JSON rather than YAML:
 * it is written by a program and read by programs, and JSON has one way to quote a secret.
 */
export interface MqttCredentials {
  username: string;
  password: string;
}

const CredentialsSchema = z.strictObject({
  username: z.string().min(1).max(256),
  password: z.string().min(1).max(1024),
});

const CredentialsFileSchema = z.object({
  devices: z.record(DeviceIdSchema, CredentialsSchema),
});

/** Device id → its MQTT username and password. */
export type CredentialsMap = ReadonlyMap<string, MqttCredentials>;

export class CredentialsFileError extends Error {
  override name = 'CredentialsFileError';
}

/** Parses the file's text; a mistake names the file and the field. */
export function parseCredentials(text: string, origin = 'credentials file'): CredentialsMap {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new CredentialsFileError(`${origin} is not JSON: ${(error as Error).message}`);
  }
  const parsed = CredentialsFileSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.map(String).join('.') || '(top level)';
    throw new CredentialsFileError(
      `${origin} is invalid at ${where}: ${issue?.message ?? 'unknown problem'} ` +
        '(expected {"devices": {"<device id>": {"username": …, "password": …}}})',
    );
  }
  return new Map(Object.entries(parsed.data.devices));
}

/** The file's text: devices sorted by id, so that a rewrite shows a readable diff. */
export function formatCredentials(credentials: CredentialsMap): string {
  const devices = Object.fromEntries(
    [...credentials.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([id, c]) => [id, { username: c.username, password: c.password }]),
  );
  return `${JSON.stringify({ devices }, null, 2)}\n`;
}

export function readCredentialsFile(file: string): CredentialsMap {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new CredentialsFileError(
      `cannot read the credentials file ${file}: ${(error as Error).message}`,
    );
  }
  return parseCredentials(text, file);
}

/** Writes (or replaces) the file readable by its owner only. */
export function writeCredentialsFile(file: string, credentials: CredentialsMap): void {
  writeFileSync(file, formatCredentials(credentials), { mode: 0o600 });
  // `mode` applies only to a file created now: tighten one that already existed too.
  chmodSync(file, 0o600);
}

/**
 * The credentials of `deviceId`, or an error that says how to get them: with a credentials
 * file every device connects as itself, and a device missing from it cannot connect at all.
 */
export function credentialsOf(
  credentials: CredentialsMap,
  deviceId: string,
  origin: string,
): MqttCredentials {
  const found = credentials.get(deviceId);
  if (!found)
    throw new CredentialsFileError(
      `no credentials for ${deviceId} in ${origin}: provision it (ioc-sim provision …) or add --provision`,
    );
  return found;
}
