import { RecentKeys } from './recent-keys';

describe('RecentKeys', () => {
  it('refuses a key it holds and forgets the oldest once full', () => {
    const keys = new RecentKeys(3);
    expect(['a', 'b', 'c'].map((k) => keys.add('cam', k))).toEqual([true, true, true]);
    expect(keys.add('cam', 'b')).toBe(false);
    expect(keys.add('cam', 'd')).toBe(true); // evicts a, the oldest
    expect(keys.size).toBe(3);
    expect(keys.has('cam', 'a')).toBe(false);
    expect(keys.add('cam', 'a')).toBe(true); // evicts b
    expect(keys.has('cam', 'b')).toBe(false);
    expect(['c', 'd', 'a'].every((k) => keys.has('cam', k))).toBe(true);
  });

  it('tells devices apart: the same event id from two devices is two keys', () => {
    const keys = new RecentKeys(10);
    expect(keys.add('cam-1', 'e-1')).toBe(true);
    expect(keys.add('cam-2', 'e-1')).toBe(true);
    expect(keys.add('cam-1', 'e-1')).toBe(false);
    expect(keys.has('cam-3', 'e-1')).toBe(false);
  });

  it('a repeat does not refresh a key: eviction follows first arrival', () => {
    const keys = new RecentKeys(2);
    keys.add('cam', 'x');
    keys.add('cam', 'y');
    keys.add('cam', 'x');
    keys.add('cam', 'z'); // evicts x, although x was repeated after y
    expect(keys.has('cam', 'x')).toBe(false);
    expect(keys.has('cam', 'y')).toBe(true);
  });

  it('holds exactly `capacity` keys, the latest ones, after many evictions over many devices', () => {
    const keys = new RecentKeys(1_000);
    for (let i = 0; i < 10_000; i++) keys.add(`cam-${i % 7}`, String(i));
    expect(keys.size).toBe(1_000);
    expect(keys.has(`cam-${8999 % 7}`, '8999')).toBe(false);
    expect(keys.has(`cam-${9000 % 7}`, '9000')).toBe(true);
    expect(keys.add(`cam-${9999 % 7}`, '9999')).toBe(false);
  });
});
