import { writeFileSync } from 'node:fs';
import { Option, type Command } from 'commander';
import { EXIT, type CliContext } from '../cli.context';
import {
  connectionOptions,
  decimal,
  hubAccess,
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
import { mergeDeviceLists } from '../identity/device-list';
import {
  resolveDeviceIdentity,
  withDeviceIdentity,
  type IdentityFlags,
} from '../identity/device-identity';
import { scenarioRegistrations } from '../identity/registrations';
import { LIBRARY_DIR, resolveScenario, scenarioFiles } from '../scenarios/scenario.loader';
import { describeExpectation } from '../scenarios/scenario.runner';
import { formatReport, verifyScenario, type VerifyReport } from '../verify/verify.runner';
import { reportError } from './errors';

export interface VerifyCommandOptions extends ConnectionOptions {
  hub: HubAccess;
  speed: number;
  seed: number;
  timeoutS: number | null;
  settleS: number | null;
  cleanup: boolean;
  /** Write every report as JSON here. */
  reportFile: string | null;
  /** Per-device credentials (--credentials, --provision). */
  identity: IdentityFlags;
}

/**
 * `ioc-sim verify <scenario...>`: plays each scenario against a running hub and checks its
 * expected outcome over HTTP and /live. Exit 0 when every scenario passes, 1 when one fails,
 * 2 when the broker or the hub cannot be reached.
 */
export async function verifyCommand(
  refs: string[],
  options: VerifyCommandOptions,
  ctx: CliContext,
): Promise<number> {
  const shutdown = ctx.shutdownSignal();
  const reports: VerifyReport[] = [];
  try {
    // Every file is validated before anything is played: a typo fails fast.
    const scenarios = refs.map((ref) => resolveScenario(ref));
    const identity = await resolveDeviceIdentity(
      options.identity,
      options.hub,
      () => mergeDeviceLists(scenarios.map(({ scenario }) => scenarioRegistrations(scenario))),
      ctx.out,
    );
    for (const { file, scenario } of scenarios) {
      if (shutdown.signal.aborted) break;
      const report = await verifyScenario(
        {
          scenario,
          file,
          url: options.url,
          topicRoot: options.topicRoot,
          connectTimeoutMs: options.connectTimeoutMs,
          hubUrl: options.hub.url,
          credentials: { username: options.hub.username, password: options.hub.password },
          apiKey: options.hub.apiKey,
          speed: options.speed,
          seed: options.seed,
          timeoutS: options.timeoutS,
          settleS: options.settleS,
          cleanup: options.cleanup,
          identity,
        },
        { clock: ctx.clock, log: ctx.out, signal: shutdown.signal },
      );
      ctx.out('expected:');
      for (const line of describeExpectation(scenario.expect.incidents)) ctx.out(`  - ${line}`);
      for (const line of formatReport(report)) ctx.out(line);
      reports.push(report);
    }
    if (scenarios.length > 1) {
      const failed = reports.filter((r) => !r.passed).map((r) => r.scenario);
      ctx.out(
        failed.length === 0
          ? `verify: all ${reports.length} scenarios PASS`
          : `verify: ${failed.length} of ${reports.length} scenarios FAIL: ${failed.join(', ')}`,
      );
    }
    return reports.length === scenarios.length && reports.every((r) => r.passed)
      ? EXIT.ok
      : EXIT.error;
  } catch (error) {
    return reportError(error, ctx);
  } finally {
    shutdown.dispose();
    if (options.reportFile)
      writeFileSync(options.reportFile, `${JSON.stringify({ reports }, null, 2)}\n`);
  }
}

interface VerifyFlags extends ConnectionFlags, HubFlags, IdentityFlags {
  seed: number;
  speed: number;
  timeout?: number;
  settle?: number;
  cleanup: boolean;
  all: boolean;
  report?: string;
}

export function register(program: Command, { ctx, done }: CommandHost): void {
  withHub(
    withDeviceIdentity(
      withConnection(
        program
          .command('verify')
          .description(
            'Play scenarios against a running hub, then check each expected outcome over HTTP and /live; ' +
              'prints a pass/fail report, exit 0 when all pass, 1 when one fails.',
          )
          .argument('[scenarios...]', 'library names or scenario files'),
      ),
    ),
    'required',
  )
    .addOption(new Option('--all', 'verify every scenario of the library').default(false))
    .addOption(seedOption("seed of the scenarios' small jitter", 1))
    .addOption(speedOption('scenario seconds per real second; 0 publishes as fast as possible', 0))
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
            ...connectionOptions(flags),
            hub: hubAccess(flags, ctx.env, 'verify'),
            speed: flags.speed,
            seed: flags.seed,
            timeoutS: flags.timeout ?? null,
            settleS: flags.settle ?? null,
            cleanup: flags.cleanup,
            reportFile: flags.report ?? null,
            identity: flags,
          },
          ctx,
        ),
      );
    });
}
