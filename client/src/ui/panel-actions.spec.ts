import { describe, expect, it } from '@jest/globals';
import type { Unit } from '@ioc/shared';
import { makeIncident } from '../testing/fixtures';
import { availableUnits, canTransition } from './panel-actions';

const unit = (id: string, lat: number, status: Unit['status'] = 'available'): Unit => ({
  id,
  name: id,
  kind: 'fire_brigade',
  homeZone: null,
  location: { lat, lon: 108.44 },
  status,
  incidentId: null,
  updatedAt: '2026-11-24T00:00:00Z',
});

describe('panel actions', () => {
  it('lets dispatchers and admins change status, operators only add notes', () => {
    expect(canTransition('dispatcher')).toBe(true);
    expect(canTransition('admin')).toBe(true);
    expect(canTransition('operator')).toBe(false);
  });

  it('offers available units nearest first', () => {
    const incident = makeIncident({ location: { lat: 12.0, lon: 108.44 } });
    const offered = availableUnits(
      [unit('far', 11.9), unit('busy', 12.0, 'busy'), unit('near', 11.99)],
      incident,
    );
    expect(offered.map((o) => o.unit.id)).toEqual(['near', 'far']);
    expect(offered[0]!.distanceM).toBeGreaterThan(1000);
    expect(offered[0]!.distanceM).toBeLessThan(1200);
  });
});
