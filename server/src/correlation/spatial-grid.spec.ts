import { haversineM, offsetM, type LatLon } from '@ioc/shared';
import { SpatialGrid } from './spatial-grid';

describe('SpatialGrid', () => {
  it.each([0, 12, 45, 70])('finds exactly what a linear scan finds at latitude %d', (lat) => {
    const center: LatLon = { lat, lon: 108 };
    const grid = new SpatialGrid<LatLon & { id: string }>(500, (p) => p);
    const points: (LatLon & { id: string })[] = [];
    for (let i = 0; i < 400; i++) {
      const p = {
        id: `p${i}`,
        ...offsetM(center, ((i * 37) % 41) * 60 - 1200, ((i * 53) % 43) * 60 - 1200),
      };
      points.push(p);
      grid.upsert(p.id, p);
    }
    const expected = points
      .filter((p) => haversineM(center, p) <= 500)
      .map((p) => p.id)
      .sort();
    expect(
      grid
        .within(center, 500)
        .map((r) => r.item.id)
        .sort(),
    ).toEqual(expected);
  });

  it('moves and removes items', () => {
    const grid = new SpatialGrid<{ at: LatLon }>(100, (x) => x.at);
    const item = { at: { lat: 12, lon: 108 } };
    grid.upsert('a', item);
    item.at = offsetM(item.at, 5000, 0);
    grid.upsert('a', item);
    expect(grid.within({ lat: 12, lon: 108 }, 100)).toHaveLength(0);
    expect(grid.within(item.at, 100)).toHaveLength(1);
    grid.remove('a');
    expect(grid.size).toBe(0);
  });
});
