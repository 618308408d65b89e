import type { BearingRay, Category, LatLon, LocationMethod } from '@ioc/shared';
import {
  distanceAheadM,
  rayOnlyPlacement,
  rayToRayDistanceM,
  triangulate,
} from './bearing-geometry';
import type { IncidentState } from './incident-state';

/** Categories whose camera events may be rays: what a ridge camera sees from afar. */
export const RAY_CATEGORIES: ReadonlySet<Category> = new Set<Category>(['fire', 'forest']);

export interface IncidentPlacement {
  location: LatLon;
  method: LocationMethod;
  uncertaintyM: number | null;
}

/**
 * Where an incident is, from its rays: their crossing when two cameras see it at a good
 * angle, otherwise the middle of the first ray with half its range as the uncertainty.
 * Without rays the place is the reported one.
 */
export function placeIncident(rays: readonly BearingRay[], reported: LatLon): IncidentPlacement {
  const first = rays[0];
  if (!first) return { location: { ...reported }, method: 'reported', uncertaintyM: null };
  const crossing = triangulate(rays);
  if (crossing)
    return {
      location: crossing.location,
      method: 'triangulated',
      uncertaintyM: crossing.uncertaintyM,
    };
  const alone = rayOnlyPlacement(first);
  return { location: alone.location, method: 'camera-ray', uncertaintyM: alone.uncertaintyM };
}

/**
 * How far a new ray passes from an incident, metres: from its place when that is known
 * (reported or triangulated), from its rays when it is only a ray. The same camera looking
 * again matches by the sideways gap of the two bearings halfway down the shorter range.
 */
export function rayMatchDistanceM(ray: BearingRay, incident: IncidentState): number {
  if (incident.locationMethod !== 'camera-ray' || incident.rays.length === 0)
    return distanceAheadM(ray, incident.location);
  let best = Infinity;
  for (const seen of incident.rays) {
    const distanceM =
      seen.source === ray.source ? sameCameraGapM(ray, seen) : rayToRayDistanceM(ray, seen);
    best = Math.min(best, distanceM);
  }
  return best;
}

function sameCameraGapM(a: BearingRay, b: BearingRay): number {
  const diff = Math.abs(a.bearingDeg - b.bearingDeg) % 360;
  const angle = Math.min(diff, 360 - diff);
  if (angle >= 90) return Infinity;
  return Math.tan((angle * Math.PI) / 180) * (Math.min(a.rangeM, b.rangeM) / 2);
}
