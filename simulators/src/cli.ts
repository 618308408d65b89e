#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import { EXIT, processContext, type CliContext } from './cli.context';
import {
  brokerUrl,
  decimal,
  DEFAULT_TOPIC_ROOT,
  DEFAULT_URL,
  integer,
  topicRoot,
} from './cli.options';
import { fleetCommand } from './commands/fleet.command';
import { listScenariosCommand, scenarioCommand } from './commands/scenario.command';
import { DEFAULT_FLEET } from './fleet/fleet.generator';

interface ConnectionFlags {
  url: string;
  topicRoot: string;
  connectTimeout: number;
}

interface FleetFlags extends ConnectionFlags {
  cameras: number;
  sensors: number;
  seed: number;
  speed: number;
  duration: number;
  eventRate: number;
  connections: number;
}

interface ScenarioFlags extends ConnectionFlags {
  seed: number;
  speed: number;
}

function version(): string {
  try {
    const pkg = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as {
      version?: string;
    };
    return pkg.version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

/** Options every command that talks to a broker takes. */
function withConnection(command: Command): Command {
  return command
    .addOption(
      new Option('--url <url>', 'MQTT broker URL').default(DEFAULT_URL).argParser(brokerUrl),
    )
    .addOption(
      new Option('--topic-root <root>', "first topic level (the hub's MQTT_TOPIC_ROOT)")
        .default(DEFAULT_TOPIC_ROOT)
        .argParser(topicRoot),
    )
    .addOption(
      new Option(
        '--connect-timeout <s>',
        'seconds to wait for the broker before giving up (exit code 2)',
      )
        .default(10)
        .argParser(decimal(0, true)),
    );
}

function buildProgram(ctx: CliContext, done: (code: number) => void): Command {
  const program = new Command('ioc-sim')
    .description(
      'Device simulators for the IOC event hub: a Da Lat fleet of cameras and sensors, and scripted scenarios.',
    )
    .version(version())
    // Throw instead of exiting, so `start()` returns the exit code (and tests run in-process).
    .exitOverride()
    .configureOutput({
      writeOut: (s) => ctx.out(s.trimEnd()),
      writeErr: (s) => ctx.err(s.trimEnd()),
    })
    .showHelpAfterError('(add --help for usage)');

  withConnection(
    program
      .command('fleet')
      .description(
        'Run a deterministic Da Lat fleet: births, telemetry every 10 s, random camera detections; ' +
          'Ctrl-C publishes offline for every device and exits 0.',
      ),
  )
    .addOption(
      new Option('--cameras <n>', 'number of cameras')
        .default(DEFAULT_FLEET.cameras)
        .argParser(integer(0)),
    )
    .addOption(
      new Option('--sensors <n>', 'number of sensors')
        .default(DEFAULT_FLEET.sensors)
        .argParser(integer(0)),
    )
    .addOption(
      new Option('--seed <n>', 'seed: the same seed gives the same fleet')
        .default(DEFAULT_FLEET.seed)
        .argParser(integer(0)),
    )
    .addOption(
      new Option('--speed <x>', 'simulated time runs this many times faster')
        .default(1)
        .argParser(decimal(0, true)),
    )
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
      new Option('--connections <n>', 'MQTT connections to spread the devices over')
        .default(1)
        .argParser(integer(1)),
    )
    .action(async (flags: FleetFlags) => {
      done(
        await fleetCommand(
          {
            url: flags.url,
            topicRoot: flags.topicRoot,
            connectTimeoutMs: flags.connectTimeout * 1000,
            cameras: flags.cameras,
            sensors: flags.sensors,
            seed: flags.seed,
            speed: flags.speed,
            durationS: flags.duration,
            eventRate: flags.eventRate,
            connections: flags.connections,
          },
          ctx,
        ),
      );
    });

  withConnection(
    program
      .command('scenario')
      .description('Play a scripted scenario and print the outcome the hub should reach.')
      .argument('<name>', 'scenario name (see list-scenarios)'),
  )
    .addOption(
      new Option('--seed <n>', "seed of the scenario's small jitter")
        .default(1)
        .argParser(integer(0)),
    )
    .addOption(
      new Option('--speed <x>', 'scenario seconds per real second; 0 publishes as fast as possible')
        .default(1)
        .argParser(decimal(0)),
    )
    .action(async (name: string, flags: ScenarioFlags) => {
      done(
        await scenarioCommand(
          name,
          {
            url: flags.url,
            topicRoot: flags.topicRoot,
            connectTimeoutMs: flags.connectTimeout * 1000,
            seed: flags.seed,
            speed: flags.speed,
          },
          ctx,
        ),
      );
    });

  program
    .command('list-scenarios')
    .description('List the built-in scenarios.')
    .action(() => done(listScenariosCommand(ctx)));

  return program;
}

/** Runs the CLI on `argv` (as in process.argv) and resolves to the exit code. */
export async function start(
  argv: readonly string[],
  ctx: CliContext = processContext,
): Promise<number> {
  let code: number = EXIT.ok;
  const program = buildProgram(ctx, (c) => {
    code = c;
  });
  try {
    await program.parseAsync([...argv]);
    return code;
  } catch (error) {
    // --help and --version arrive here too, with exit code 0.
    if (error instanceof CommanderError) return error.exitCode;
    ctx.err(`ioc-sim: ${error instanceof Error ? error.message : String(error)}`);
    return EXIT.error;
  }
}

if (require.main === module) {
  // Exit explicitly: a command may leave a reconnect timer of a dropped connection behind.
  void start(process.argv).then((code) => process.exit(code));
}
