import { DEFAULT_THRESHOLD_RULES } from '@ioc/shared';
import { ThresholdTracker } from './threshold-tracker';

const t = (i: number): number => Date.parse('2026-11-23T08:00:00Z') + i * 10_000;

describe('sustained PM2.5 (≥ 150 for 2 readings)', () => {
  it('does not fire on a single spike', () => {
    const tracker = new ThresholdTracker(DEFAULT_THRESHOLD_RULES);
    const values = [40, 60, 310, 55, 48, 151, 149, 60];
    const fired = values.flatMap((v, i) => tracker.observe('aq-1', t(i), { pm25: v }));
    expect(fired).toEqual([]);
  });

  it('fires once for a sustained crossing, with severity high at ≥ 250', () => {
    const tracker = new ThresholdTracker(DEFAULT_THRESHOLD_RULES);
    const values = [60, 182, 190, 260, 240, 300];
    const outcomes = values.flatMap((v, i) => tracker.observe('aq-1', t(i), { pm25: v }));
    expect(outcomes).toEqual([
      expect.objectContaining({ kind: 'fired', value: 190, severity: null }),
    ]);

    const high = new ThresholdTracker(DEFAULT_THRESHOLD_RULES);
    const severe = [255, 270].flatMap((v, i) => high.observe('aq-2', t(i), { pm25: v }));
    expect(severe).toEqual([expect.objectContaining({ kind: 'fired', severity: 'high' })]);
  });

  it('keeps devices and metrics apart, and ignores readings that arrive out of order', () => {
    const tracker = new ThresholdTracker(DEFAULT_THRESHOLD_RULES);
    expect(tracker.observe('aq-1', t(1), { pm25: 200, temperature: 55 })).toEqual([]);
    expect(tracker.observe('aq-2', t(2), { pm25: 200 })).toEqual([]);
    expect(tracker.observe('aq-1', t(0), { pm25: 200 })).toEqual([]);
    const fired = tracker.observe('aq-1', t(3), { pm25: 200, temperature: 56 });
    expect(fired.map((o) => o.rule.derivedType).sort()).toEqual(['air.pollution', 'fire.heat']);
  });
});
