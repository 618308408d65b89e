import { describe, expect, it } from '@jest/globals';
import { makeIncident } from '../testing/fixtures';
import {
  DEFAULT_FILTER,
  foldText,
  isDefaultFilter,
  matchesFilter,
  statusMatches,
} from './incident-filter';

describe('incident filter', () => {
  it('folds Vietnamese diacritics and đ for search', () => {
    expect(foldText('Cháy rừng Đà Lạt')).toBe('chay rung da lat');
  });

  it('matches every search word anywhere in the incident or its labels', () => {
    const incident = makeIncident({
      title: 'Cháy rừng',
      zone: 'langbiang',
      sources: ['cam-langbiang-ridge-1'],
    });
    const labels = (): string[] => ['Lửa (cháy rừng)'];
    expect(matchesFilter(incident, { ...DEFAULT_FILTER, search: 'ridge-1 chay' }, labels)).toBe(
      true,
    );
    expect(matchesFilter(incident, { ...DEFAULT_FILTER, search: 'lua' }, labels)).toBe(true);
    expect(matchesFilter(incident, { ...DEFAULT_FILTER, search: 'prenn' }, labels)).toBe(false);
  });

  it('knows which statuses each choice lets through', () => {
    expect(statusMatches('dispatched', 'active')).toBe(true);
    expect(statusMatches('resolved', 'active')).toBe(false);
    expect(statusMatches('resolved', 'all')).toBe(true);
    expect(statusMatches('closed', 'all')).toBe(false);
    expect(statusMatches('open', 'acknowledged')).toBe(false);
  });

  it('filters by zone, including incidents without one only when asked for none', () => {
    expect(matchesFilter(makeIncident({ zone: null }), { ...DEFAULT_FILTER, zone: 'prenn' })).toBe(
      false,
    );
    expect(
      matchesFilter(makeIncident({ zone: 'prenn' }), { ...DEFAULT_FILTER, zone: 'prenn' }),
    ).toBe(true);
    expect(isDefaultFilter(DEFAULT_FILTER)).toBe(true);
    expect(isDefaultFilter({ ...DEFAULT_FILTER, search: ' x ' })).toBe(false);
  });
});
