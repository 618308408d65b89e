import { describe, expect, it } from '@jest/globals';
import { chartSpan } from './incident-chart';
import { splitAtGaps, telemetryChart } from './telemetry-chart';

describe('telemetry chart', () => {
  it('draws one line per series, the threshold and the event marks, with labels as text', () => {
    const svg = telemetryChart({
      series: [
        {
          label: 'temp-1',
          color: '#38bdf8',
          points: [
            { t: 0, v: 20 },
            { t: 60_000, v: 55 },
            { t: 120_000, v: 61 },
          ],
        },
        { label: '<b>x</b>', color: '#a3e635', points: [{ t: 30_000, v: 30 }] },
      ],
      from: 0,
      to: 120_000,
      unit: '°C',
      threshold: { value: 50, label: 'threshold 50' },
      marks: [60_000, 999_999],
      title: 'Temperature <script>',
    });
    expect(svg.querySelectorAll('polyline')).toHaveLength(2);
    expect(svg.querySelectorAll('.chart__threshold')).toHaveLength(1);
    // The mark outside the range is left out.
    expect(svg.querySelectorAll('.chart__mark')).toHaveLength(1);
    expect(svg.querySelector('title')?.textContent).toBe('Temperature <script>');
    expect(svg.querySelector('script')).toBeNull();
  });

  it('narrows the time axis to where the readings and events are', () => {
    const series = [
      {
        label: 'a',
        color: '#fff',
        points: [
          { t: 1_000_000, v: 1 },
          { t: 1_060_000, v: 2 },
        ],
      },
    ];
    const [start, end] = chartSpan(series, [1_030_000], 0, 5_000_000);
    expect(start).toBeGreaterThan(900_000);
    expect(start).toBeLessThan(1_000_000);
    expect(end).toBeGreaterThan(1_060_000);
    expect(end).toBeLessThan(1_100_000);
    expect(chartSpan([], [], 0, 10)).toEqual([0, 10]);
  });

  it('breaks the line where readings stopped (no straight line across 40 minutes)', () => {
    const minute = 60_000;
    const before = Array.from({ length: 10 }, (_, i) => ({ t: i * minute, v: 20 + i }));
    const after = Array.from({ length: 10 }, (_, i) => ({ t: (50 + i) * minute, v: 30 + i }));
    expect(splitAtGaps([...before, ...after])).toEqual([before, after]);
    // Readings every 10 minutes are a line, not ten dots.
    const sparse = Array.from({ length: 6 }, (_, i) => ({ t: i * 10 * minute, v: i }));
    expect(splitAtGaps(sparse)).toEqual([sparse]);
    const svg = telemetryChart({
      series: [{ label: 'tilt-a', color: '#38bdf8', points: [...before, ...after] }],
      from: 0,
      to: 60 * minute,
      unit: '°',
      title: 'tilt',
    });
    expect(svg.querySelectorAll('polyline.chart__line')).toHaveLength(2);
  });
});
