import { addToCentroid, centroid, haversineM, inBBox, offsetM, parseBBox } from './geo';

describe('geo helpers', () => {
  it('measures distances like a reference haversine (Da Lat market to Xuan Huong lake ≈ 370 m)', () => {
    expect(
      haversineM({ lat: 11.9429, lon: 108.4369 }, { lat: 11.9404, lon: 108.4395 }),
    ).toBeCloseTo(396, -1);
    const moved = offsetM({ lat: 12, lon: 108 }, 400, 0);
    expect(haversineM({ lat: 12, lon: 108 }, moved)).toBeCloseTo(400, 0);
  });

  it('keeps a running centroid equal to the mean', () => {
    const points = [
      { lat: 1, lon: 2 },
      { lat: 3, lon: 4 },
      { lat: 5, lon: 9 },
    ];
    let c = points[0]!;
    for (let i = 1; i < points.length; i++) c = addToCentroid(c, i, points[i]!);
    expect(c.lat).toBeCloseTo(centroid(points)!.lat, 10);
    expect(c.lon).toBeCloseTo(centroid(points)!.lon, 10);
  });

  it('parses and applies bounding boxes', () => {
    expect(parseBBox('108.3,11.8,108.6,12.1')).toEqual([108.3, 11.8, 108.6, 12.1]);
    expect(parseBBox('108.6,11.8,108.3,12.1')).toBeNull();
    expect(parseBBox('a,b,c,d')).toBeNull();
    expect(inBBox({ lat: 11.94, lon: 108.43 }, [108.3, 11.8, 108.6, 12.1])).toBe(true);
    expect(inBBox({ lat: 12.5, lon: 108.43 }, [108.3, 11.8, 108.6, 12.1])).toBe(false);
  });
});
