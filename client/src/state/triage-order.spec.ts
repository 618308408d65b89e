import { describe, expect, it } from '@jest/globals';
import { makeIncident } from '../testing/fixtures';
import { keepSelection, triageOrder } from './triage-order';

describe('triage order', () => {
  it('lists unverified incidents only, newest critical first', () => {
    const queue = triageOrder([
      makeIncident({ id: 'open', status: 'open', severity: 'critical' }),
      makeIncident({
        id: 'med-new',
        status: 'unverified',
        severity: 'medium',
        lastSeen: '2026-11-23T09:00:00Z',
      }),
      makeIncident({
        id: 'crit-old',
        status: 'unverified',
        severity: 'critical',
        lastSeen: '2026-11-23T07:00:00Z',
      }),
      makeIncident({
        id: 'crit-new',
        status: 'unverified',
        severity: 'critical',
        lastSeen: '2026-11-23T08:00:00Z',
      }),
      // 08:30+07:00 is 01:30Z: older than every other one.
      makeIncident({
        id: 'med-old',
        status: 'unverified',
        severity: 'medium',
        lastSeen: '2026-11-23T08:30:00+07:00',
      }),
    ]);
    expect(queue.map((i) => i.id)).toEqual(['crit-new', 'crit-old', 'med-new', 'med-old']);
  });

  it('keeps the selected incident, or the same place once it left the queue', () => {
    const queue = triageOrder([
      makeIncident({ id: 'a', status: 'unverified', lastSeen: '2026-11-23T09:00:00Z' }),
      makeIncident({ id: 'b', status: 'unverified', lastSeen: '2026-11-23T08:00:00Z' }),
    ]);
    expect(keepSelection(queue, 'b', 0)).toBe(1);
    expect(keepSelection(queue, 'gone', 1)).toBe(1);
    expect(keepSelection(queue, 'gone', 5)).toBe(1);
    expect(keepSelection([], 'a', 0)).toBe(-1);
  });
});
