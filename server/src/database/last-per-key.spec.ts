import { lastPerKey } from './last-per-key';

describe('lastPerKey: one row per key for an upsert', () => {
  it('keeps the newest row of each key, by order of arrival', () => {
    const rows = [
      ['cam-1', 'online', 1],
      ['cam-2', 'online', 2],
      ['cam-1', 'offline', 3],
      ['cam-1', 'online', 4],
    ];
    expect(lastPerKey(rows, [0])).toEqual([
      ['cam-1', 'online', 4],
      ['cam-2', 'online', 2],
    ]);
  });

  it('reads a key of several columns', () => {
    const rows = [
      ['a', 'x', 1],
      ['a', 'y', 2],
      ['a', 'x', 3],
    ];
    expect(lastPerKey(rows, [0, 1])).toEqual([
      ['a', 'x', 3],
      ['a', 'y', 2],
    ]);
  });

  it('hands back the same list when no key repeats', () => {
    const rows = [['cam-1'], ['cam-2']];
    expect(lastPerKey(rows, [0])).toBe(rows);
  });
});
