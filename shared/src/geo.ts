/** Geographic helpers shared by the server, the console and the simulators. */

export interface LatLon {
  lat: number;
  lon: number;
}

/** [minLon, minLat, maxLon, maxLat], as in GeoJSON and the `bbox` query parameter. */
export type BBox = [number, number, number, number];

const EARTH_RADIUS_M = 6_371_008.8;
const toRad = (deg: number): number => (deg * Math.PI) / 180;

/** Great-circle distance in metres (haversine). */
export function haversineM(a: LatLon, b: LatLon): number {
  const dLat = toRad(b.lat - a.lat);
  const dLon = toRad(b.lon - a.lon);
  const h =
    Math.sin(dLat / 2) ** 2 +
    Math.cos(toRad(a.lat)) * Math.cos(toRad(b.lat)) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

/**
 * Running centroid: the mean of `count` points moved by one more point. Over a few
 * kilometres the arithmetic mean of coordinates is within centimetres of the true one.
 */
export function addToCentroid(centroid: LatLon, count: number, point: LatLon): LatLon {
  const n = count + 1;
  return {
    lat: centroid.lat + (point.lat - centroid.lat) / n,
    lon: centroid.lon + (point.lon - centroid.lon) / n,
  };
}

export function centroid(points: readonly LatLon[]): LatLon | null {
  if (points.length === 0) return null;
  let lat = 0;
  let lon = 0;
  for (const p of points) {
    lat += p.lat;
    lon += p.lon;
  }
  return { lat: lat / points.length, lon: lon / points.length };
}

export function inBBox(point: LatLon, bbox: BBox): boolean {
  const [minLon, minLat, maxLon, maxLat] = bbox;
  return point.lon >= minLon && point.lon <= maxLon && point.lat >= minLat && point.lat <= maxLat;
}

/** Parses `minLon,minLat,maxLon,maxLat`; returns null when it is not four ordered numbers in range. */
export function parseBBox(text: string): BBox | null {
  const parts = text.split(',').map((p) => Number(p.trim()));
  if (parts.length !== 4 || parts.some((n) => !Number.isFinite(n))) return null;
  const [minLon, minLat, maxLon, maxLat] = parts as BBox;
  if (minLon > maxLon || minLat > maxLat) return null;
  if (minLon < -180 || maxLon > 180 || minLat < -90 || maxLat > 90) return null;
  return [minLon, minLat, maxLon, maxLat];
}

/** Moves a point by metres north and east (flat-earth approximation, fine for a city). */
export function offsetM(point: LatLon, northM: number, eastM: number): LatLon {
  const dLat = northM / 111_320;
  const dLon = eastM / (111_320 * Math.cos(toRad(point.lat)));
  return { lat: point.lat + dLat, lon: point.lon + dLon };
}

/** Centre of Da Lat (Xuan Huong lake), the default map view. */
export const DA_LAT_CENTER: LatLon = { lat: 11.9404, lon: 108.4373 };

/** Bearing from one point to another, degrees clockwise from north (flat-earth, city scale). */
export function bearingDeg(from: LatLon, to: LatLon): number {
  const northM = (to.lat - from.lat) * 111_320;
  const eastM = (to.lon - from.lon) * 111_320 * Math.cos(toRad(from.lat));
  const deg = (Math.atan2(eastM, northM) * 180) / Math.PI;
  return (deg + 360) % 360;
}
