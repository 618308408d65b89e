import { DEFAULT_THRESHOLD_RULES } from '@ioc/shared';
import { ThresholdTracker } from './threshold-tracker';

const t = (i: number): number => Date.parse('2026-11-23T08:00:00Z') + i * 60_000;

describe('hysteresis on water level (≥ 200 fires; clears after 2 readings < 180)', () => {
  it('clears only after two readings below 90 % of the threshold, without flapping', () => {
    const tracker = new ThresholdTracker(DEFAULT_THRESHOLD_RULES);
    // Fires at the 2nd reading ≥ 200; values between 180 and 200 neither fire again nor clear.
    const values = [205, 210, 195, 201, 199, 185, 179, 185, 178, 170, 205, 206];
    const outcomes = values
      .map((v, i) => tracker.observe('wl-1', t(i), { water_level: v }).map((o) => `${i}:${o.kind}`))
      .flat();
    // 179 then 185 resets the "below" count; 178, 170 clear; 205, 206 fire again (a new crossing).
    expect(outcomes).toEqual(['1:fired', '9:cleared', '11:fired']);
  });
});
