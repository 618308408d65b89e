import { InvalidArgumentError, Option, type Command } from 'commander';
import { EVENT_TYPES, type EventType } from '@ioc/shared';
import { EXIT, type CliContext } from '../cli.context';
import {
  connectionOptions,
  connectionsOption,
  decimal,
  hubAccess,
  integer,
  UsageError,
  windowOption,
  withConnection,
  withHub,
  type CommandHost,
  type ConnectionFlags,
  type ConnectionOptions,
  type HubAccess,
  type HubFlags,
} from '../cli.options';
import { HubClient } from '../hub/hub.client';
import { LiveWatcher } from '../hub/live.watcher';
import { DeviceConnections } from '../identity/device-connections';
import {
  resolveDeviceIdentity,
  withDeviceIdentity,
  type IdentityFlags,
} from '../identity/device-identity';
import { loadRegistrations } from '../identity/registrations';
import { runTagFor } from '../messages';
import { clientIdFor, MqttPublisher, redactUrl } from '../publisher';
import { LatencyTracker, type LatencySummary } from '../load/latency.tracker';
import { loadDeviceId, runLoad } from '../load/load.runner';
import { reportError } from './errors';

export interface LoadCommandOptions extends ConnectionOptions {
  rate: number;
  durationS: number;
  devices: number;
  connections: number;
  batchSize: number;
  tickMs: number;
  window: number;
  type: EventType;
  /** With a hub: measure publish → /live latency. */
  hub: HubAccess | null;
  drainTimeoutS: number;
  /** Per-device credentials: then one connection per device instead of `connections`. */
  identity: IdentityFlags;
}

/**
 * `ioc-sim load --rate N --duration S`: paced QoS 1 events from `--devices` load devices
 * over `--connections`; reports the achieved publish rate and, with `--hub`, the
 * publish-to-console latency percentiles seen on /live.
 */
export async function loadCommand(options: LoadCommandOptions, ctx: CliContext): Promise<number> {
  const shutdown = ctx.shutdownSignal();
  const connections: MqttPublisher[] = [];
  let devices: DeviceConnections | undefined;
  let live: LiveWatcher | undefined;
  try {
    const runTag = runTagFor(ctx.clock.now());
    const ids = Array.from({ length: options.devices }, (_, i) => loadDeviceId(i));
    const tracker = new LatencyTracker(ids);
    if (options.hub) {
      const hub = await HubClient.login(options.hub.url, options.hub);
      live = await LiveWatcher.connect(hub.baseUrl, hub.token as string);
      live.onIncident((incident, at) => tracker.onIncident(incident, at));
    }
    const identity = await resolveDeviceIdentity(
      options.identity,
      options.hub,
      () => loadRegistrations(options.devices),
      ctx.out,
    );
    const perConnection = Math.max(1, Math.ceil(options.window / options.connections));
    if (identity) {
      // A device may speak only for itself: one connection each. The run's window bounds
      // what is in flight across all of them.
      devices = new DeviceConnections({
        url: options.url,
        connectTimeoutMs: options.connectTimeoutMs,
        runTag,
        maxInflight: options.window,
        ...identity,
      });
      const opening = ctx.clock.now();
      await devices.openAll(ids);
      ctx.out(
        `load: ${ids.length} device connection(s) opened in ${((ctx.clock.now() - opening) / 1000).toFixed(1)} s`,
      );
    }
    for (let i = 0; i < (identity ? 0 : options.connections); i++) {
      connections.push(
        await MqttPublisher.connect({
          url: options.url,
          clientId: clientIdFor(`load${i + 1}`, runTag),
          connectTimeoutMs: options.connectTimeoutMs,
          maxInflight: perConnection,
        }),
      );
    }
    const connectionOf = new Map(
      ids.map((id, i) => [id, connections[i % connections.length] as MqttPublisher]),
    );
    ctx.out(
      `load: ${options.rate} events/s for ${options.durationS} s from ${options.devices} devices over ` +
        `${devices ? `${devices.size} connection(s), one per device` : `${options.connections} connection(s)`}, ${options.batchSize} event(s) per message, ${options.type}, ` +
        `to ${redactUrl(options.url)} (topic root "${options.topicRoot}"), run ${runTag}`,
    );
    const result = await runLoad(
      {
        rate: options.rate,
        durationS: options.durationS,
        devices: options.devices,
        batchSize: options.batchSize,
        tickMs: options.tickMs,
        window: options.window,
        type: options.type,
        topicRoot: options.topicRoot,
        runTag,
        signal: shutdown.signal,
      },
      {
        clock: ctx.clock,
        sinkFor: (id) => devices ?? (connectionOf.get(id) as MqttPublisher),
        onPublish: (lane, _at, ts) =>
          tracker.onPublish(lane, performance.timeOrigin + performance.now(), ts),
      },
    );
    const span = Math.max(result.publishSpanMs, 1) / 1000;
    ctx.out(
      `load: published ${result.eventsPublished} events in ${result.messagesPublished} messages over ` +
        `${span.toFixed(2)} s: ${(result.eventsPublished / span).toFixed(1)} events/s (target ${options.rate}); ` +
        `acknowledged ${result.eventsAcked} (${(result.eventsAcked / (Math.max(result.elapsedMs, 1) / 1000)).toFixed(1)}/s); ` +
        `failed ${result.failed}${result.lastError ? ` (${result.lastError})` : ''}`,
    );
    ctx.out(
      `load: pacing: max tick lag ${result.maxLagMs} ms, ${result.windowWaitMs} ms waiting for the in-flight window of ${options.window}` +
        (result.windowWaitMs > 0 ? ' (the broker or hub did not keep up)' : ''),
    );
    if (live) {
      // Pushes trail the acknowledgements: wait until every event was seen, or no progress.
      const deadline = ctx.clock.now() + options.drainTimeoutS * 1000;
      let seen = -1;
      let idleSince = ctx.clock.now();
      while (tracker.delivered < tracker.tracked && ctx.clock.now() < deadline) {
        if (tracker.delivered !== seen) {
          seen = tracker.delivered;
          idleSince = ctx.clock.now();
        } else if (ctx.clock.now() - idleSince > 5_000) break;
        await ctx.clock.sleep(100);
      }
      ctx.out(
        `latency publish → /live (${tracker.delivered} of ${tracker.tracked} events seen): ${formatLatency(tracker.summary())}`,
      );
    } else {
      ctx.out('latency: not measured (give --hub and a user to measure publish → /live latency)');
    }
    return result.failed === 0 ? EXIT.ok : EXIT.error;
  } catch (error) {
    return reportError(error, ctx);
  } finally {
    shutdown.dispose();
    live?.close();
    await Promise.allSettled(connections.map((c) => c.close()));
    await devices?.closeAll();
  }
}

export function formatLatency(s: LatencySummary): string {
  if (s.count === 0) return 'no samples';
  const ms = (v: number | null): string => (v === null ? '-' : `${v.toFixed(1)} ms`);
  return `p50 ${ms(s.p50)}, p95 ${ms(s.p95)}, p99 ${ms(s.p99)}, max ${ms(s.max)}`;
}

interface LoadFlags extends ConnectionFlags, HubFlags, IdentityFlags {
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

const eventType = (value: string): EventType => {
  if (!(EVENT_TYPES as readonly string[]).includes(value))
    throw new InvalidArgumentError(`expected one of ${EVENT_TYPES.join(', ')}`);
  return value as EventType;
};

export function register(program: Command, { ctx, done }: CommandHost): void {
  withHub(
    withDeviceIdentity(
      withConnection(
        program
          .command('load')
          .description(
            'Publish N events per second for S seconds with accurate pacing (QoS 1); report the achieved ' +
              'rate and, with --hub, publish → /live latency p50/p95/p99.',
          ),
      ),
    ),
    'for latency and --provision',
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
    .addOption(
      connectionsOption('MQTT connections (anonymous only: with --credentials, one per device)', 2),
    )
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
    .addOption(windowOption('unacknowledged publishes allowed in flight (all connections)'))
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
            ...connectionOptions(flags),
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
            identity: flags,
          },
          ctx,
        ),
      );
    });
}
