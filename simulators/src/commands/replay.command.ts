import { Option, type Command } from 'commander';
import { EXIT, type CliContext } from '../cli.context';
import {
  connectionOptions,
  connectionsOption,
  hubAccess,
  speedOption,
  windowOption,
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
import { recordingRegistrations } from '../record/recording-devices';
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
  /** Per-device credentials (--credentials, --provision); none: anonymous shared connections. */
  identity: IdentityFlags;
  /** For --provision: an admin on the hub. */
  hub: HubAccess | null;
}

/** `ioc-sim replay <file.jsonl>`: republishes a recording at any speed. */
export async function replayCommand(
  file: string,
  options: ReplayCommandOptions,
  ctx: CliContext,
): Promise<number> {
  const shutdown = ctx.shutdownSignal();
  const connections: MqttPublisher[] = [];
  let devices: DeviceConnections | null = null;
  try {
    const tag = runTagFor(ctx.clock.now());
    // --provision registers the devices with the births recorded for them.
    const registrations = options.identity.provision ? await recordingRegistrations(file) : [];
    const identity = await resolveDeviceIdentity(
      options.identity,
      options.hub,
      () => registrations,
      ctx.out,
    );
    if (identity)
      devices = new DeviceConnections({
        url: options.url,
        connectTimeoutMs: options.connectTimeoutMs,
        runTag: tag,
        ...identity,
      });
    const perConnection = Math.max(1, Math.ceil(options.window / options.connections));
    for (let i = 0; i < (devices ? 0 : options.connections); i++)
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
        `${options.speed > 0 ? `${options.speed}x` : 'full speed'}, run ${tag}` +
        (identity ? `, each device as itself (${identity.origin})` : ''),
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
          devices ?? (connections[hashString(deviceId) % connections.length] as MqttPublisher),
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
    await Promise.allSettled([...connections.map((c) => c.close()), devices?.closeAll()]);
  }
}

interface ReplayFlags extends ConnectionFlags, HubFlags, IdentityFlags {
  speed: number;
  connections: number;
  keepIds: boolean;
  keepTimestamps: boolean;
  window: number;
}

export function register(program: Command, { ctx, done }: CommandHost): void {
  withHub(
    withDeviceIdentity(
      withConnection(
        program
          .command('replay')
          .description('Replay a recording (fleet/scenario --record) at any speed.')
          .argument('<file.jsonl>', 'a recording'),
      ),
    ),
    'for --provision, as an admin',
  )
    .addOption(speedOption('recorded time runs this many times faster; 0: as fast as possible', 1))
    .addOption(
      connectionsOption(
        'MQTT connections (a device always uses the same one; anonymous only: with --credentials, one per device)',
        1,
      ),
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
    .addOption(windowOption('unacknowledged publishes allowed in flight'))
    .addHelpText(
      'after',
      '\nExamples:\n  ioc-sim replay fleet.jsonl --speed 10\n  ioc-sim replay fleet.jsonl --speed 0 --keep-ids\n' +
        '  ioc-sim replay fleet.jsonl --credentials creds.json   # each device as itself (ioc-sim provision)\n' +
        'Without --credentials or --provision it connects anonymously (a hub that allows anonymous devices).',
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
            identity: flags,
            hub: flags.provision ? hubAccess(flags, ctx.env, '--provision') : null,
          },
          ctx,
        ),
      );
    });
}
