import type { Command } from 'commander';
import { EXIT, type CliContext } from '../cli.context';
import {
  connectionOptions,
  hubAccess,
  recordOption,
  seedOption,
  speedOption,
  withConnection,
  withHub,
  type CommandHost,
  type ConnectionFlags,
  type ConnectionOptions,
  type HubAccess,
  type HubFlags,
} from '../cli.options';
import { HubClient } from '../hub/hub.client';
import { DeviceConnections } from '../identity/device-connections';
import {
  resolveDeviceIdentity,
  withDeviceIdentity,
  type IdentityFlags,
} from '../identity/device-identity';
import { scenarioRegistrations } from '../identity/registrations';
import { runTagFor, type MessageSink } from '../messages';
import { clientIdFor, MqttPublisher, redactUrl } from '../publisher';
import { JsonlRecorder, RecordingTap } from '../record/recording';
import { MqttDeviceLinks } from '../scenarios/device-links';
import { resolveScenario, ScenarioError } from '../scenarios/scenario.loader';
import {
  describeExpectation,
  runScenario,
  scenarioDurationS,
  scenarioNeeds,
} from '../scenarios/scenario.runner';
import { describePlayed } from '../verify/verify.runner';
import { reportError } from './errors';

export interface ScenarioCommandOptions extends ConnectionOptions {
  seed: number;
  speed: number;
  /** For citizen-report steps. */
  hub: HubAccess | null;
  record: string | null;
  /** Per-device credentials (--credentials, --provision); none: one anonymous connection. */
  identity: IdentityFlags;
}

/**
 * `ioc-sim scenario <name|file>`: plays a scenario (the shared connection has no Last
 * Will: its devices stay as their steps leave them) and prints the expected outcome.
 */
export async function scenarioCommand(
  ref: string,
  options: ScenarioCommandOptions,
  ctx: CliContext,
): Promise<number> {
  const shutdown = ctx.shutdownSignal();
  let publisher: MqttPublisher | undefined;
  let devices: DeviceConnections | undefined;
  let links: MqttDeviceLinks | undefined;
  let recorder: JsonlRecorder | undefined;
  try {
    const { scenario } = resolveScenario(ref);
    const needs = scenarioNeeds(scenario);
    if (needs.reports && !options.hub)
      throw new ScenarioError(
        `scenario ${scenario.name} has citizen-report steps: give --hub and a user (--username/--password)`,
      );
    const hub = options.hub
      ? await HubClient.login(options.hub.url, options.hub, { apiKey: options.hub.apiKey })
      : undefined;
    const runTag = runTagFor(ctx.clock.now());
    const identity = await resolveDeviceIdentity(
      options.identity,
      options.hub,
      () => scenarioRegistrations(scenario),
      ctx.out,
    );
    const connection = { url: options.url, connectTimeoutMs: options.connectTimeoutMs, runTag };
    if (identity) devices = new DeviceConnections({ ...connection, ...identity });
    else
      publisher = await MqttPublisher.connect({
        ...connection,
        clientId: clientIdFor('scenario', runTag),
      });
    if (needs.links)
      links = new MqttDeviceLinks({
        ...connection,
        topicRoot: options.topicRoot,
        watcher: publisher,
        devices,
      });
    let sink: MessageSink = (devices ?? publisher) as MessageSink;
    if (options.record) {
      recorder = new JsonlRecorder(options.record, ctx.clock, {
        topicRoot: options.topicRoot,
        command: `scenario ${scenario.name} --seed ${options.seed}`,
      });
      sink = new RecordingTap(sink, recorder, ctx.clock);
    }
    const pace =
      options.speed > 0
        ? `${scenarioDurationS(scenario)} s at speed ${options.speed}x`
        : 'as fast as possible';
    ctx.out(`scenario ${scenario.name}: ${scenario.title}`);
    ctx.out(
      `  ${scenario.steps.length} steps, ${pace}, to ${redactUrl(options.url)} (topic root "${options.topicRoot}"), run ${runTag}`,
    );
    const result = await runScenario(scenario, {
      sink,
      links,
      reporter: hub,
      clock: ctx.clock,
      speed: options.speed,
      topicRoot: options.topicRoot,
      runTag,
      seed: options.seed,
      signal: shutdown.signal,
      onStep: (played) => ctx.out(`  t=${played.step.at}s ${describePlayed(played)}`),
    });
    await links?.closeAll();
    await publisher?.close();
    await devices?.closeAll();
    publisher = undefined;
    devices = undefined;
    if (recorder) ctx.out(`recorded ${recorder.lines} messages to ${options.record ?? ''}`);
    if (!result.completed) {
      ctx.out(
        `scenario ${scenario.name}: stopped after ${result.played.length} of ${scenario.steps.length} steps`,
      );
      return EXIT.ok;
    }
    ctx.out(`scenario ${scenario.name}: done, ${result.messages.length} messages published`);
    ctx.out('expected outcome:');
    for (const line of describeExpectation(scenario.expect.incidents)) ctx.out(`  - ${line}`);
    return EXIT.ok;
  } catch (error) {
    return reportError(error, ctx);
  } finally {
    shutdown.dispose();
    await links?.closeAll();
    await publisher?.close();
    await devices?.closeAll();
    await recorder?.close();
  }
}

interface ScenarioFlags extends ConnectionFlags, HubFlags, IdentityFlags {
  seed: number;
  speed: number;
  record?: string;
}

export function register(program: Command, { ctx, done }: CommandHost): void {
  withHub(
    withDeviceIdentity(
      withConnection(
        program
          .command('scenario')
          .description(
            'Play a scenario (library name or YAML/JSON file) and print the outcome the hub should reach.',
          )
          .argument('<scenario>', 'library name (see list-scenarios) or a scenario file'),
      ),
    ),
    'needed for citizen-report steps and --provision',
  )
    .addOption(seedOption("seed of the scenario's small jitter", 1))
    .addOption(speedOption('scenario seconds per real second; 0 publishes as fast as possible', 1))
    .addOption(recordOption())
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
            ...connectionOptions(flags),
            seed: flags.seed,
            speed: flags.speed,
            hub: hubAccess(flags, ctx.env, null),
            record: flags.record ?? null,
            identity: flags,
          },
          ctx,
        ),
      );
    });
}
