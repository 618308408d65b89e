import { existsSync, readFileSync } from 'node:fs';
import { Option, type Command } from 'commander';
import { EXIT, type CliContext } from '../cli.context';
import {
  hubAccess,
  integer,
  UsageError,
  withHub,
  type CommandHost,
  type HubAccess,
  type HubFlags,
} from '../cli.options';
import { HubClient } from '../hub/hub.client';
import { readCredentialsFile, writeCredentialsFile } from '../identity/credentials.file';
import {
  mergeDeviceLists,
  parseDeviceList,
  type DeviceRegistration,
} from '../identity/device-list';
import { describeProvisioning, throwOnFailures } from '../identity/device-identity';
import { provisionDevices } from '../identity/provisioner';
import {
  fleetRegistrations,
  loadRegistrations,
  scenarioRegistrations,
} from '../identity/registrations';
import { LIBRARY_DIR, resolveScenario, scenarioFiles } from '../scenarios/scenario.loader';
import { reportError } from './errors';

export interface ProvisionCommandOptions {
  hub: HubAccess;
  /** Device lists (CSV, YAML, JSON) or scenario files and library names. */
  fleets: string[];
  allScenarios: boolean;
  /** The generated fleet (`fleet --cameras --sensors --seed`); 0 + 0: none. */
  cameras: number;
  sensors: number;
  seed: number;
  loadDevices: number;
  out: string;
}

/** The devices to register, from every source named, each once. */
export function devicesToProvision(
  options: Omit<ProvisionCommandOptions, 'hub' | 'out'>,
): DeviceRegistration[] {
  const lists: DeviceRegistration[][] = [];
  for (const ref of options.fleets) {
    // A file that is not a scenario (a CSV or YAML device list) is read as a list.
    if (existsSync(ref) && !isScenarioFile(ref))
      lists.push(parseDeviceList(readFileSync(ref, 'utf8'), ref));
    else lists.push(scenarioRegistrations(resolveScenario(ref).scenario));
  }
  if (options.allScenarios)
    for (const file of scenarioFiles(LIBRARY_DIR))
      lists.push(scenarioRegistrations(resolveScenario(file).scenario));
  if (options.cameras + options.sensors > 0)
    lists.push(
      fleetRegistrations({
        cameras: options.cameras,
        sensors: options.sensors,
        seed: options.seed,
      }),
    );
  if (options.loadDevices > 0) lists.push(loadRegistrations(options.loadDevices));
  return mergeDeviceLists(lists);
}

function isScenarioFile(file: string): boolean {
  if (file.toLowerCase().endsWith('.csv')) return false;
  // Scenarios have steps; a device list has none.
  const text = readFileSync(file, 'utf8');
  return /^steps:/m.test(text) || /"steps"\s*:/.test(text);
}

/**
 * `ioc-sim provision`: registers a fleet through `POST /api/devices/bulk` and writes each
 * device's credentials to `--out` (mode 0600), keeping the file's other devices. A device
 * the hub knows already gets a new password (the old one was shown once).
 */
export async function provisionCommand(
  options: ProvisionCommandOptions,
  ctx: CliContext,
): Promise<number> {
  try {
    const devices = devicesToProvision(options);
    if (devices.length === 0)
      throw new UsageError(
        'no devices to provision: give --fleet, --all-scenarios, --cameras/--sensors or --load-devices',
      );
    const known = existsSync(options.out) ? readCredentialsFile(options.out) : new Map();
    const admin = await HubClient.login(options.hub.url, options.hub);
    ctx.out(
      `provision: ${devices.length} device(s) on ${admin.baseUrl} as ${admin.username ?? '?'}`,
    );
    const result = await provisionDevices(devices, admin);
    const merged = new Map(known);
    for (const [id, c] of result.credentials) merged.set(id, c);
    if (result.credentials.size > 0) writeCredentialsFile(options.out, merged);
    ctx.out(describeProvisioning(result, options.out));
    throwOnFailures(result);
    return EXIT.ok;
  } catch (error) {
    if (error instanceof UsageError) throw error;
    return reportError(error, ctx);
  }
}

interface ProvisionFlags extends HubFlags {
  user?: string;
  fleet: string[];
  allScenarios: boolean;
  cameras: number;
  sensors: number;
  seed: number;
  loadDevices: number;
  out: string;
}

export function register(program: Command, { ctx, done }: CommandHost): void {
  withHub(
    program
      .command('provision')
      .description(
        'Register devices through the hub (POST /api/devices/bulk, an admin account) and write their ' +
          'MQTT credentials to a file (mode 0600) for --credentials.',
      ),
    'required',
  )
    .addOption(new Option('--user <name>', 'same as --username').hideHelp())
    .addOption(
      new Option(
        '--fleet <file>',
        'a device list (CSV with id,kind,name,lat,lon,zone,capabilities; YAML/JSON) or a scenario file or name; repeatable',
      )
        .default([])
        .argParser((value: string, previous: string[]) => [...previous, value]),
    )
    .addOption(new Option('--all-scenarios', "every library scenario's devices").default(false))
    .addOption(
      new Option('--cameras <n>', 'cameras of the generated fleet (as `fleet`)')
        .default(0)
        .argParser(integer(0)),
    )
    .addOption(
      new Option('--sensors <n>', 'sensors of the generated fleet')
        .default(0)
        .argParser(integer(0)),
    )
    .addOption(
      new Option('--seed <n>', "the generated fleet's seed").default(1).argParser(integer(0)),
    )
    .addOption(
      new Option('--load-devices <n>', "`load`'s devices (its --devices)")
        .default(0)
        .argParser(integer(0)),
    )
    .addOption(
      new Option(
        '--out <file>',
        'the credentials file to write (kept devices it already lists)',
      ).makeOptionMandatory(),
    )
    .addHelpText(
      'after',
      `
Examples:
  ioc-sim provision --hub http://127.0.0.1:3000 --username admin --password "$PW" --fleet devices.csv --out creds.json
  ioc-sim provision --hub http://127.0.0.1:3000 --username admin --password "$PW" --cameras 37 --sensors 60 --fleet forest-fire --out creds.json
  ioc-sim fleet --credentials creds.json`,
    )
    .action(async (flags: ProvisionFlags) => {
      const hub = hubAccess(
        { ...flags, username: flags.username ?? flags.user ?? 'admin' },
        ctx.env,
        'provision',
      );
      done(
        await provisionCommand(
          {
            hub,
            fleets: flags.fleet,
            allScenarios: flags.allScenarios,
            cameras: flags.cameras,
            sensors: flags.sensors,
            seed: flags.seed,
            loadDevices: flags.loadDevices,
            out: flags.out,
          },
          ctx,
        ),
      );
    });
}
