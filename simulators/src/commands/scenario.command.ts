import { EXIT, type CliContext } from '../cli.context';
import { runTagFor } from '../messages';
import { MqttPublisher, redactUrl } from '../publisher';
import { builtInScenarios, findScenario } from '../scenarios/scenario.registry';
import { describeExpectation, runScenario, scenarioDurationS } from '../scenarios/scenario.runner';
import { reportError } from './fleet.command';

export interface ScenarioCommandOptions {
  url: string;
  seed: number;
  speed: number;
  topicRoot: string;
  connectTimeoutMs: number;
}

/**
 * `ioc-sim scenario <name>`: plays a scripted scenario on one connection (without a Last
 * Will: scenario devices stay as their steps leave them) and prints the expected outcome.
 */
export async function scenarioCommand(
  name: string,
  options: ScenarioCommandOptions,
  ctx: CliContext,
): Promise<number> {
  const shutdown = ctx.shutdownSignal();
  let publisher: MqttPublisher | undefined;
  try {
    const scenario = findScenario(name);
    const runTag = runTagFor(ctx.clock.now());
    publisher = await MqttPublisher.connect({
      url: options.url,
      clientId: `ioc-sim-scenario-${runTag}`,
      connectTimeoutMs: options.connectTimeoutMs,
    });
    const pace =
      options.speed > 0
        ? `${scenarioDurationS(scenario)} s at speed ${options.speed}x`
        : 'as fast as possible';
    ctx.out(`scenario ${scenario.name}: ${scenario.title}`);
    ctx.out(
      `  ${scenario.steps.length} steps, ${pace}, to ${redactUrl(options.url)} (topic root "${options.topicRoot}"), run ${runTag}`,
    );
    const result = await runScenario(scenario, {
      sink: publisher,
      clock: ctx.clock,
      speed: options.speed,
      topicRoot: options.topicRoot,
      runTag,
      seed: options.seed,
      signal: shutdown.signal,
      onPublish: (message, step) =>
        ctx.out(
          `  t=${step.at}s ${describeMessage(message.channel, message.payload)} ${message.deviceId}`,
        ),
    });
    await publisher.close();
    publisher = undefined;
    if (!result.completed) {
      ctx.out(
        `scenario ${scenario.name}: stopped after ${result.messages.length} of ${scenario.steps.length} steps`,
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
    await publisher?.close();
  }
}

/** `ioc-sim list-scenarios` */
export function listScenariosCommand(ctx: CliContext): number {
  for (const s of builtInScenarios()) {
    ctx.out(`${s.name.padEnd(16)} ${s.title} (${s.steps.length} steps, ${scenarioDurationS(s)} s)`);
  }
  return EXIT.ok;
}

function describeMessage(channel: string, payload: string): string {
  if (channel === 'status') return `status ${payload}`;
  if (channel === 'events') {
    const event = JSON.parse(payload) as { type: string; confidence?: number };
    return `event ${event.type}${event.confidence === undefined ? '' : ` (${event.confidence})`} from`;
  }
  if (channel === 'telemetry') {
    const { readings } = JSON.parse(payload) as { readings: Record<string, number> };
    return `telemetry ${Object.entries(readings)
      .map(([k, v]) => `${k}=${v}`)
      .join(' ')} from`;
  }
  return `${channel} of`;
}
