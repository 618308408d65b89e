import { Random, hashString } from './random';

describe('Random', () => {
  it('replays the same sequence for the same seed', () => {
    const a = new Random(42);
    const b = new Random(42);
    const seqA = Array.from({ length: 100 }, () => a.next());
    const seqB = Array.from({ length: 100 }, () => b.next());
    expect(seqA).toEqual(seqB);
    expect(new Random(43).next()).not.toBe(seqA[0]);
  });

  it('stays in its ranges', () => {
    const rng = new Random(7);
    for (let i = 0; i < 10_000; i++) {
      const x = rng.next();
      expect(x >= 0 && x < 1).toBe(true);
      const n = rng.int(3, 5);
      expect(n >= 3 && n <= 5 && Number.isInteger(n)).toBe(true);
      expect(rng.exponential(2)).toBeGreaterThanOrEqual(0);
    }
  });

  it('derives independent streams per label', () => {
    expect(Random.derive(1, 'cam-a').next()).not.toBe(Random.derive(1, 'cam-b').next());
    expect(Random.derive(1, 'cam-a').next()).toBe(Random.derive(1, 'cam-a').next());
    expect(hashString('abc')).toBe(hashString('abc'));
  });

  it('picks by weight', () => {
    const rng = new Random(3);
    const counts = { a: 0, b: 0, c: 0 };
    for (let i = 0; i < 10_000; i++) counts[rng.weighted({ a: 1, b: 3, c: 0 })] += 1;
    expect(counts.c).toBe(0);
    expect(counts.b / counts.a).toBeGreaterThan(2.5);
    expect(counts.b / counts.a).toBeLessThan(3.5);
  });
});
