import { fmt, type ConfigResult, type PhaseResult } from './config-run';

const ms = (n: number | null | undefined, digits = 1): string =>
  n === null || n === undefined || !Number.isFinite(n) ? '–' : fmt(n, digits);

/** Per-event latency; where events were lost, the newest-event-per-push figure (marked ¹). */
function latencyCell(phase: PhaseResult | undefined): string {
  const l = phase && phase.lost > 0 ? phase.latencyFromNewest : phase?.latencyMs;
  if (!phase || !l) return '–';
  const note = `${phase.lost > 0 ? ' ¹' : ''}${phase.overload ? ' (above sustained)' : ''}`;
  return `${ms(l.p50)} / ${ms(l.p95)} / ${ms(l.p99)}${note}`;
}

/** Rows of figures × columns of configurations, as a Markdown table (docs/benchmarks.md takes it as is). */
export function summaryTable(results: ConfigResult[], rates: number[]): string {
  const rows: [string, string, (r: ConfigResult) => string][] = [
    [
      'start-up to /health 200, empty database',
      '< 3 s',
      (r) => (r.startupColdMs === null ? '–' : `${fmt(r.startupColdMs)} ms`),
    ],
    [
      'start-up, after the run (events stored)',
      '< 3 s',
      (r) =>
        r.startupWarmMs === null
          ? '–'
          : `${fmt(r.startupWarmMs)} ms (${fmt(r.totals.storedAfterRestart)})`,
    ],
    ['ceiling: bare mqtt.js subscriber, events/s', '', (r) => fmt(r.ceiling?.rate)],
    [
      'hub sustained, events/s',
      '≥ 50 % of ceiling',
      (r) =>
        r.sustainedRate === null
          ? '–'
          : `${fmt(r.sustainedRate)}${r.rampPublisherLimited ? ' (publisher-limited)' : ''}`,
    ],
    [
      'hub / ceiling',
      '≥ 50 %',
      (r) => (r.sustainedRatio === null ? '–' : `${fmt(r.sustainedRatio * 100)} %`),
    ],
    ['hub stored at saturation, events/s', '', (r) => fmt(r.saturatedThroughput)],
    ...rates.map((rate): [string, string, (r: ConfigResult) => string] => [
      `latency p50 / p95 / p99 ms at ${fmt(rate)}/s`,
      rate === 2000 ? 'p99 ≤ 50 ms' : rate === 10000 ? 'p99 ≤ 250 ms' : '',
      (r) => latencyCell(r.phases.find((p) => p.kind === 'latency' && p.targetRate === rate)),
    ]),
    [
      'lost at sustainable rates (QoS 1)',
      '0',
      (r) =>
        `${fmt(r.totals.lostAtSustainableRates)} of ${fmt(r.totals.published - overloadPublished(r))}`,
    ],
    [
      'lost while overloaded (broker queue)',
      '0',
      (r) => `${fmt(r.totals.lostInOverload)} of ${fmt(overloadPublished(r))}`,
    ],
    [
      'Mosquitto log: "messages are being dropped" for the hub',
      '',
      (r) =>
        r.broker === 'embedded'
          ? 'n/a'
          : r.totals.brokerDropNotices === null
            ? 'log not readable'
            : fmt(r.totals.brokerDropNotices),
    ],
    [
      'repeats sent / counted as duplicates',
      'all',
      (r) => `${fmt(r.totals.duplicatesSent)} / ${fmt(r.totals.hubDuplicates)}`,
    ],
    [
      'stored: pushes / database / after restart',
      'equal',
      (r) =>
        `${fmt(r.totals.stored)} / ${fmt(r.totals.storedInDatabase)} / ${fmt(r.totals.storedAfterRestart)}`,
    ],
    [
      'soak: events/s × s',
      '5,000 × 600',
      (r) => (r.soak ? `${fmt(r.soak.rate)} × ${fmt(r.soak.seconds)}` : '–'),
    ],
    [
      'soak: RSS first → last fifth (max)',
      '± 10 %, < 300 MB',
      (r) =>
        r.soak
          ? `${fmt(r.soak.rssStartMb)} → ${fmt(r.soak.rssEndMb)} MB, ${r.soak.rssGrowth >= 0 ? '+' : ''}${fmt(r.soak.rssGrowth * 100, 1)} % (${fmt(r.soak.rssMaxMb)})`
          : '–',
    ],
    [
      'soak: RSS growth, middle → last fifth',
      '± 10 %',
      (r) =>
        r.soak
          ? `${r.soak.rssGrowthSecondHalf >= 0 ? '+' : ''}${fmt(r.soak.rssGrowthSecondHalf * 100, 1)} %`
          : '–',
    ],
    [
      'soak: event-loop delay p99 median / max',
      '',
      (r) =>
        r.soak ? `${ms(r.soak.eventLoopP99MedianMs)} / ${ms(r.soak.eventLoopP99MaxMs)} ms` : '–',
    ],
    [
      'soak: latency p50 / p95 / p99 ms',
      '',
      (r) => latencyCell(r.phases.find((p) => p.kind === 'soak')),
    ],
    ...[0, 1].map((i): [string, string, (r: ConfigResult) => string] => [
      `new incident → /live p50 / p99 ms, 2,000/s ${i === 0 ? 'in bursts' : 'paced'}`,
      'p99 ≤ 30 ms',
      (r) => alarmCell(r.alarms[i]),
    ]),
  ];
  const header = ['figure', 'target', ...results.map((r) => r.name)];
  const lines = [row(header), row(header.map(() => '---'))];
  for (const [label, target, cell] of rows)
    lines.push(
      row([label, target, ...results.map((r) => (r.error && cell(r) === '–' ? 'error' : cell(r)))]),
    );
  lines.push(
    '',
    '¹ events were lost in that phase: latency of the newest event of each push (arrival − its lastSeen), since the per-event mapping slips.',
  );
  return lines.join('\n');
}

function alarmCell(a: ConfigResult['alarms'][number] | undefined): string {
  if (!a) return '–';
  const l = a.latencyMs;
  const missed = a.missed > 0 ? `, ${a.missed} of ${a.alarms} missed` : '';
  return l ? `${ms(l.p50)} / ${ms(l.p99)}${missed}` : `none of ${a.alarms}`;
}

function overloadPublished(r: ConfigResult): number {
  return r.phases.filter((p) => p.overload).reduce((a, p) => a + p.published, 0);
}

/** Every phase of one configuration, one line each. */
export function phaseTable(result: ConfigResult): string {
  const header = [
    'phase',
    'published/s',
    'stored/s',
    'p50 / p95 / p99 ms',
    'lost',
    'dup',
    'backlog growth/s',
    'hub CPU',
    'broker CPU',
    'machine',
    'RSS MB',
    'loop p99 ms',
    'verdict',
  ];
  const lines = [row(header), row(header.map(() => '---'))];
  for (const p of result.phases) {
    lines.push(
      row([
        p.name,
        fmt(p.publishRate),
        fmt(p.deliveredRate),
        latencyCell(p).replace(' (above sustained)', ''),
        fmt(p.lost),
        `${fmt(p.hubDuplicates)}/${fmt(p.duplicatesSent)}`,
        fmt(p.lagSlope),
        p.hubCpu === null ? '–' : `${fmt(p.hubCpu * 100)} %`,
        p.brokerCpu === null ? 'in hub' : `${fmt(p.brokerCpu * 100)} %`,
        p.machineBusy === null ? '–' : `${fmt(p.machineBusy * 100)} %`,
        fmt(p.rssMaxMb),
        ms(p.eventLoopP99MaxMs),
        p.keptUp
          ? 'kept up'
          : p.publisherLimited
            ? 'publisher-limited'
            : p.overload
              ? 'saturated'
              : p.lost > 0
                ? 'LOSS'
                : 'behind',
      ]),
    );
  }
  return lines.join('\n');
}

function row(cells: string[]): string {
  return `| ${cells.join(' | ')} |`;
}
