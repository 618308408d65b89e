import { describe, expect, it } from '@jest/globals';
import { spreadOverlapping } from './marker-spread';

describe('spreadOverlapping', () => {
  it('leaves markers that do not overlap where they are', () => {
    const out = spreadOverlapping([0, 100], [0, 0], ['a', 'b'], 10, 28);
    expect(out).toEqual([
      { x: 0, y: 0, anchor: null },
      { x: 100, y: 0, anchor: null },
    ]);
  });

  it('spreads two markers at one spot apart by the spacing, around the spot', () => {
    const out = spreadOverlapping([50, 50], [50, 50], ['b', 'a'], 10, 28);
    const [b, a] = out;
    expect(Math.hypot(a!.x - b!.x, a!.y - b!.y)).toBeCloseTo(28);
    expect(a!.anchor).toEqual({ x: 50, y: 50 });
    // Stable: the lower key goes to twelve o'clock whatever the input order.
    expect(a!.y).toBeLessThan(50);
    expect(spreadOverlapping([50, 50], [50, 50], ['a', 'b'], 10, 28)[0]).toEqual(a);
  });

  it('keeps every one of many stacked markers apart', () => {
    const n = 9;
    const out = spreadOverlapping(
      Array.from({ length: n }, () => 10),
      Array.from({ length: n }, (_, i) => 10 + i * 0.5),
      Array.from({ length: n }, (_, i) => `k${i}`),
      10,
      28,
    );
    for (let i = 0; i < n; i++)
      for (let j = i + 1; j < n; j++)
        expect(Math.hypot(out[i]!.x - out[j]!.x, out[i]!.y - out[j]!.y)).toBeGreaterThan(27.9);
  });
});
