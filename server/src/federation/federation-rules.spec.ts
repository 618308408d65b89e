import { isForwarded, isNewer, refusalOf } from './federation-rules';

describe('federation rules', () => {
  it('forwards incidents at or above the minimum severity only', () => {
    expect(isForwarded('high', 'medium')).toBe(true);
    expect(isForwarded('medium', 'medium')).toBe(true);
    expect(isForwarded('low', 'medium')).toBe(false);
    expect(isForwarded('info', 'info')).toBe(true);
    expect(isForwarded('high', 'critical')).toBe(false);
  });

  it('applies a district state only when its seq is newer than the stored one', () => {
    expect(isNewer(null, 1)).toBe(true);
    expect(isNewer(4, 5)).toBe(true);
    expect(isNewer(5, 5)).toBe(false);
    expect(isNewer(7, 5)).toBe(false);
  });

  it('refuses unknown districts and a payload speaking for another district', () => {
    const known = new Set(['lac-duong', 'don-duong']);
    expect(refusalOf('lac-duong', 'lac-duong', known)).toBeNull();
    expect(refusalOf('bao-loc', 'bao-loc', known)).toBe('unknown_district');
    expect(refusalOf('lac-duong', 'don-duong', known)).toBe('unknown_district');
  });
});
