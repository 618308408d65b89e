import { describe, expect, it } from '@jest/globals';
import { makeIncident } from '../testing/fixtures';
import { isDistrictIncident, knownDistricts, toConsoleIncident } from './district';
import { IncidentStore } from './incident-store';

const base = makeIncident({ id: 'inc-1', seq: 5, status: 'open' });

describe('district incidents in the console', () => {
  it('keys a district incident by its district, and leaves own incidents as they are', () => {
    expect(toConsoleIncident(base)).toBe(base);
    const forwarded = toConsoleIncident({
      ...base,
      districtId: 'lac-duong',
      districtName: 'Lạc Dương',
    });
    expect(forwarded.id).toBe('lac-duong/inc-1');
    expect(isDistrictIncident(forwarded)).toBe(true);
    expect(isDistrictIncident(base)).toBe(false);
  });

  it('never takes a district seq as the hub resync point', () => {
    const store = new IncidentStore();
    store.apply({ ...base, seq: 3 });
    store.apply(toConsoleIncident({ ...base, seq: 900, districtId: 'lac-duong' }));
    expect(store.lastSeq).toBe(3);
    expect(store.get('lac-duong/inc-1')?.seq).toBe(900);
  });

  it('lists the districts seen, by name', () => {
    expect(
      knownDistricts([
        { ...base, districtId: 'don-duong', districtName: 'Đơn Dương' },
        base,
        { ...base, districtId: 'lac-duong', districtName: 'Lạc Dương' },
      ]),
    ).toEqual([
      { id: 'don-duong', name: 'Đơn Dương' },
      { id: 'lac-duong', name: 'Lạc Dương' },
    ]);
  });
});
