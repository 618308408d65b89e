import { describe, expect, it } from '@jest/globals';
import type { Incident } from '@ioc/shared';
import { makeIncident } from '../testing/fixtures';
import { DistrictRefresh } from './district-refresh';
import { IncidentStore } from './incident-store';

const district = (seq: number, status: Incident['status'] = 'open'): Incident =>
  makeIncident({ id: 'inc-1', seq, status, districtId: 'lac-duong', districtName: 'Lạc Dương' });

/** A province hub whose district list can change between fetches. */
function fakeProvince(initial: Incident[]) {
  let held = initial;
  let fetches = 0;
  return {
    set: (items: Incident[]) => (held = items),
    get fetches() {
      return fetches;
    },
    fetch: () => {
      fetches++;
      return Promise.resolve(held);
    },
  };
}

describe('district incidents after the live link returns', () => {
  it('refetches on a reconnection, so what changed while disconnected is shown', async () => {
    const store = new IncidentStore();
    const province = fakeProvince([district(4)]);
    const refresh = new DistrictRefresh({
      fetch: province.fetch,
      apply: (i) => store.apply(i),
      failed: (e) => {
        throw e;
      },
    });
    // Start-up: loaded once, then the first connection does not fetch again.
    await refresh.refresh();
    await refresh.connected();
    expect(province.fetches).toBe(1);
    expect(store.get('lac-duong/inc-1')?.seq).toBe(4);

    // Missed while disconnected: acknowledged, then a new incident.
    province.set([
      district(9, 'acknowledged'),
      makeIncident({ id: 'inc-2', seq: 10, districtId: 'lac-duong' }),
    ]);
    await refresh.connected();
    expect(province.fetches).toBe(2);
    expect(store.get('lac-duong/inc-1')).toMatchObject({ seq: 9, status: 'acknowledged' });
    expect(store.get('lac-duong/inc-2')?.seq).toBe(10);
  });

  it('keeps a newer pushed state over an older fetched one', async () => {
    const store = new IncidentStore();
    store.apply({ ...district(12, 'dispatched'), id: 'lac-duong/inc-1' });
    const refresh = new DistrictRefresh({
      fetch: fakeProvince([district(9, 'acknowledged')]).fetch,
      apply: (i) => store.apply(i),
      failed: () => undefined,
    });
    await refresh.refresh();
    expect(store.get('lac-duong/inc-1')).toMatchObject({ seq: 12, status: 'dispatched' });
  });

  it('runs one fetch at a time, once more when asked during one, and reports a failure', async () => {
    let calls = 0;
    let release = (): void => undefined;
    const failures: unknown[] = [];
    const refresh = new DistrictRefresh({
      fetch: () => {
        calls++;
        if (calls === 1) return new Promise((resolve) => (release = () => resolve([])));
        return Promise.reject(new Error('province unreachable'));
      },
      apply: () => undefined,
      failed: (e) => failures.push(e),
    });
    const first = refresh.refresh();
    void refresh.refresh();
    void refresh.refresh();
    release();
    await first;
    expect(calls).toBe(2);
    expect(failures).toEqual([new Error('province unreachable')]);
  });
});
