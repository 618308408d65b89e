import { describe, expect, it } from '@jest/globals';
import { DA_LAT_CENTER, haversineM, inBBox, type BBox } from '@ioc/shared';
import type { Position } from 'geojson';
import { DA_LAT_BASEMAP } from './da-lat-basemap';

function contains(ring: Position[], lon: number, lat: number): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi = 0, yi = 0] = ring[i] ?? [];
    const [xj = 0, yj = 0] = ring[j] ?? [];
    if (yi > lat !== yj > lat && lon < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

const DA_LAT_AREA: BBox = [108.3, 11.8, 108.6, 12.1];

describe('offline Da Lat basemap', () => {
  const features = DA_LAT_BASEMAP.features;

  it('stays within the Da Lat area', () => {
    const positions = features.flatMap((f) =>
      f.geometry.type === 'Point'
        ? [f.geometry.coordinates]
        : f.geometry.type === 'LineString'
          ? f.geometry.coordinates
          : f.geometry.coordinates.flat(),
    );
    for (const [lon = 0, lat = 0] of positions)
      expect(inBBox({ lat, lon }, DA_LAT_AREA)).toBe(true);
  });

  it('puts Xuan Huong lake at the map centre and the market just outside it', () => {
    const lakes = features.filter(
      (f) => f.properties.kind === 'lake' && f.geometry.type === 'Polygon',
    );
    const rings = lakes.map((f) =>
      f.geometry.type === 'Polygon' ? (f.geometry.coordinates[0] ?? []) : [],
    );
    expect(rings.some((ring) => contains(ring, DA_LAT_CENTER.lon, DA_LAT_CENTER.lat))).toBe(true);
    expect(rings.some((ring) => contains(ring, 108.4369, 11.9429))).toBe(false);
  });

  it('labels the landmarks operators name, in both languages', () => {
    const labels = features.filter((f) => f.geometry.type === 'Point');
    const near = (lat: number, lon: number, vi: string): void => {
      const found = labels.find((f) => f.properties.name?.vi === vi);
      expect(found?.properties.name?.en).toBeTruthy();
      const [flon = 0, flat = 0] =
        found?.geometry.type === 'Point' ? found.geometry.coordinates : [];
      expect(haversineM({ lat, lon }, { lat: flat, lon: flon })).toBeLessThan(1500);
    };
    near(11.9429, 108.4369, 'Chợ Đà Lạt');
    near(11.927, 108.44, 'Đồi Robin');
    near(12.047, 108.44, 'Núi Langbiang');
    near(11.89, 108.42, 'Hồ Tuyền Lâm');
    near(11.88, 108.47, 'Đèo Prenn (QL20)');
  });
});
