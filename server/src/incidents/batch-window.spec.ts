import { BATCH_WINDOW_MAX_MS, BATCH_WINDOW_MIN_MS, batchWindowMs } from './batch-window';

describe('batchWindowMs', () => {
  it('keeps the shortest window at a city’s usual rates', () => {
    expect(batchWindowMs(0, 15)).toBe(BATCH_WINDOW_MIN_MS);
    // 30 events in 15 ms: 2,000 events/s.
    expect(batchWindowMs(30, 15)).toBe(BATCH_WINDOW_MIN_MS);
  });

  it('grows with the rate at which the batch fills: 5 ms per 1,000 events/s', () => {
    // 150 events in 15 ms: 10,000 events/s.
    expect(batchWindowMs(150, 15)).toBeCloseTo(50);
    // 300 events in 15 ms: 20,000 events/s.
    expect(batchWindowMs(300, 15)).toBeCloseTo(100);
  });

  it('never exceeds the longest window, whatever the flood', () => {
    expect(batchWindowMs(5000, 15)).toBe(BATCH_WINDOW_MAX_MS);
    expect(batchWindowMs(5000, 0)).toBe(BATCH_WINDOW_MAX_MS);
  });
});
