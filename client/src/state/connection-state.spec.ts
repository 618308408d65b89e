import { describe, expect, it } from '@jest/globals';
import { ConnectionState } from './connection-state';

describe('ConnectionState', () => {
  it('freezes "data as of" at the moment the link was lost', () => {
    const state = new ConnectionState();
    const seen: string[] = [];
    state.onChange((s) => seen.push(`${s.status}@${s.dataAsOf?.toISOString() ?? '-'}`));
    state.markFresh(new Date('2026-11-23T08:00:00Z'));
    state.set('connected', new Date('2026-11-23T08:01:00Z'));
    state.set('disconnected', new Date('2026-11-23T08:05:00Z'));
    state.set('disconnected', new Date('2026-11-23T08:06:00Z'));
    state.set('connecting', new Date('2026-11-23T08:07:00Z'));
    expect(seen).toEqual([
      'connected@2026-11-23T08:01:00.000Z',
      'disconnected@2026-11-23T08:05:00.000Z',
      'connecting@2026-11-23T08:05:00.000Z',
    ]);
  });
});
