/*
 * Web Mercator in "world units": x and y in [0, 1] at zoom 0. Leaflet's pixel position at
 * zoom z is this times 256·2^z, so a layer projects each point once and scales it per
 * zoom, instead of calling map.project 11,000 times per frame.
 */
const MAX_LATITUDE = 85.0511287798;

export interface WorldPoint {
  x: number;
  y: number;
}

export function toWorld(lat: number, lon: number): WorldPoint {
  const clamped = Math.max(-MAX_LATITUDE, Math.min(MAX_LATITUDE, lat));
  const sin = Math.sin((clamped * Math.PI) / 180);
  return {
    x: lon / 360 + 0.5,
    y: 0.5 - Math.log((1 + sin) / (1 - sin)) / (4 * Math.PI),
  };
}

/** Pixels per world unit at a zoom level (Leaflet's CRS scale). */
export function worldScale(zoom: number): number {
  return 256 * Math.pow(2, zoom);
}

/** Ground metres per screen pixel at a latitude and zoom. */
export function metresPerPixel(lat: number, zoom: number): number {
  return (40_075_016.686 * Math.cos((lat * Math.PI) / 180)) / worldScale(zoom);
}
