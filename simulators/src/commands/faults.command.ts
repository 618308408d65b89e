import { EXIT, type CliContext } from '../cli.context';
import { HubClient } from '../hub/hub.client';
import { runTagFor } from '../messages';
import { clientIdFor, MqttPublisher, redactUrl } from '../publisher';
import {
  FAULT_DEVICE,
  FAULT_KINDS,
  INTENDED_EFFECT,
  ambiguousSkew,
  describeEffect,
  type FaultPlan,
} from '../faults/fault.catalog';
import {
  counterRows,
  readCounters,
  runFaults,
  type ExpectedCounters,
} from '../faults/fault.runner';
import { reportError } from './errors';

export interface FaultsCommandOptions {
  url: string;
  topicRoot: string;
  connectTimeoutMs: number;
  counts: FaultPlan['counts'];
  flaps: number;
  clockSkewS: number;
  seed: number;
  /** With a hub: read /metrics before and after, and compare (exit 1 on a mismatch). */
  hubUrl: string | null;
  compareTimeoutS: number;
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
  try {
    const hub = options.hubUrl ? HubClient.anonymous(options.hubUrl) : null;
    const before = hub ? readCounters(await hub.metricsText()) : undefined;
    const runTag = runTagFor(ctx.clock.now());
    publisher = await MqttPublisher.connect({
      url: options.url,
      clientId: clientIdFor('faults', runTag),
      connectTimeoutMs: options.connectTimeoutMs,
    });
    ctx.out(
      `faults: to ${redactUrl(options.url)} (topic root "${options.topicRoot}") as ${FAULT_DEVICE}, run ${runTag}`,
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
      },
      { publisher, clock: ctx.clock, log: ctx.out },
    );
    await publisher.close();
    publisher = undefined;

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
    await publisher?.close();
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
