import { basename } from 'node:path';
import { EXIT, type CliContext } from '../cli.context';
import type { HubAccess } from '../cli.options';
import { HubClient } from '../hub/hub.client';
import { runTagFor, type MessageSink } from '../messages';
import { clientIdFor, MqttPublisher, redactUrl } from '../publisher';
import { JsonlRecorder, RecordingTap } from '../record/recording';
import { MqttDeviceLinks } from '../scenarios/device-links';
import {
  LIBRARY_DIR,
  loadScenarioFile,
  resolveScenario,
  scenarioFiles,
  ScenarioError,
} from '../scenarios/scenario.loader';
import {
  describeExpectation,
  runScenario,
  scenarioDurationS,
  scenarioNeeds,
} from '../scenarios/scenario.runner';
import { describePlayed } from '../verify/verify.runner';
import { reportError } from './errors';

export interface ScenarioCommandOptions {
  url: string;
  seed: number;
  speed: number;
  topicRoot: string;
  connectTimeoutMs: number;
  /** For citizen-report steps. */
  hub: HubAccess | null;
  record: string | null;
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
    publisher = await MqttPublisher.connect({
      url: options.url,
      clientId: clientIdFor('scenario', runTag),
      connectTimeoutMs: options.connectTimeoutMs,
    });
    if (needs.links)
      links = new MqttDeviceLinks({
        url: options.url,
        topicRoot: options.topicRoot,
        runTag,
        connectTimeoutMs: options.connectTimeoutMs,
        watcher: publisher,
      });
    let sink: MessageSink = publisher;
    if (options.record) {
      recorder = new JsonlRecorder(options.record, ctx.clock, {
        topicRoot: options.topicRoot,
        command: `scenario ${scenario.name} --seed ${options.seed}`,
      });
      sink = new RecordingTap(publisher, recorder, ctx.clock);
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
    await publisher.close();
    publisher = undefined;
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
    await recorder?.close();
  }
}

/** `ioc-sim list-scenarios`: the library (or `--dir`), with steps and duration. */
export function listScenariosCommand(ctx: CliContext, dir = LIBRARY_DIR): number {
  try {
    const files = scenarioFiles(dir);
    if (files.length === 0) ctx.out(`no scenario files in ${dir}`);
    for (const file of files) {
      const s = loadScenarioFile(file);
      const name = basename(file).replace(/\.(ya?ml|json)$/, '');
      ctx.out(`${name.padEnd(26)} ${s.title} (${s.steps.length} steps, ${scenarioDurationS(s)} s)`);
    }
    return EXIT.ok;
  } catch (error) {
    return reportError(error, ctx);
  }
}

/** `ioc-sim validate <file...>`: schema-checks scenario files without a broker or hub. */
export function validateCommand(refs: string[], ctx: CliContext): number {
  let bad = 0;
  for (const ref of refs) {
    try {
      const { file, scenario } = resolveScenario(ref);
      const expected = describeExpectation(scenario.expect.incidents).join('; ');
      ctx.out(
        `ok    ${file}: ${scenario.name}, ${scenario.steps.length} steps; expects ${expected}`,
      );
    } catch (error) {
      bad += 1;
      ctx.err(`FAIL  ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  if (refs.length > 1) ctx.out(`${refs.length - bad} of ${refs.length} valid`);
  return bad === 0 ? EXIT.ok : EXIT.error;
}
