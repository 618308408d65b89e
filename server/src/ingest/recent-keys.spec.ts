import { eventKey, RecentKeys } from './recent-keys';

describe('RecentKeys', () => {
  it('refuses a key it holds and forgets the oldest once full', () => {
    const keys = new RecentKeys(3);
    expect(['a', 'b', 'c'].map((k) => keys.add(k))).toEqual([true, true, true]);
    expect(keys.add('b')).toBe(false);
    expect(keys.add('d')).toBe(true); // evicts a, the oldest
    expect(keys.size).toBe(3);
    expect(keys.has('a')).toBe(false);
    expect(keys.add('a')).toBe(true); // evicts b
    expect(keys.has('b')).toBe(false);
    expect(['c', 'd', 'a'].every((k) => keys.has(k))).toBe(true);
  });

  it('a repeat does not refresh a key: eviction follows first arrival', () => {
    const keys = new RecentKeys(2);
    keys.add('x');
    keys.add('y');
    keys.add('x');
    keys.add('z'); // evicts x, although x was repeated after y
    expect(keys.has('x')).toBe(false);
    expect(keys.has('y')).toBe(true);
  });

  it('holds exactly `capacity` keys, the latest ones, after many evictions', () => {
    const keys = new RecentKeys(1_000);
    for (let i = 0; i < 10_000; i++) keys.add(eventKey('cam', String(i)));
    expect(keys.size).toBe(1_000);
    expect(keys.has(eventKey('cam', '8999'))).toBe(false);
    expect(keys.has(eventKey('cam', '9000'))).toBe(true);
    expect(keys.add(eventKey('cam', '9999'))).toBe(false);
  });
});
