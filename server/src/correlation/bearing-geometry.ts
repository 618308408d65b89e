import { offsetM, type BearingRay, type LatLon } from '@ioc/shared';

/**
 * Plane geometry of camera rays. Points are projected on a local east/north plane around a
 * reference point: at the 10–20 km of a ridge camera's view the error is centimetres,
 * far below a bearing's own uncertainty.
 */

/** Rays crossing at less than this do not fix a place (the crossing slides along them). */
export const MIN_CROSSING_ANGLE_DEG = 15;
/** A ray's lateral uncertainty never goes below this (a camera's own position is not exact). */
const MIN_LATERAL_SIGMA_M = 20;

const M_PER_DEG = 111_320;
const toRad = (deg: number): number => (deg * Math.PI) / 180;

interface Xy {
  x: number;
  y: number;
}

function toLocal(ref: LatLon, p: LatLon): Xy {
  return {
    x: (p.lon - ref.lon) * M_PER_DEG * Math.cos(toRad(ref.lat)),
    y: (p.lat - ref.lat) * M_PER_DEG,
  };
}

/** Unit vector of a bearing (clockwise from north) on the east/north plane. */
function direction(bearingDeg: number): Xy {
  return { x: Math.sin(toRad(bearingDeg)), y: Math.cos(toRad(bearingDeg)) };
}

/** Where a point lies relative to a ray: metres along it and metres to its side. */
function relate(ray: BearingRay, point: LatLon): { alongM: number; sideM: number } {
  const p = toLocal(ray.origin, point);
  const d = direction(ray.bearingDeg);
  return { alongM: p.x * d.x + p.y * d.y, sideM: p.x * d.y - p.y * d.x };
}

/** Distance from a point to the ray's segment (camera to range), metres. */
export function distanceToRayM(ray: BearingRay, point: LatLon): number {
  const { alongM, sideM } = relate(ray, point);
  if (alongM < 0) return Math.hypot(alongM, sideM);
  if (alongM > ray.rangeM) return Math.hypot(alongM - ray.rangeM, sideM);
  return Math.abs(sideM);
}

/**
 * Distance from a point to the ray when the point lies ahead of the camera within range,
 * else Infinity: a camera standing near a place does not see it by standing there.
 */
export function distanceAheadM(ray: BearingRay, point: LatLon): number {
  const { alongM, sideM } = relate(ray, point);
  return alongM < 0 || alongM > ray.rangeM ? Infinity : Math.abs(sideM);
}

/** The point `alongM` metres down a ray. */
export function pointOnRay(ray: BearingRay, alongM: number): LatLon {
  const d = direction(ray.bearingDeg);
  return offsetM(ray.origin, d.y * alongM, d.x * alongM);
}

/** The angle two lines of sight cross at, 0–90°. */
export function crossingAngleDeg(a: BearingRay, b: BearingRay): number {
  const diff = Math.abs(a.bearingDeg - b.bearingDeg) % 180;
  return Math.min(diff, 180 - diff);
}

/** Closest distance between two ray segments, metres (0 when they cross). */
export function rayToRayDistanceM(a: BearingRay, b: BearingRay): number {
  const end = (r: BearingRay): LatLon => pointOnRay(r, r.rangeM);
  const ra = relate(a, b.origin);
  const rb = relate(a, end(b));
  // Opposite sides of a, and opposite sides of b: the segments cross.
  const sa = relate(b, a.origin);
  const sb = relate(b, end(a));
  if (ra.sideM * rb.sideM < 0 && sa.sideM * sb.sideM < 0) return 0;
  return Math.min(
    distanceToRayM(a, b.origin),
    distanceToRayM(a, end(b)),
    distanceToRayM(b, a.origin),
    distanceToRayM(b, end(a)),
  );
}

export interface Placement {
  location: LatLon;
  /** Radius that holds the true place with about 95 % confidence (2σ), metres. */
  uncertaintyM: number;
  triangulated: boolean;
}

/** A lone ray (or rays that do not cross well): somewhere on the segment, honestly. */
export function rayOnlyPlacement(ray: BearingRay): Placement {
  return {
    location: pointOnRay(ray, ray.rangeM / 2),
    uncertaintyM: Math.round(ray.rangeM / 2),
    triangulated: false,
  };
}

/**
 * Weighted least-squares crossing of the rays: the point that minimises the squared side
 * distances, each weighted by the ray's lateral variance at that distance (a bearing's
 * error grows with range). Returns null when no two rays from different cameras cross at
 * MIN_CROSSING_ANGLE_DEG or more, or the point is not ahead of every ray within its range.
 */
export function triangulate(rays: readonly BearingRay[]): Placement | null {
  if (!hasGoodCrossing(rays)) return null;
  const ref = rays[0]!.origin;
  let estimate: Xy | null = null;
  let inverse: { a: number; b: number; c: number } | null = null;
  // Twice: the first pass weights by half the range, the second by the distance found.
  for (let pass = 0; pass < 2; pass++) {
    let a = 0; // Σ w nx²
    let b = 0; // Σ w nx ny
    let c = 0; // Σ w ny²
    let bx = 0;
    let by = 0;
    for (const ray of rays) {
      const o = toLocal(ref, ray.origin);
      const d = direction(ray.bearingDeg);
      const n = { x: d.y, y: -d.x };
      const distanceM =
        estimate === null
          ? ray.rangeM / 2
          : Math.max((estimate.x - o.x) * d.x + (estimate.y - o.y) * d.y, 1);
      const sigma = Math.max(distanceM * Math.tan(toRad(ray.spreadDeg)), MIN_LATERAL_SIGMA_M);
      const w = 1 / sigma ** 2;
      const projection = n.x * o.x + n.y * o.y;
      a += w * n.x * n.x;
      b += w * n.x * n.y;
      c += w * n.y * n.y;
      bx += w * n.x * projection;
      by += w * n.y * projection;
    }
    const det = a * c - b * b;
    if (!(det > 0)) return null;
    inverse = { a: c / det, b: -b / det, c: a / det };
    estimate = { x: inverse.a * bx + inverse.b * by, y: inverse.b * bx + inverse.c * by };
  }
  if (!estimate || !inverse) return null;
  const location = offsetM(ref, estimate.y, estimate.x);
  for (const ray of rays) {
    const { alongM } = relate(ray, location);
    if (alongM <= 0 || alongM > ray.rangeM) return null;
  }
  // Largest eigenvalue of the 2×2 covariance: the long axis of the error ellipse.
  const mean = (inverse.a + inverse.c) / 2;
  const spread = Math.sqrt(((inverse.a - inverse.c) / 2) ** 2 + inverse.b ** 2);
  return {
    location,
    uncertaintyM: Math.round(2 * Math.sqrt(mean + spread)),
    triangulated: true,
  };
}

function hasGoodCrossing(rays: readonly BearingRay[]): boolean {
  for (let i = 0; i < rays.length; i++)
    for (let j = i + 1; j < rays.length; j++) {
      const [a, b] = [rays[i]!, rays[j]!];
      if (a.source !== b.source && crossingAngleDeg(a, b) >= MIN_CROSSING_ANGLE_DEG) return true;
    }
  return false;
}
