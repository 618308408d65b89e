import { describe, expect, it } from '@jest/globals';
import { makeIncident } from '../testing/fixtures';
import { compareForFeed, sortForFeed } from './feed-order';

describe('feed order', () => {
  it('puts the most severe first, then the most recently opened', () => {
    const incidents = [
      makeIncident({ id: 'low-new', severity: 'low', firstSeen: '2026-11-23T09:00:00Z' }),
      makeIncident({ id: 'crit-old', severity: 'critical', firstSeen: '2026-11-23T07:00:00Z' }),
      makeIncident({ id: 'med-old', severity: 'medium', firstSeen: '2026-11-23T07:00:00Z' }),
      makeIncident({ id: 'crit-new', severity: 'critical', firstSeen: '2026-11-23T08:00:00Z' }),
      makeIncident({ id: 'info', severity: 'info', firstSeen: '2026-11-23T10:00:00Z' }),
      makeIncident({ id: 'med-new', severity: 'medium', firstSeen: '2026-11-23T08:30:00+07:00' }),
    ];
    expect(sortForFeed(incidents).map((i) => i.id)).toEqual([
      'crit-new',
      'crit-old',
      // 08:30+07:00 is 01:30Z, older than 07:00Z: offsets count.
      'med-old',
      'med-new',
      'low-new',
      'info',
    ]);
  });

  it('agrees with compareForFeed and is stable on ties', () => {
    const tie = { severity: 'high' as const, firstSeen: '2026-11-23T08:00:00Z' };
    const incidents = [makeIncident({ id: 'b', ...tie }), makeIncident({ id: 'a', ...tie })];
    expect(sortForFeed(incidents).map((i) => i.id)).toEqual(['a', 'b']);
    expect([...incidents].sort(compareForFeed).map((i) => i.id)).toEqual(['a', 'b']);
  });

  it('sorts an unparseable time last within its severity instead of failing', () => {
    const incidents = [
      makeIncident({ id: 'bad', firstSeen: 'not a time' }),
      makeIncident({ id: 'good', firstSeen: '2026-11-23T08:00:00Z' }),
    ];
    expect(sortForFeed(incidents).map((i) => i.id)).toEqual(['good', 'bad']);
  });
});
