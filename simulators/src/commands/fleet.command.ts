import { EXIT, type CliContext } from '../cli.context';
import { FleetRunner, type FleetRunOptions } from '../fleet/fleet.runner';
import { runTagFor } from '../messages';
import { clientIdFor, MqttPublisher, redactUrl } from '../publisher';
import { JsonlRecorder } from '../record/recording';
import { reportError } from './errors';

export interface FleetCommandOptions extends Omit<FleetRunOptions, 'runTag'> {
  url: string;
  connectTimeoutMs: number;
  /** Record every published message to this JSON Lines file. */
  record: string | null;
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
  const runner = new FleetRunner(
    { ...options, runTag },
    {
      clock: ctx.clock,
      log: ctx.out,
      connect: (index, will) =>
        MqttPublisher.connect({
          url: options.url,
          clientId: clientIdFor(`fleet${index + 1}`, runTag),
          will,
          connectTimeoutMs: options.connectTimeoutMs,
        }),
      tap: recorder ? (message, at) => recorder.write(message, at) : undefined,
    },
  );
  const shutdown = ctx.shutdownSignal();
  try {
    ctx.out(`fleet: connecting to ${redactUrl(options.url)} (topic root "${options.topicRoot}")`);
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
