import { Option, type Command } from 'commander';
import { EXIT, type CliContext } from '../cli.context';
import {
  connectionOptions,
  connectionsOption,
  speedOption,
  windowOption,
  withConnection,
  type CommandHost,
  type ConnectionFlags,
  type ConnectionOptions,
} from '../cli.options';
import { formatCounts } from '../counting.sink';
import { hashString } from '../random';
import { runTagFor } from '../messages';
import { clientIdFor, MqttPublisher, redactUrl } from '../publisher';
import { replayRecording } from '../record/replay.runner';
import { reportError } from './errors';

export interface ReplayCommandOptions extends ConnectionOptions {
  speed: number;
  connections: number;
  keepIds: boolean;
  keepTimestamps: boolean;
  window: number;
}

/** `ioc-sim replay <file.jsonl>`: republishes a recording at any speed. */
export async function replayCommand(
  file: string,
  options: ReplayCommandOptions,
  ctx: CliContext,
): Promise<number> {
  const shutdown = ctx.shutdownSignal();
  const connections: MqttPublisher[] = [];
  try {
    const tag = runTagFor(ctx.clock.now());
    const perConnection = Math.max(1, Math.ceil(options.window / options.connections));
    for (let i = 0; i < options.connections; i++)
      connections.push(
        await MqttPublisher.connect({
          url: options.url,
          clientId: clientIdFor(`replay${i + 1}`, tag),
          connectTimeoutMs: options.connectTimeoutMs,
          maxInflight: perConnection,
        }),
      );
    ctx.out(
      `replay ${file} to ${redactUrl(options.url)} (topic root "${options.topicRoot}") at ` +
        `${options.speed > 0 ? `${options.speed}x` : 'full speed'}, run ${tag}`,
    );
    const result = await replayRecording(
      {
        file,
        speed: options.speed,
        topicRoot: options.topicRoot,
        keepIds: options.keepIds,
        keepTimestamps: options.keepTimestamps,
        replayTag: tag,
        window: options.window,
        signal: shutdown.signal,
      },
      {
        clock: ctx.clock,
        // One device, one connection: its messages keep their order.
        sinkFor: (deviceId) =>
          connections[hashString(deviceId) % connections.length] as MqttPublisher,
      },
    );
    ctx.out(
      `replay: recorded by "${result.header.command}" at ${result.header.startedAt}, ` +
        `${(result.recordedSpanMs / 1000).toFixed(1)} s recorded, replayed in ${(result.durationMs / 1000).toFixed(1)} s` +
        `${result.completed ? '' : ' (interrupted)'}`,
    );
    const changes = [
      options.keepTimestamps ? null : 'timestamps set to now',
      options.keepIds ? null : `event ids tagged -r${tag}`,
    ].filter(Boolean);
    ctx.out(
      `replay: ${formatCounts(result.counts)}; ` +
        (changes.length > 0
          ? `${result.rewritten} payloads rewritten (${changes.join(', ')})`
          : 'payloads as recorded'),
    );
    return result.counts.failed === 0 ? EXIT.ok : EXIT.error;
  } catch (error) {
    return reportError(error, ctx);
  } finally {
    shutdown.dispose();
    await Promise.allSettled(connections.map((c) => c.close()));
  }
}

interface ReplayFlags extends ConnectionFlags {
  speed: number;
  connections: number;
  keepIds: boolean;
  keepTimestamps: boolean;
  window: number;
}

export function register(program: Command, { ctx, done }: CommandHost): void {
  withConnection(
    program
      .command('replay')
      .description('Replay a recording (fleet/scenario --record) at any speed.')
      .argument('<file.jsonl>', 'a recording'),
  )
    .addOption(speedOption('recorded time runs this many times faster; 0: as fast as possible', 1))
    .addOption(connectionsOption('MQTT connections (a device always uses the same one)', 1))
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
    .addOption(windowOption('unacknowledged publishes allowed in flight'))
    .addHelpText(
      'after',
      '\nExamples:\n  ioc-sim replay fleet.jsonl --speed 10\n  ioc-sim replay fleet.jsonl --speed 0 --keep-ids',
    )
    .action(async (file: string, flags: ReplayFlags) => {
      done(
        await replayCommand(
          file,
          {
            ...connectionOptions(flags),
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
}
