import { describe, expect, it } from '@jest/globals';
import { haversineM } from '@ioc/shared';
import { convexHull, zoneShapes } from './zone-hull';

describe('zone outlines', () => {
  it('computes a convex hull without interior points', () => {
    const hull = convexHull([
      { lat: 0, lon: 0 },
      { lat: 0, lon: 1 },
      { lat: 1, lon: 1 },
      { lat: 1, lon: 0 },
      { lat: 0.5, lon: 0.5 },
    ]);
    expect(hull).toHaveLength(4);
    expect(hull).not.toContainEqual({ lat: 0.5, lon: 0.5 });
  });

  it('draws one padded outline per zone around its devices, ignoring devices without zone or place', () => {
    const shapes = zoneShapes(
      [
        { zone: 'prenn', location: { lat: 11.88, lon: 108.47 } },
        { zone: 'prenn', location: { lat: 11.885, lon: 108.475 } },
        { zone: 'center', location: { lat: 11.944, lon: 108.437 } },
        { zone: null, location: { lat: 11.9, lon: 108.4 } },
        { zone: 'ghost', location: null },
      ],
      250,
    );
    expect(shapes.map((s) => [s.zone, s.deviceCount])).toEqual([
      ['center', 1],
      ['prenn', 2],
    ]);
    // Every device is at least ~250 m inside its outline's corners.
    const prenn = shapes[1]!;
    const nearest = Math.min(...prenn.ring.map((p) => haversineM(p, { lat: 11.88, lon: 108.47 })));
    expect(nearest).toBeGreaterThan(240);
  });
});
