import { existsSync } from 'node:fs';
import { Option, type Command } from 'commander';
import { UsageError, type HubAccess } from '../cli.options';
import { HubClient } from '../hub/hub.client';
import { readCredentialsFile, writeCredentialsFile, type CredentialsMap } from './credentials.file';
import type { DeviceRegistration } from './device-list';
import { ensureCredentials, type ProvisionResult } from './provisioner';

/** How the devices of a command connect: as themselves, with these credentials. */
export interface DeviceIdentity {
  credentials: CredentialsMap;
  /** The credentials file, or "on-the-fly provisioning": named when a device is missing. */
  origin: string;
}

export interface IdentityFlags {
  credentials?: string;
  provision: boolean;
}

/** `--credentials <file>` and `--provision`, for every command that connects devices. */
export function withDeviceIdentity(command: Command): Command {
  return command
    .addOption(
      new Option(
        '--credentials <file>',
        'connect each device with its own username and password from this file (ioc-sim provision writes it)',
      ),
    )
    .addOption(
      new Option(
        '--provision',
        'register the devices missing from --credentials through the hub (--hub, an admin --username/--password) first; ' +
          'the file is then updated',
      ).default(false),
    );
}

/**
 * The devices' identity for this run, or null (anonymous, as before device identity). With
 * --provision, the devices not in the file are registered now (an admin hub login) and the
 * file, when named, is rewritten with them (mode 0600).
 */
export async function resolveDeviceIdentity(
  flags: IdentityFlags,
  hub: HubAccess | null,
  devices: () => readonly DeviceRegistration[],
  log: (line: string) => void,
): Promise<DeviceIdentity | null> {
  const file = flags.credentials;
  if (!flags.provision) {
    if (!file) return null;
    return { credentials: readCredentialsFile(file), origin: file };
  }
  if (!hub)
    throw new UsageError(
      '--provision needs the hub and an admin: --hub http://host:port --username admin --password …',
    );
  const known = file && existsSync(file) ? readCredentialsFile(file) : new Map();
  const admin = await HubClient.login(hub.url, hub);
  const { credentials, provisioned } = await ensureCredentials(devices(), known, admin);
  if (provisioned) {
    log(describeProvisioning(provisioned, file ?? null));
    throwOnFailures(provisioned);
    if (file) writeCredentialsFile(file, credentials);
  }
  return { credentials, origin: file ?? 'the devices provisioned for this run' };
}

export function describeProvisioning(result: ProvisionResult, file: string | null): string {
  return (
    `provision: ${result.credentials.size} device(s) ready (${result.created.length} registered, ` +
    `${result.rotated.length} already known: password rotated)` +
    (result.failed.length > 0 ? `, ${result.failed.length} refused` : '') +
    (file ? `; credentials in ${file}` : '')
  );
}

/** Refused devices stop the run: they could not connect, and a silent gap is worse. */
export function throwOnFailures(result: ProvisionResult): void {
  if (result.failed.length === 0) return;
  const shown = result.failed.slice(0, 5).map((f) => `${f.id}: ${f.reason}`);
  const more = result.failed.length > 5 ? `, and ${result.failed.length - 5} more` : '';
  throw new Error(`the hub refused to register ${shown.join('; ')}${more}`);
}
