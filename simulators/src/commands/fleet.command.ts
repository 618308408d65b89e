import { Option, type Command } from 'commander';
import { EXIT, type CliContext } from '../cli.context';
import {
  connectionOptions,
  connectionsOption,
  decimal,
  hubAccess,
  integer,
  recordOption,
  seedOption,
  speedOption,
  UsageError,
  withConnection,
  withHub,
  type CommandHost,
  type ConnectionFlags,
  type ConnectionOptions,
  type HubAccess,
  type HubFlags,
} from '../cli.options';
import { DeviceConnections } from '../identity/device-connections';
import {
  resolveDeviceIdentity,
  withDeviceIdentity,
  type IdentityFlags,
} from '../identity/device-identity';
import { fleetRegistrations } from '../identity/registrations';
import { DEFAULT_FLEET } from '../fleet/fleet.generator';
import { FleetRunner, MAX_FLEET_DEVICES, type FleetRunOptions } from '../fleet/fleet.runner';
import { runTagFor } from '../messages';
import { clientIdFor, MqttPublisher, redactUrl } from '../publisher';
import { JsonlRecorder } from '../record/recording';
import { reportError } from './errors';

export interface FleetCommandOptions
  extends Omit<FleetRunOptions, 'runTag' | 'perDevice'>, ConnectionOptions {
  /** Record every published message to this JSON Lines file. */
  record: string | null;
  /** Per-device credentials (--credentials, --provision); none: anonymous shared connections. */
  identity: IdentityFlags;
  /** For --provision: an admin on the hub. */
  hub: HubAccess | null;
}

/** `ioc-sim fleet`: runs the Da Lat fleet until --duration or a signal. */
export async function fleetCommand(options: FleetCommandOptions, ctx: CliContext): Promise<number> {
  const runTag = runTagFor(ctx.clock.now());
  const recorder = options.record
    ? new JsonlRecorder(options.record, ctx.clock, {
        topicRoot: options.topicRoot,
        command:
          `fleet --cameras ${options.cameras} --sensors ${options.sensors} --seed ${options.seed} ` +
          `--speed ${options.speed} --event-rate ${options.eventRate}`,
      })
    : null;
  const shutdown = ctx.shutdownSignal();
  try {
    const identity = await resolveDeviceIdentity(
      options.identity,
      options.hub,
      () => fleetRegistrations(options),
      ctx.out,
    );
    const asDevices = identity
      ? new DeviceConnections({
          url: options.url,
          connectTimeoutMs: options.connectTimeoutMs,
          runTag,
          ...identity,
        })
      : null;
    const runner = new FleetRunner(
      { ...options, runTag, perDevice: asDevices !== null },
      {
        clock: ctx.clock,
        log: ctx.out,
        connect: (index, will, owner) =>
          asDevices
            ? asDevices.connect(owner, { will })
            : MqttPublisher.connect({
                url: options.url,
                clientId: clientIdFor(`fleet${index + 1}`, runTag),
                will,
                connectTimeoutMs: options.connectTimeoutMs,
              }),
        tap: recorder ? (message, at) => recorder.write(message, at) : undefined,
      },
    );
    ctx.out(
      `fleet: connecting to ${redactUrl(options.url)} (topic root "${options.topicRoot}")` +
        (identity ? `, each device as itself (${identity.origin})` : ''),
    );
    await runner.run(shutdown.signal);
    return EXIT.ok;
  } catch (error) {
    return reportError(error, ctx);
  } finally {
    shutdown.dispose();
    if (recorder) {
      await recorder.close();
      ctx.out(`fleet: recorded ${recorder.lines} messages to ${recorder.file}`);
    }
  }
}

interface FleetFlags extends ConnectionFlags, HubFlags, IdentityFlags {
  cameras: number;
  sensors: number;
  seed: number;
  speed: number;
  duration: number;
  eventRate: number;
  connections: number;
  interval: number;
  record?: string;
}

export function register(program: Command, { ctx, done }: CommandHost): void {
  withHub(
    withDeviceIdentity(
      withConnection(
        program
          .command('fleet')
          .description(
            "Run a deterministic Da Lat fleet: births, telemetry at each sensor kind's interval, heartbeats, " +
              'random camera detections; Ctrl-C publishes offline for every device and exits 0.',
          ),
      ),
    ),
    'for --provision, as an admin',
  )
    .addOption(
      new Option('--cameras <n>', 'number of cameras')
        .default(DEFAULT_FLEET.cameras)
        .argParser(integer(0)),
    )
    .addOption(
      new Option('--sensors <n>', `number of sensors (cameras + sensors ≤ ${MAX_FLEET_DEVICES})`)
        .default(DEFAULT_FLEET.sensors)
        .argParser(integer(0)),
    )
    .addOption(seedOption('seed: the same seed gives the same fleet', DEFAULT_FLEET.seed))
    .addOption(speedOption('simulated time runs this many times faster', 1, decimal(0, true)))
    .addOption(
      new Option('--duration <s>', 'wall-clock seconds to run; 0 runs until interrupted')
        .default(0)
        .argParser(decimal(0)),
    )
    .addOption(
      new Option('--event-rate <n>', 'camera detections per simulated second across the fleet')
        .default(0.2)
        .argParser(decimal(0)),
    )
    .addOption(
      connectionsOption(
        'MQTT connections to spread the devices over (anonymous only: with --credentials each device has its own)',
        1,
      ),
    )
    .addOption(
      new Option(
        '--interval <s>',
        'simulated seconds between sensor readings; 0: each kind its own (air, water, rain 60 s; tilt, weather 120 s)',
      )
        .default(0)
        .argParser(decimal(0)),
    )
    .addOption(recordOption())
    .addHelpText(
      'after',
      `
Examples:
  ioc-sim fleet --duration 600
  ioc-sim fleet --cameras 2000 --sensors 8000 --connections 8 --speed 60
  ioc-sim fleet --duration 60 --record fleet.jsonl     # then: ioc-sim replay fleet.jsonl --speed 10
  ioc-sim fleet --credentials creds.json              # each device connects as itself (ioc-sim provision)`,
    )
    .action(async (flags: FleetFlags) => {
      if (flags.cameras + flags.sensors > MAX_FLEET_DEVICES)
        throw new UsageError(
          `a fleet has at most ${MAX_FLEET_DEVICES} devices (--cameras + --sensors); run several simulators for more`,
        );
      done(
        await fleetCommand(
          {
            ...connectionOptions(flags),
            cameras: flags.cameras,
            sensors: flags.sensors,
            seed: flags.seed,
            speed: flags.speed,
            durationS: flags.duration,
            eventRate: flags.eventRate,
            connections: flags.connections,
            intervalS: flags.interval,
            record: flags.record ?? null,
            identity: flags,
            hub: flags.provision ? hubAccess(flags, ctx.env, '--provision') : null,
          },
          ctx,
        ),
      );
    });
}
