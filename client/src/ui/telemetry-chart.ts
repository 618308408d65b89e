import { formatClock, formatNumber, formatTimeOfDay } from '../i18n/format';

const SVG = 'http://www.w3.org/2000/svg';
const WIDTH = 420;
const HEIGHT = 170;
const PAD = { left: 46, right: 12, top: 14, bottom: 24 };

export interface ChartSeries {
  label: string;
  color: string;
  points: { t: number; v: number }[];
}

export interface ChartOptions {
  series: ChartSeries[];
  from: number;
  to: number;
  unit: string;
  /** The rule's threshold, drawn as a dashed line. */
  threshold?: { value: number; label: string };
  /** Times of the incident's events, drawn as faint vertical lines. */
  marks?: number[];
  /** Accessible description. */
  title: string;
}

function node<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | number>,
  text?: string,
): SVGElementTagNameMap[K] {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attrs)) element.setAttribute(name, String(value));
  if (text !== undefined) element.textContent = text;
  return element;
}

/** Below this, a pause between readings is still "the same line". */
const MIN_GAP_MS = 5 * 60_000;

/**
 * Time-ordered points cut where readings stopped: a pause longer than three times the
 * usual interval (and at least five minutes) starts a new run.
 */
export function splitAtGaps<P extends { t: number }>(points: readonly P[]): P[][] {
  if (points.length === 0) return [];
  const steps = points
    .slice(1)
    .map((p, i) => p.t - points[i]!.t)
    .sort((a, b) => a - b);
  const usual = steps.length > 0 ? steps[Math.floor(steps.length / 2)]! : 0;
  const gap = Math.max(MIN_GAP_MS, 3 * usual);
  const runs: P[][] = [[points[0]!]];
  for (let i = 1; i < points.length; i++) {
    if (points[i]!.t - points[i - 1]!.t > gap) runs.push([]);
    runs[runs.length - 1]!.push(points[i]!);
  }
  return runs;
}

/** A small line chart in SVG: readings per device, the threshold, and the event times. */
export function telemetryChart(options: ChartOptions): SVGSVGElement {
  const svg = node('svg', {
    viewBox: `0 0 ${WIDTH} ${HEIGHT}`,
    class: 'chart',
    role: 'img',
    'data-testid': 'telemetry-svg',
  });
  svg.append(node('title', {}, options.title));
  const values = options.series.flatMap((s) => s.points.map((p) => p.v));
  if (options.threshold) values.push(options.threshold.value);
  let min = values.length ? Math.min(...values) : 0;
  let max = values.length ? Math.max(...values) : 1;
  if (min === max) {
    min -= 1;
    max += 1;
  }
  const span = max - min;
  min -= span * 0.08;
  max += span * 0.08;
  const from = options.from;
  const to = Math.max(options.to, from + 1);
  const x = (time: number): number =>
    PAD.left + ((time - from) / (to - from)) * (WIDTH - PAD.left - PAD.right);
  const y = (value: number): number =>
    HEIGHT - PAD.bottom - ((value - min) / (max - min)) * (HEIGHT - PAD.top - PAD.bottom);

  // Grid and value axis.
  for (let i = 0; i <= 3; i++) {
    const value = min + ((max - min) * i) / 3;
    const gy = y(value);
    svg.append(
      node('line', { x1: PAD.left, x2: WIDTH - PAD.right, y1: gy, y2: gy, class: 'chart__grid' }),
    );
    svg.append(
      node(
        'text',
        { x: PAD.left - 6, y: gy + 3.5, 'text-anchor': 'end', class: 'chart__tick' },
        formatNumber(value),
      ),
    );
  }
  svg.append(node('text', { x: 4, y: PAD.top - 3, class: 'chart__unit' }, options.unit));
  // Time axis: start, middle, end (with seconds when the span is short).
  const timeLabel = to - from < 10 * 60_000 ? formatTimeOfDay : formatClock;
  for (const [time, anchor] of [
    [from, 'start'],
    [(from + to) / 2, 'middle'],
    [to, 'end'],
  ] as const) {
    svg.append(
      node(
        'text',
        { x: x(time), y: HEIGHT - 6, 'text-anchor': anchor, class: 'chart__tick' },
        timeLabel(time),
      ),
    );
  }
  for (const mark of options.marks ?? []) {
    if (mark < from || mark > to) continue;
    svg.append(
      node('line', {
        x1: x(mark),
        x2: x(mark),
        y1: PAD.top,
        y2: HEIGHT - PAD.bottom,
        class: 'chart__mark',
      }),
    );
  }
  if (options.threshold) {
    const ty = y(options.threshold.value);
    svg.append(
      node('line', {
        x1: PAD.left,
        x2: WIDTH - PAD.right,
        y1: ty,
        y2: ty,
        class: 'chart__threshold',
      }),
    );
    svg.append(
      node(
        'text',
        { x: WIDTH - PAD.right, y: ty - 4, 'text-anchor': 'end', class: 'chart__threshold-label' },
        options.threshold.label,
      ),
    );
  }
  for (const series of options.series) {
    const points = [...series.points].sort((a, b) => a.t - b.t);
    if (points.length === 0) continue;
    // A silence is drawn as one: no straight line across forty minutes without readings.
    for (const run of splitAtGaps(points))
      svg.append(
        node('polyline', {
          points: run.map((p) => `${x(p.t).toFixed(1)},${y(p.v).toFixed(1)}`).join(' '),
          class: 'chart__line',
          stroke: series.color,
        }),
      );
    if (points.length <= 60)
      for (const p of points)
        svg.append(
          node('circle', {
            cx: x(p.t).toFixed(1),
            cy: y(p.v).toFixed(1),
            r: 2,
            fill: series.color,
          }),
        );
  }
  return svg;
}
