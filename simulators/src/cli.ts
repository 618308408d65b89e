#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { EVENT_TYPES, type EventType } from '@ioc/shared';
import { EXIT, processContext, type CliContext } from './cli.context';
import {
  brokerUrl,
  decimal,
  DEFAULT_TOPIC_ROOT,
  DEFAULT_URL,
  hubAccess,
  hubUrl,
  integer,
  topicRoot,
  UsageError,
  type HubFlags,
} from './cli.options';
import { faultsCommand } from './commands/faults.command';
import { fleetCommand } from './commands/fleet.command';
import { loadCommand } from './commands/load.command';
import { replayCommand } from './commands/replay.command';
import {
  listScenariosCommand,
  scenarioCommand,
  validateCommand,
} from './commands/scenario.command';
import { verifyCommand } from './commands/verify.command';
import { FAULT_KINDS, type FaultKind } from './faults/fault.catalog';
import { DEFAULT_FLEET } from './fleet/fleet.generator';
import { MAX_FLEET_DEVICES } from './fleet/fleet.runner';
import { LIBRARY_DIR, scenarioFiles } from './scenarios/scenario.loader';

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
  interval: number;
  record?: string;
}

interface ScenarioFlags extends ConnectionFlags, HubFlags {
  seed: number;
  speed: number;
  record?: string;
}

interface VerifyFlags extends ConnectionFlags, HubFlags {
  seed: number;
  speed: number;
  timeout?: number;
  settle?: number;
  cleanup: boolean;
  all: boolean;
  report?: string;
}

type FaultFlags = ConnectionFlags & {
  all?: number;
  flapping?: number;
  clockSkew: number;
  seed: number;
  hub?: string;
  compareTimeout: number;
} & Partial<Record<string, number>>;

interface LoadFlags extends ConnectionFlags, HubFlags {
  rate: number;
  duration: number;
  devices: number;
  connections: number;
  batchSize: number;
  tick: number;
  window: number;
  type: EventType;
  drainTimeout: number;
}

interface ReplayFlags extends ConnectionFlags {
  speed: number;
  connections: number;
  keepIds: boolean;
  keepTimestamps: boolean;
  window: number;
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
      new Option('--url <url>', 'MQTT broker URL (credentials as mqtt://user:pass@host:port)')
        .default(DEFAULT_URL)
        .argParser(brokerUrl),
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

/** Options of commands that talk to the hub's HTTP API and /live. */
function withHub(command: Command, purpose: string): Command {
  return command
    .addOption(
      new Option(
        '--hub <url>',
        `the hub's HTTP URL, e.g. http://127.0.0.1:3000 (${purpose}); env IOC_SIM_HUB`,
      ).argParser(hubUrl),
    )
    .addOption(new Option('--username <name>', 'hub user; env IOC_SIM_USERNAME, default operator'))
    .addOption(
      new Option(
        '--password <password>',
        'its password; env IOC_SIM_PASSWORD (or IOC_DEMO_PASSWORD)',
      ),
    )
    .addOption(
      new Option(
        '--api-key <key>',
        'citizen-app key for report steps (X-Api-Key); env IOC_SIM_API_KEY',
      ),
    );
}

const eventType = (value: string): EventType => {
  if (!(EVENT_TYPES as readonly string[]).includes(value))
    throw new InvalidArgumentError(`expected one of ${EVENT_TYPES.join(', ')}`);
  return value as EventType;
};

/** `--malformed-json` → `malformedJson`, as commander names option values. */
const camel = (kind: string): string =>
  kind.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

function buildProgram(ctx: CliContext, done: (code: number) => void): Command {
  const program = new Command('ioc-sim')
    .description(
      'Device simulators for the IOC event hub: a Da Lat fleet, scenario files with expected outcomes ' +
        '(play and verify), fault injection, paced load with latency, record and replay.',
    )
    .version(version())
    // Throw instead of exiting, so `start()` returns the exit code (and tests run in-process).
    .exitOverride()
    .configureOutput({
      writeOut: (s) => ctx.out(s.trimEnd()),
      writeErr: (s) => ctx.err(s.trimEnd()),
    })
    .showHelpAfterError('(add --help for usage)')
    .addHelpText(
      'after',
      `
Exit codes: 0 done/passed, 1 usage error or a failed check, 2 broker or hub unreachable.
Docs: docs/simulators.md`,
    );

  withConnection(
    program
      .command('fleet')
      .description(
        "Run a deterministic Da Lat fleet: births, telemetry at each sensor kind's interval, heartbeats, " +
          'random camera detections; Ctrl-C publishes offline for every device and exits 0.',
      ),
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
    .addOption(
      new Option(
        '--interval <s>',
        'simulated seconds between sensor readings; 0: each kind its own (air, water, rain 60 s; tilt, weather 120 s)',
      )
        .default(0)
        .argParser(decimal(0)),
    )
    .addOption(new Option('--record <file.jsonl>', 'record every published message (JSON Lines)'))
    .addHelpText(
      'after',
      `
Examples:
  ioc-sim fleet --duration 600
  ioc-sim fleet --cameras 2000 --sensors 8000 --connections 8 --speed 60
  ioc-sim fleet --duration 60 --record fleet.jsonl     # then: ioc-sim replay fleet.jsonl --speed 10`,
    )
    .action(async (flags: FleetFlags) => {
      if (flags.cameras + flags.sensors > MAX_FLEET_DEVICES)
        throw new UsageError(
          `a fleet has at most ${MAX_FLEET_DEVICES} devices (--cameras + --sensors); run several simulators for more`,
        );
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
            intervalS: flags.interval,
            record: flags.record ?? null,
          },
          ctx,
        ),
      );
    });

  withHub(
    withConnection(
      program
        .command('scenario')
        .description(
          'Play a scenario (library name or YAML/JSON file) and print the outcome the hub should reach.',
        )
        .argument('<scenario>', 'library name (see list-scenarios) or a scenario file'),
    ),
    'needed for citizen-report steps',
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
    .addOption(new Option('--record <file.jsonl>', 'record every published message (JSON Lines)'))
    .addHelpText(
      'after',
      `
Examples:
  ioc-sim scenario forest-fire
  ioc-sim scenario ./my-scenario.yaml --speed 0
  ioc-sim scenario traffic-accident-report --hub http://127.0.0.1:3000 --password "$PW"`,
    )
    .action(async (ref: string, flags: ScenarioFlags) => {
      done(
        await scenarioCommand(
          ref,
          {
            url: flags.url,
            topicRoot: flags.topicRoot,
            connectTimeoutMs: flags.connectTimeout * 1000,
            seed: flags.seed,
            speed: flags.speed,
            hub: hubAccess(flags, ctx.env, null),
            record: flags.record ?? null,
          },
          ctx,
        ),
      );
    });

  withHub(
    withConnection(
      program
        .command('verify')
        .description(
          'Play scenarios against a running hub, then check each expected outcome over HTTP and /live; ' +
            'prints a pass/fail report, exit 0 when all pass, 1 when one fails.',
        )
        .argument('[scenarios...]', 'library names or scenario files'),
    ),
    'required',
  )
    .addOption(new Option('--all', 'verify every scenario of the library').default(false))
    .addOption(
      new Option('--seed <n>', "seed of the scenarios' small jitter")
        .default(1)
        .argParser(integer(0)),
    )
    .addOption(
      new Option('--speed <x>', 'scenario seconds per real second; 0 publishes as fast as possible')
        .default(0)
        .argParser(decimal(0)),
    )
    .addOption(
      new Option(
        '--timeout <s>',
        "seconds for the outcome to be reached (default: the file's expect.within, 20)",
      ).argParser(decimal(0, true)),
    )
    .addOption(
      new Option(
        '--settle <s>',
        "seconds the outcome must hold unchanged (default: the file's expect.settle, 2)",
      ).argParser(decimal(0)),
    )
    .addOption(
      new Option(
        '--cleanup',
        "afterwards, resolve this run's incidents as false alarms so a rerun starts clean (needs the dispatcher role)",
      ).default(false),
    )
    .addOption(new Option('--report <file.json>', 'also write the reports as JSON'))
    .addHelpText(
      'after',
      `
Examples:
  ioc-sim verify forest-fire --hub http://127.0.0.1:3000 --password "$PW"
  IOC_SIM_HUB=http://127.0.0.1:3000 IOC_SIM_USERNAME=dispatcher IOC_SIM_PASSWORD=… ioc-sim verify --all --cleanup
  ioc-sim verify ./my-scenario.yaml --url mqtt://broker:1883 --hub https://ioc.example --report out.json`,
    )
    .action(async (refs: string[], flags: VerifyFlags) => {
      const all = flags.all ? scenarioFiles(LIBRARY_DIR) : [];
      const targets = [...all, ...refs];
      if (targets.length === 0) throw new UsageError('name at least one scenario, or give --all');
      done(
        await verifyCommand(
          targets,
          {
            url: flags.url,
            topicRoot: flags.topicRoot,
            connectTimeoutMs: flags.connectTimeout * 1000,
            hub: hubAccess(flags, ctx.env, 'verify') as NonNullable<ReturnType<typeof hubAccess>>,
            speed: flags.speed,
            seed: flags.seed,
            timeoutS: flags.timeout ?? null,
            settleS: flags.settle ?? null,
            cleanup: flags.cleanup,
            reportFile: flags.report ?? null,
          },
          ctx,
        ),
      );
    });

  program
    .command('validate')
    .description(
      'Check scenario files against the schema (no broker, no hub); errors name the field and line.',
    )
    .argument('<scenarios...>', 'scenario files or library names')
    .addHelpText(
      'after',
      '\nExample:\n  ioc-sim validate simulators/scenarios/*.yaml my-scenario.yaml',
    )
    .action((refs: string[]) => done(validateCommand(refs, ctx)));

  program
    .command('list-scenarios')
    .description(
      'List the scenario library (simulators/scenarios), or the scenario files of --dir.',
    )
    .addOption(
      new Option('--dir <folder>', 'a folder of scenario files').default(
        LIBRARY_DIR,
        'the library',
      ),
    )
    .action((flags: { dir: string }) => done(listScenariosCommand(ctx, flags.dir)));

  const faults = withConnection(
    program
      .command('faults')
      .description(
        'Inject bad input and count it: each kind with the hub counter it should move ' +
          '(ioc_events_rejected_total{reason}, ioc_events_duplicate_total…). With --hub, compare with /metrics.',
      ),
  );
  for (const kind of FAULT_KINDS) {
    if (kind === 'flapping' || kind === 'clock-skew') continue;
    faults.addOption(new Option(`--${kind} <n>`, faultHelp(kind)).argParser(integer(0)));
  }
  faults
    .addOption(
      new Option(
        '--clock-skew-events <n>',
        'valid events stamped now + --clock-skew seconds',
      ).argParser(integer(0)),
    )
    .addOption(
      new Option(
        '--flapping <n>',
        'drop and reconnect a device connection n times (Last Will each time)',
      ).argParser(integer(0)),
    )
    .addOption(
      new Option('--all <n>', 'n of every kind (flags given explicitly win)').argParser(integer(0)),
    )
    .addOption(
      new Option(
        '--clock-skew <s>',
        "seconds added to the --clock-skew events' timestamps (> 120: future_timestamp)",
      )
        .default(30)
        .argParser((v) => {
          const n = Number(v);
          if (!Number.isFinite(n)) throw new InvalidArgumentError('expected a number of seconds');
          return n;
        }),
    )
    .addOption(new Option('--seed <n>', 'seed of the variants').default(1).argParser(integer(0)))
    .addOption(
      new Option(
        '--hub <url>',
        'read /metrics before and after and compare (exit 1 on a mismatch)',
      ).argParser(hubUrl),
    )
    .addOption(
      new Option('--compare-timeout <s>', 'seconds to wait for /metrics to show every fault')
        .default(10)
        .argParser(decimal(0, true)),
    )
    .addHelpText(
      'after',
      `
Kinds: ${FAULT_KINDS.join(', ')}.
--clock-skew is the skew in seconds; --clock-skew-events (or --all) how many events carry it.
Examples:
  ioc-sim faults --all 3 --hub http://127.0.0.1:3000
  ioc-sim faults --malformed-json 5 --duplicates 10 --out-of-order 20
  ioc-sim faults --clock-skew-events 4 --clock-skew 300      # 4 × future_timestamp`,
    )
    .action(async (flags: FaultFlags) => {
      const counts: Partial<Record<Exclude<FaultKind, 'flapping'>, number>> = {};
      for (const kind of FAULT_KINDS) {
        if (kind === 'flapping') continue;
        const key = kind === 'clock-skew' ? 'clockSkewEvents' : camel(kind);
        const n = flags[key] ?? flags.all;
        if (n) counts[kind] = n;
      }
      const flaps = flags.flapping ?? flags.all ?? 0;
      if (Object.keys(counts).length === 0 && flaps === 0)
        throw new UsageError(
          'no fault asked for: give counts such as --malformed-json 3, or --all 2',
        );
      done(
        await faultsCommand(
          {
            url: flags.url,
            topicRoot: flags.topicRoot,
            connectTimeoutMs: flags.connectTimeout * 1000,
            counts,
            flaps,
            clockSkewS: flags.clockSkew,
            seed: flags.seed,
            hubUrl: flags.hub ?? null,
            compareTimeoutS: flags.compareTimeout,
          },
          ctx,
        ),
      );
    });

  withHub(
    withConnection(
      program
        .command('load')
        .description(
          'Publish N events per second for S seconds with accurate pacing (QoS 1); report the achieved ' +
            'rate and, with --hub, publish → /live latency p50/p95/p99.',
        ),
    ),
    'for latency',
  )
    .addOption(
      new Option('--rate <n>', 'events per second')
        .makeOptionMandatory()
        .argParser(decimal(0, true)),
    )
    .addOption(
      new Option('--duration <s>', 'seconds').makeOptionMandatory().argParser(decimal(0, true)),
    )
    .addOption(
      new Option('--devices <n>', 'load devices, each alone at its own place (one incident each)')
        .default(100)
        .argParser(integer(1)),
    )
    .addOption(new Option('--connections <n>', 'MQTT connections').default(2).argParser(integer(1)))
    .addOption(
      new Option('--batch-size <n>', 'events per MQTT message (a JSON array when > 1, ≤ 500)')
        .default(1)
        .argParser(integer(1)),
    )
    .addOption(
      new Option('--tick <ms>', 'pacing tick: what is due is sent together each tick')
        .default(10)
        .argParser(decimal(1)),
    )
    .addOption(
      new Option('--window <n>', 'unacknowledged publishes allowed in flight (all connections)')
        .default(2000)
        .argParser(integer(1)),
    )
    .addOption(
      new Option('--type <type>', 'event type published')
        .default('traffic.congestion')
        .argParser(eventType),
    )
    .addOption(
      new Option('--drain-timeout <s>', 'seconds to wait for /live to show the last events')
        .default(15)
        .argParser(decimal(0)),
    )
    .addHelpText(
      'after',
      `
Examples:
  ioc-sim load --rate 2000 --duration 30 --hub http://127.0.0.1:3000 --password "$PW"
  ioc-sim load --rate 500 --duration 10 --devices 1000 --batch-size 10`,
    )
    .action(async (flags: LoadFlags) => {
      if (flags.batchSize > 500)
        throw new UsageError('--batch-size is at most 500 (the hub refuses larger arrays)');
      if (flags.rate * flags.duration > 50_000_000)
        throw new UsageError('rate × duration is at most 50,000,000 events');
      done(
        await loadCommand(
          {
            url: flags.url,
            topicRoot: flags.topicRoot,
            connectTimeoutMs: flags.connectTimeout * 1000,
            rate: flags.rate,
            durationS: flags.duration,
            devices: flags.devices,
            connections: flags.connections,
            batchSize: flags.batchSize,
            tickMs: flags.tick,
            window: flags.window,
            type: flags.type,
            hub: hubAccess(flags, ctx.env, null),
            drainTimeoutS: flags.drainTimeout,
          },
          ctx,
        ),
      );
    });

  withConnection(
    program
      .command('replay')
      .description('Replay a recording (fleet/scenario --record) at any speed.')
      .argument('<file.jsonl>', 'a recording'),
  )
    .addOption(
      new Option('--speed <x>', 'recorded time runs this many times faster; 0: as fast as possible')
        .default(1)
        .argParser(decimal(0)),
    )
    .addOption(
      new Option('--connections <n>', 'MQTT connections (a device always uses the same one)')
        .default(1)
        .argParser(integer(1)),
    )
    .addOption(
      new Option(
        '--keep-ids',
        'keep event ids as recorded (a second replay is then all duplicates)',
      ).default(false),
    )
    .addOption(
      new Option('--keep-timestamps', 'keep recorded timestamps instead of stamping now').default(
        false,
      ),
    )
    .addOption(
      new Option('--window <n>', 'unacknowledged publishes allowed in flight')
        .default(2000)
        .argParser(integer(1)),
    )
    .addHelpText(
      'after',
      '\nExamples:\n  ioc-sim replay fleet.jsonl --speed 10\n  ioc-sim replay fleet.jsonl --speed 0 --keep-ids',
    )
    .action(async (file: string, flags: ReplayFlags) => {
      done(
        await replayCommand(
          file,
          {
            url: flags.url,
            topicRoot: flags.topicRoot,
            connectTimeoutMs: flags.connectTimeout * 1000,
            speed: flags.speed,
            connections: flags.connections,
            keepIds: flags.keepIds,
            keepTimestamps: flags.keepTimestamps,
            window: flags.window,
          },
          ctx,
        ),
      );
    });

  return program;
}

function faultHelp(kind: Exclude<FaultKind, 'flapping' | 'clock-skew'>): string {
  const help: Record<Exclude<FaultKind, 'flapping' | 'clock-skew'>, string> = {
    'malformed-json': 'payloads that are not JSON → invalid_json',
    'missing-fields': 'events/telemetry without id, ts, type or readings → missing_field',
    'wrong-types': 'fields of the wrong type → invalid_field',
    oversized: 'payloads over 64 KiB → payload_too_large',
    'out-of-range': 'coordinates off the globe → coordinates_out_of_range',
    'future-ts': 'timestamps 10–60 min ahead → future_timestamp',
    'unknown-device': 'unlocated events from devices with no birth → unknown_device',
    'bad-topic': 'topics outside the scheme → bad_topic',
    duplicates: 'repeats of one event → ioc_events_duplicate_total',
    'out-of-order': 'valid events published newest first → accepted',
  };
  return help[kind];
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
    if (error instanceof UsageError) {
      ctx.err(`error: ${error.message}`);
      ctx.err('(add --help for usage)');
      return EXIT.error;
    }
    ctx.err(`ioc-sim: ${error instanceof Error ? error.message : String(error)}`);
    return EXIT.error;
  }
}

if (require.main === module) {
  // Output piped into `head` and the like: a closed pipe ends the program quietly.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
  });
  // Exit explicitly: a command may leave a reconnect timer of a dropped connection behind.
  void start(process.argv).then((code) => process.exit(code));
}
