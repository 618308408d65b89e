import { offsetM, type BearingRay, type LatLon } from '@ioc/shared';

/** The point `alongM` metres down a bearing from `origin` (flat-earth, city scale). */
function along(origin: LatLon, bearingDeg: number, alongM: number): LatLon {
  const rad = (bearingDeg * Math.PI) / 180;
  return offsetM(origin, Math.cos(rad) * alongM, Math.sin(rad) * alongM);
}

/** A ray as a line: the camera, then the end of its range. */
export function rayLine(ray: BearingRay): [LatLon, LatLon] {
  return [ray.origin, along(ray.origin, ray.bearingDeg, ray.rangeM)];
}

/** A lone camera's sector: bearing ± twice its spread (about 95 %), out to its range. */
export function raySector(ray: BearingRay, steps = 12): LatLon[] {
  const half = Math.max(ray.spreadDeg * 2, 0.5);
  const points: LatLon[] = [ray.origin];
  for (let i = 0; i <= steps; i++)
    points.push(along(ray.origin, ray.bearingDeg - half + (2 * half * i) / steps, ray.rangeM));
  return points;
}
