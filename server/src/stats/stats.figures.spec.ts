import { lifecycleDurations, quantile, summarize } from './stats.figures';

describe('stats figures', () => {
  it('interpolates quantiles between closest ranks', () => {
    expect(quantile([], 0.5)).toBeNull();
    expect(quantile([7], 0.9)).toBe(7);
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantile([1, 2, 3, 4, 10], 0.9)).toBeCloseTo(7.6);
  });

  it('summarizes count, mean, median and p90 (rounded to ms), in any input order', () => {
    expect(summarize([10_000, 1_000, 4_000, 2_000, 3_000])).toEqual({
      count: 5,
      meanMs: 4000,
      medianMs: 3000,
      p90Ms: 7600,
    });
    expect(summarize([])).toEqual({ count: 0, meanMs: null, medianMs: null, p90Ms: null });
  });

  it('measures from opened to the first acknowledge, dispatch and resolve of each incident', () => {
    const rows = [
      { incidentId: 'a', action: 'opened', at: 1000 },
      { incidentId: 'a', action: 'acknowledged', at: 3000 },
      { incidentId: 'a', action: 'dispatched', at: 6000 },
      { incidentId: 'a', action: 'resolved', at: 11_000 },
      { incidentId: 'b', action: 'opened', at: 2000 },
      { incidentId: 'b', action: 'resolved', at: 2500 },
      { incidentId: 'c', action: 'opened', at: 5000 },
      { incidentId: 'c', action: 'acknowledged', at: 9000 },
      // opened before the period: not counted
      { incidentId: 'd', action: 'acknowledged', at: 9000 },
    ];
    expect(lifecycleDurations(rows)).toEqual({
      opened: 3,
      toAcknowledge: [2000, 4000],
      toDispatch: [5000],
      toResolve: [10_000, 500],
    });
  });

  it('takes the first time when an action repeats', () => {
    const rows = [
      { incidentId: 'a', action: 'opened', at: 0 },
      { incidentId: 'a', action: 'resolved', at: 900 },
      { incidentId: 'a', action: 'resolved', at: 300 },
    ];
    expect(lifecycleDurations(rows).toResolve).toEqual([300]);
  });
});
