import { InvalidArgumentError, Option, type Command } from 'commander';
import { EXIT, type CliContext } from '../cli.context';
import {
  connectionOptions,
  decimal,
  hubAccess,
  integer,
  seedOption,
  UsageError,
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
import { faultRegistrations } from '../identity/registrations';
import { runTagFor } from '../messages';
import { clientIdFor, MqttPublisher, redactUrl } from '../publisher';
import {
  FAULT_DEVICE,
  FAULT_KINDS,
  INTENDED_EFFECT,
  NOT_SENT_AS_DEVICE,
  ambiguousSkew,
  describeEffect,
  type FaultKind,
  type FaultPlan,
} from '../faults/fault.catalog';
import {
  counterRows,
  readCounters,
  runFaults,
  type ExpectedCounters,
} from '../faults/fault.runner';
import { reportError } from './errors';

export interface FaultsCommandOptions extends ConnectionOptions {
  counts: FaultPlan['counts'];
  flaps: number;
  clockSkewS: number;
  seed: number;
  /** With a hub: read /metrics before and after, and compare (exit 1 on a mismatch). */
  hubUrl: string | null;
  compareTimeoutS: number;
  /** Per-device credentials (--credentials, --provision); none: one anonymous connection. */
  identity: IdentityFlags;
  /** For --provision: an admin on the hub. */
  admin: HubAccess | null;
}

/**
 * `ioc-sim faults`: publishes bad input of every requested kind, prints how many of each it
 * sent and which hub counters should move by how much; with `--hub`, reads /metrics before
 * and after and says whether the hub agrees.
 */
export async function faultsCommand(
  options: FaultsCommandOptions,
  ctx: CliContext,
): Promise<number> {
  let publisher: MqttPublisher | undefined;
  let devices: DeviceConnections | undefined;
  try {
    const hub = options.hubUrl ? HubClient.anonymous(options.hubUrl) : null;
    const runTag = runTagFor(ctx.clock.now());
    const identity = await resolveDeviceIdentity(
      options.identity,
      options.admin,
      faultRegistrations,
      ctx.out,
    );
    // Read after provisioning: registering the devices moves no fault counter, but comes first.
    const before = hub ? readCounters(await hub.metricsText()) : undefined;
    if (identity) {
      devices = new DeviceConnections({
        url: options.url,
        connectTimeoutMs: options.connectTimeoutMs,
        runTag,
        ...identity,
      });
      publisher = await devices.connectionOf(FAULT_DEVICE);
    } else {
      publisher = await MqttPublisher.connect({
        url: options.url,
        clientId: clientIdFor('faults', runTag),
        connectTimeoutMs: options.connectTimeoutMs,
      });
    }
    ctx.out(
      `faults: to ${redactUrl(options.url)} (topic root "${options.topicRoot}") as ${FAULT_DEVICE}` +
        `${identity ? ` with its own credentials (${identity.origin})` : ''}, run ${runTag}`,
    );
    if (identity)
      for (const kind of NOT_SENT_AS_DEVICE)
        if (options.counts[kind as keyof FaultPlan['counts']])
          ctx.out(
            `  ${kind}: not sent — a device connected as itself may publish under its own topics only`,
          );
    if (options.counts['clock-skew'] && ambiguousSkew(options.clockSkewS))
      ctx.out(
        `  warning: a skew of ${options.clockSkewS} s is within 5 s of the hub's 120 s limit: counts may differ`,
      );
    const result = await runFaults(
      {
        counts: options.counts,
        clockSkewS: options.clockSkewS,
        topicRoot: options.topicRoot,
        runTag,
        nowMs: ctx.clock.now(),
        seed: options.seed,
        flaps: options.flaps,
        url: options.url,
        connectTimeoutMs: options.connectTimeoutMs,
        asDevice: identity !== null,
      },
      { publisher, clock: ctx.clock, log: ctx.out, devices },
    );
    await (devices ? devices.closeAll() : publisher.close());
    publisher = undefined;
    devices = undefined;

    ctx.out('sent:');
    for (const kind of FAULT_KINDS) {
      const n = result.sent[kind];
      if (!n) continue;
      const effects = new Map<string, number>();
      for (const m of result.messages.filter((x) => x.kind === kind)) {
        const e = describeEffect(m.effect);
        effects.set(e, (effects.get(e) ?? 0) + 1);
      }
      const what =
        kind === 'flapping'
          ? `${result.flaps.drops} drops (Last Will offline), ${result.flaps.reconnects} reconnects`
          : [...effects].map(([e, c]) => `${c} ${e}`).join(', ');
      const label = kind === 'clock-skew' ? `clock-skew ${signed(options.clockSkewS)} s` : kind;
      ctx.out(
        `  ${label.padEnd(22)} ${String(n).padStart(5)}  ${what}   (meant: ${INTENDED_EFFECT[kind]})`,
      );
    }

    let after: ExpectedCounters | undefined;
    if (hub && before) {
      after = await settleCounters(
        hub,
        before,
        result.expected,
        options.compareTimeoutS * 1000,
        ctx,
      );
    }
    const rows = counterRows(result.expected, before, after);
    ctx.out(
      hub
        ? 'hub counters (expected delta / hub delta):'
        : 'expected hub counter deltas (compare with /metrics):',
    );
    let mismatches = 0;
    for (const row of rows) {
      if (row.expected === 0 && (row.actual === null || row.actual === 0)) continue;
      const ok = row.actual === null || row.actual === row.expected;
      if (!ok) mismatches += 1;
      const actual = row.actual === null ? '' : ` / ${row.actual}  ${ok ? 'ok' : 'MISMATCH'}`;
      ctx.out(`  ${row.metric.padEnd(62)} ${String(row.expected).padStart(5)}${actual}`);
    }
    if (!hub) return EXIT.ok;
    ctx.out(
      mismatches === 0
        ? 'faults: the hub counted every fault as expected'
        : `faults: ${mismatches} counter(s) differ (another client publishing to this hub also moves them)`,
    );
    return mismatches === 0 ? EXIT.ok : EXIT.error;
  } catch (error) {
    return reportError(error, ctx);
  } finally {
    await (devices ? devices.closeAll() : publisher?.close());
  }
}

/** Polls /metrics until every delta matches, or the deadline; returns the last reading. */
async function settleCounters(
  hub: HubClient,
  before: ExpectedCounters,
  expected: ExpectedCounters,
  timeoutMs: number,
  ctx: CliContext,
): Promise<ExpectedCounters> {
  const deadline = ctx.clock.now() + timeoutMs;
  for (;;) {
    const after = readCounters(await hub.metricsText());
    const rows = counterRows(expected, before, after);
    if (rows.every((r) => r.actual === r.expected) || ctx.clock.now() >= deadline) return after;
    await ctx.clock.sleep(200);
  }
}

function signed(n: number): string {
  return n >= 0 ? `+${n}` : String(n);
}

type FaultFlags = ConnectionFlags &
  HubFlags &
  IdentityFlags & {
    all?: number;
    flapping?: number;
    clockSkew: number;
    seed: number;
    compareTimeout: number;
  } & Partial<Record<string, number>>;

/** The kinds with a count flag of their own name; flapping and clock-skew read differently. */
type CountedKind = Exclude<FaultKind, 'flapping' | 'clock-skew'>;

const COUNTED_HELP: Record<CountedKind, string> = {
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

/** `--malformed-json` → `malformedJson`, as commander names option values. */
const camel = (kind: string): string =>
  kind.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

export function register(program: Command, { ctx, done }: CommandHost): void {
  const faults = withHub(
    withDeviceIdentity(
      withConnection(
        program
          .command('faults')
          .description(
            'Inject bad input and count it: each kind with the hub counter it should move ' +
              '(ioc_events_rejected_total{reason}, ioc_events_duplicate_total…). With --hub, compare with /metrics.',
          ),
      ),
    ),
    'read /metrics before and after and compare (exit 1 on a mismatch); for --provision, as an admin',
  );
  for (const kind of FAULT_KINDS) {
    if (kind === 'flapping' || kind === 'clock-skew') continue;
    faults.addOption(new Option(`--${kind} <n>`, COUNTED_HELP[kind]).argParser(integer(0)));
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
    .addOption(seedOption('seed of the variants', 1))
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
  ioc-sim faults --clock-skew-events 4 --clock-skew 300      # 4 × future_timestamp
  ioc-sim faults --all 3 --hub http://127.0.0.1:3000 --credentials creds.json --provision \\
    --username admin --password …                           # a hub without anonymous devices
Without --credentials or --provision the faults go out on one anonymous connection (for a hub
that allows anonymous devices); with them, unknown-device and the bad topics outside the
device's own are not sent (the broker refuses them before the hub).`,
    )
    .action(async (flags: FaultFlags) => {
      const counts: FaultPlan['counts'] = {};
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
            ...connectionOptions(flags),
            counts,
            flaps,
            clockSkewS: flags.clockSkew,
            seed: flags.seed,
            hubUrl: flags.hub ?? null,
            compareTimeoutS: flags.compareTimeout,
            identity: flags,
            admin: flags.provision ? hubAccess(flags, ctx.env, '--provision') : null,
          },
          ctx,
        ),
      );
    });
}
