import { EXIT, type CliContext } from '../cli.context';
import { FleetRunner, type FleetRunOptions } from '../fleet/fleet.runner';
import { runTagFor } from '../messages';
import { BrokerUnreachableError, MqttPublisher, redactUrl } from '../publisher';

export interface FleetCommandOptions extends Omit<FleetRunOptions, 'runTag'> {
  url: string;
  connectTimeoutMs: number;
}

/** `ioc-sim fleet`: runs the Da Lat fleet until --duration or a signal. */
export async function fleetCommand(options: FleetCommandOptions, ctx: CliContext): Promise<number> {
  const runTag = runTagFor(ctx.clock.now());
  const runner = new FleetRunner(
    { ...options, runTag },
    {
      clock: ctx.clock,
      log: ctx.out,
      connect: (index, will) =>
        MqttPublisher.connect({
          url: options.url,
          clientId: `ioc-sim-fleet-${runTag}-${index + 1}`,
          will,
          connectTimeoutMs: options.connectTimeoutMs,
        }),
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
  }
}

export function reportError(error: unknown, ctx: CliContext): number {
  if (error instanceof BrokerUnreachableError) {
    ctx.err(`ioc-sim: ${error.message}`);
    return EXIT.brokerUnreachable;
  }
  ctx.err(`ioc-sim: ${error instanceof Error ? error.message : String(error)}`);
  return EXIT.error;
}
