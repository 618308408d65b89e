import { offsetM, type LatLon } from '@ioc/shared';

/** A zone's outline: the convex hull of its devices, each padded by a ring of `paddingM`. */
export interface ZoneShape {
  zone: string;
  ring: LatLon[];
  /** Where the label goes: the mean of the devices. */
  centre: LatLon;
  deviceCount: number;
}

/** Andrew's monotone chain; returns the hull counter-clockwise, without repeating the first point. */
export function convexHull(points: readonly LatLon[]): LatLon[] {
  const sorted = [...points].sort((a, b) => a.lon - b.lon || a.lat - b.lat);
  if (sorted.length < 3) return sorted;
  const cross = (o: LatLon, a: LatLon, b: LatLon): number =>
    (a.lon - o.lon) * (b.lat - o.lat) - (a.lat - o.lat) * (b.lon - o.lon);
  const lower: LatLon[] = [];
  for (const p of sorted) {
    while (lower.length >= 2 && cross(lower[lower.length - 2]!, lower[lower.length - 1]!, p) <= 0)
      lower.pop();
    lower.push(p);
  }
  const upper: LatLon[] = [];
  for (let i = sorted.length - 1; i >= 0; i--) {
    const p = sorted[i]!;
    while (upper.length >= 2 && cross(upper[upper.length - 2]!, upper[upper.length - 1]!, p) <= 0)
      upper.pop();
    upper.push(p);
  }
  lower.pop();
  upper.pop();
  return lower.concat(upper);
}

const RING_STEPS = 12;

/**
 * Zones have no geometry in the contract, only names on devices and incidents, so the
 * console draws each zone as the padded hull of the devices that report it.
 */
export function zoneShapes(
  devices: Iterable<{ zone: string | null; location: LatLon | null }>,
  paddingM = 250,
): ZoneShape[] {
  const byZone = new Map<string, LatLon[]>();
  for (const device of devices) {
    if (!device.zone || !device.location) continue;
    let list = byZone.get(device.zone);
    if (!list) byZone.set(device.zone, (list = []));
    list.push(device.location);
  }
  const shapes: ZoneShape[] = [];
  for (const [zone, locations] of byZone) {
    // The hull of the hull's corners padded is the padded hull: pad only the corners.
    const core = convexHull(locations);
    const padded: LatLon[] = [];
    for (const point of core) {
      for (let step = 0; step < RING_STEPS; step++) {
        const angle = (2 * Math.PI * step) / RING_STEPS;
        padded.push(offsetM(point, Math.cos(angle) * paddingM, Math.sin(angle) * paddingM));
      }
    }
    const centre = locations.reduce(
      (sum, p) => ({
        lat: sum.lat + p.lat / locations.length,
        lon: sum.lon + p.lon / locations.length,
      }),
      { lat: 0, lon: 0 },
    );
    shapes.push({ zone, ring: convexHull(padded), centre, deviceCount: locations.length });
  }
  return shapes.sort((a, b) => a.zone.localeCompare(b.zone));
}
