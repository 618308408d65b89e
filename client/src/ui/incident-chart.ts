import {
  DEFAULT_THRESHOLD_RULES,
  METRIC_UNITS,
  METRICS,
  type Category,
  type Device,
  type IncidentDetail,
  type Metric,
} from '@ioc/shared';
import { fetchTelemetry } from '../api/telemetry.api';
import { formatNumber } from '../i18n/format';
import { t } from '../i18n/i18n';
import { el } from './dom';
import { telemetryChart, type ChartSeries } from './telemetry-chart';

export interface ChartTarget {
  deviceId: string;
  metric: Metric;
}

const MAX_SERIES = 4;
const BEFORE_MS = 30 * 60_000;
const AFTER_MS = 15 * 60_000;
const SERIES_COLORS = ['#38bdf8', '#a3e635', '#f472b6', '#fbbf24'];

/** The metric a category's rules read, for incidents opened by camera events. */
const CATEGORY_METRICS: Partial<Record<Category, Metric[]>> = {
  fire: ['temperature'],
  air: ['pm25', 'pm10'],
  flood: ['water_level', 'rainfall'],
  landslide: ['tilt'],
};

const isMetric = (value: string): value is Metric => (METRICS as readonly string[]).includes(value);

/** Which metrics matter for this incident: the rules that derive its types, then its category's. */
function preferredMetrics(detail: IncidentDetail): Metric[] {
  const fromRules = DEFAULT_THRESHOLD_RULES.filter((rule) =>
    detail.types.includes(rule.derivedType),
  ).map((r) => r.metric);
  return [...new Set([...fromRules, ...(CATEGORY_METRICS[detail.category] ?? [])])];
}

/**
 * The sensor readings worth drawing: devices whose readings derived an event of the
 * incident first, then sensor sources; for each, the metric the incident is about.
 */
export function chartTargets(
  detail: IncidentDetail,
  lookupDevice: (id: string) => Device | undefined,
): ChartTarget[] {
  const preferred = preferredMetrics(detail);
  const derived = detail.events.filter((e) => e.source === 'derived').map((e) => e.deviceId);
  const ids = [...new Set([...derived, ...detail.sources])];
  const targets: ChartTarget[] = [];
  for (const id of ids) {
    const device = lookupDevice(id);
    const metrics = (device?.capabilities ?? []).filter(isMetric);
    const fromDerived = derived.includes(id);
    const metric =
      preferred.find((m) => metrics.includes(m)) ??
      (fromDerived ? preferred[0] : undefined) ??
      (device?.kind === 'sensor' ? metrics[0] : undefined);
    if (metric) targets.push({ deviceId: id, metric });
    if (targets.length >= MAX_SERIES) break;
  }
  return targets;
}

/** Loads the readings around the incident and draws one chart per metric. */
export async function incidentCharts(
  detail: IncidentDetail,
  lookupDevice: (id: string) => Device | undefined,
  signal: AbortSignal,
): Promise<HTMLElement> {
  const targets = chartTargets(detail, lookupDevice);
  if (targets.length === 0) return el('p', { className: 'panel__hint', text: t('chart.none') });
  const from = Date.parse(detail.firstSeen) - BEFORE_MS;
  const to = Math.min(Date.now(), Date.parse(detail.lastSeen) + AFTER_MS);
  const results = await Promise.allSettled(
    targets.map((target) =>
      fetchTelemetry(
        target.deviceId,
        { metric: target.metric, from: new Date(from), to: new Date(to) },
        signal,
      ),
    ),
  );
  const byMetric = new Map<Metric, ChartSeries[]>();
  results.forEach((result, i) => {
    const target = targets[i];
    if (!target || result.status !== 'fulfilled' || result.value.length === 0) return;
    const list = byMetric.get(target.metric) ?? [];
    list.push({
      label: target.deviceId,
      color: SERIES_COLORS[list.length % SERIES_COLORS.length] ?? '#38bdf8',
      points: result.value.map((p) => ({ t: Date.parse(p.ts), v: p.value })),
    });
    byMetric.set(target.metric, list);
  });
  if (byMetric.size === 0)
    return el('p', { className: 'panel__hint', text: t('chart.noReadings') });
  const marks = detail.events.map((e) => Date.parse(e.ts)).filter(Number.isFinite);
  const [shownFrom, shownTo] = chartSpan([...byMetric.values()].flat(), marks, from, to);
  const charts = el('div', { className: 'charts' });
  for (const [metric, series] of byMetric) {
    const rule = DEFAULT_THRESHOLD_RULES.find((r) => r.metric === metric);
    const label = `${t(`metric.${metric}`)} (${METRIC_UNITS[metric]})`;
    charts.append(
      el('figure', { className: 'chart-figure', dataset: { testid: 'telemetry-chart', metric } }, [
        el('figcaption', { className: 'chart-figure__caption', text: label }),
        telemetryChart({
          series,
          from: shownFrom,
          to: shownTo,
          unit: METRIC_UNITS[metric],
          marks,
          title: label,
          threshold: rule
            ? {
                value: rule.threshold,
                label: t('chart.threshold', { value: formatNumber(rule.threshold) }),
              }
            : undefined,
        }),
        el(
          'div',
          { className: 'chart-figure__legend' },
          series.map((s) => {
            const swatch = el('span', { className: 'chart-figure__swatch' });
            swatch.style.background = s.color;
            return el('span', { className: 'chart-figure__item' }, [
              swatch,
              el('span', { text: s.label }),
            ]);
          }),
        ),
      ]),
    );
  }
  return charts;
}

/**
 * The time axis: the readings and the events, padded a little, within the requested
 * range; a burst of readings in one minute then fills the chart instead of a sliver.
 */
export function chartSpan(
  series: readonly ChartSeries[],
  marks: readonly number[],
  from: number,
  to: number,
): [number, number] {
  const times = [...series.flatMap((s) => s.points.map((p) => p.t)), ...marks].filter(
    (time) => Number.isFinite(time) && time >= from && time <= to,
  );
  if (times.length === 0) return [from, to];
  let start = Math.min(...times);
  let end = Math.max(...times);
  const pad = Math.max((end - start) * 0.06, 30_000);
  start = Math.max(from, start - pad);
  end = Math.min(to, end + pad);
  return end > start ? [start, end] : [from, to];
}
