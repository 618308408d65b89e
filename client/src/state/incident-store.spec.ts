import { describe, expect, it } from '@jest/globals';
import { makeIncident } from '../testing/fixtures';
import { IncidentStore } from './incident-store';

describe('IncidentStore', () => {
  it('adds open incidents and replaces them only with a newer seq', () => {
    const store = new IncidentStore();
    expect(store.apply(makeIncident({ id: 'a', seq: 5, eventCount: 1 }))).toBe('added');
    expect(store.apply(makeIncident({ id: 'a', seq: 7, eventCount: 3 }))).toBe('updated');
    expect(store.apply(makeIncident({ id: 'a', seq: 6, eventCount: 2 }))).toBe('stale');
    expect(store.apply(makeIncident({ id: 'a', seq: 7, eventCount: 9 }))).toBe('stale');
    expect(store.get('a')?.eventCount).toBe(3);
    expect(store.size).toBe(1);
  });

  it('drops resolved and closed incidents, and an older open state cannot revive them', () => {
    const store = new IncidentStore();
    store.apply(makeIncident({ id: 'a', seq: 1 }));
    store.apply(makeIncident({ id: 'b', seq: 2, status: 'acknowledged' }));
    expect(store.apply(makeIncident({ id: 'a', seq: 3, status: 'resolved' }))).toBe('removed');
    expect(store.apply(makeIncident({ id: 'b', seq: 4, status: 'closed' }))).toBe('removed');
    // The HTTP snapshot, taken before the resolve, arrives late.
    expect(store.apply(makeIncident({ id: 'a', seq: 1 }))).toBe('stale');
    expect(store.size).toBe(0);
  });

  it('ignores a finished incident it never showed', () => {
    const store = new IncidentStore();
    expect(store.apply(makeIncident({ id: 'x', seq: 9, status: 'closed' }))).toBe('ignored');
    expect(store.size).toBe(0);
    expect(store.lastSeq).toBe(9);
  });

  it('tracks the highest seq seen for resync, whatever the order of arrival', () => {
    const store = new IncidentStore();
    for (const seq of [4, 10, 2, 8]) store.apply(makeIncident({ id: `i${seq}`, seq }));
    expect(store.lastSeq).toBe(10);
    store.noteSeq(12);
    store.noteSeq(3);
    expect(store.lastSeq).toBe(12);
  });

  it('tells listeners which incident changed, and nothing for stale states', () => {
    const store = new IncidentStore();
    const heard: string[] = [];
    const unsubscribe = store.onChange((id) => heard.push(id));
    store.apply(makeIncident({ id: 'a', seq: 2 }));
    store.apply(makeIncident({ id: 'a', seq: 1 }));
    store.apply(makeIncident({ id: 'a', seq: 3, status: 'resolved' }));
    unsubscribe();
    store.apply(makeIncident({ id: 'b', seq: 4 }));
    expect(heard).toEqual(['a', 'a']);
  });

  it('forgets the oldest finished incidents beyond its memory bound', () => {
    const store = new IncidentStore(2);
    store.apply(makeIncident({ id: 'a', seq: 1, status: 'closed' }));
    store.apply(makeIncident({ id: 'b', seq: 2, status: 'closed' }));
    store.apply(makeIncident({ id: 'c', seq: 3, status: 'closed' }));
    // `a` was forgotten, so its old open state is accepted again; `c` is still guarded.
    expect(store.apply(makeIncident({ id: 'a', seq: 1 }))).toBe('added');
    expect(store.apply(makeIncident({ id: 'c', seq: 3 }))).toBe('stale');
  });
});
