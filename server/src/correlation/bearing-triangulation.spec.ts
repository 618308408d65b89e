import { bearingDeg, haversineM, offsetM, type BearingRay, type LatLon } from '@ioc/shared';
import { eventAt, LANGBIANG, MIN, T0, virtualCorrelator } from './correlation.fixtures';
import type { CorrelationInput } from './correlator';

/** A smoke bearing from a camera at `camera` towards `fire`, off by `noiseDeg`. */
function smokeRay(
  source: string,
  camera: LatLon,
  fire: LatLon,
  noiseDeg: number,
  ts: number,
): CorrelationInput {
  const ray: BearingRay = {
    source,
    origin: camera,
    bearingDeg: (bearingDeg(camera, fire) + noiseDeg + 360) % 360,
    spreadDeg: 2,
    rangeM: 15_000,
  };
  return {
    type: 'fire.smoke',
    ts,
    location: camera,
    source,
    zone: 'langbiang',
    severityHint: null,
    ray,
  };
}

// The fire, 4 km north of the Langbiang reference; ridges 8 km apart to its south-west and
// south-east see it at right angles, 5.7 km away.
const FIRE = offsetM(LANGBIANG, 4000, 0);
const WEST_RIDGE = offsetM(LANGBIANG, 0, -4000);
const EAST_RIDGE = offsetM(LANGBIANG, 0, 4000);
const NORTH_TOWER = offsetM(LANGBIANG, 11_000, 3000);

describe('bearings to places', () => {
  it('two cameras 8 km apart: one fire incident within 300 m of the true place', () => {
    const { correlator } = virtualCorrelator();
    const a = correlator.ingest(smokeRay('cam-west', WEST_RIDGE, FIRE, 2, T0));
    expect(a.created).toBe(true);
    expect(a.incident.locationMethod).toBe('camera-ray');
    const b = correlator.ingest(smokeRay('cam-east', EAST_RIDGE, FIRE, -1.5, T0 + MIN));
    expect(b.created).toBe(false);
    expect(b.incident.id).toBe(a.incident.id);
    expect(b.incident.locationMethod).toBe('triangulated');
    const errorM = haversineM(b.incident.location, FIRE);
    expect(errorM).toBeLessThan(300);
    // The stated uncertainty is honest: the true place lies inside it.
    expect(b.incident.locationUncertaintyM).toBeGreaterThan(errorM);
    expect(b.incident.sources).toEqual(['cam-west', 'cam-east']);
  });

  it('three cameras: within 150 m, and the third ray tightens the estimate', () => {
    const { correlator } = virtualCorrelator();
    correlator.ingest(smokeRay('cam-west', WEST_RIDGE, FIRE, 1, T0));
    const two = correlator.ingest(smokeRay('cam-east', EAST_RIDGE, FIRE, -1, T0));
    const twoUncertainty = two.incident.locationUncertaintyM!;
    const three = correlator.ingest(smokeRay('cam-north', NORTH_TOWER, FIRE, 1, T0 + MIN));
    expect(three.incident.id).toBe(two.incident.id);
    expect(three.incident.locationMethod).toBe('triangulated');
    expect(haversineM(three.incident.location, FIRE)).toBeLessThan(150);
    expect(three.incident.locationUncertaintyM!).toBeLessThan(twoUncertainty);
  });

  it('nearly parallel rays do not triangulate and keep an honest uncertainty', () => {
    const { correlator } = virtualCorrelator();
    // Two cameras 1 km apart on one line of sight to a fire 10 km away: about 5.7° apart.
    const far = offsetM(LANGBIANG, 10_000, 0);
    const a = correlator.ingest(smokeRay('cam-1', offsetM(LANGBIANG, 0, -500), far, 0.5, T0));
    const b = correlator.ingest(smokeRay('cam-2', offsetM(LANGBIANG, 0, 500), far, -0.5, T0));
    expect(b.incident.id).toBe(a.incident.id);
    expect(b.incident.locationMethod).toBe('camera-ray');
    const errorM = haversineM(b.incident.location, far);
    expect(b.incident.locationUncertaintyM!).toBeGreaterThanOrEqual(errorM);
    expect(b.incident.locationUncertaintyM!).toBeGreaterThanOrEqual(5000);
  });

  it('a ray that passes 5 km from an existing fire does not join it', () => {
    const { correlator } = virtualCorrelator();
    const reported = correlator.ingest(eventAt('fire.flame', 'citizen:1', 4000, 0, T0));
    // Looks due north from 5 km east of the fire: passes 5 km from it.
    const camera = offsetM(LANGBIANG, 0, 5000);
    const ray = smokeRay('cam-east', camera, offsetM(camera, 10_000, 0), 0, T0 + MIN);
    const seen = correlator.ingest(ray);
    expect(seen.created).toBe(true);
    expect(seen.incident.id).not.toBe(reported.incident.id);
    // Turned towards the fire, the same camera's ray joins it; the reported place stays.
    const towards = correlator.ingest(smokeRay('cam-east', camera, FIRE, 1, T0 + 2 * MIN));
    expect(towards.incident.id).toBe(reported.incident.id);
    expect(towards.incident.locationMethod).toBe('reported');
    expect(haversineM(towards.incident.location, FIRE)).toBeLessThan(1);
  });

  it('a crossing outranks a heat sensor near the fire, and the sensor still joins', () => {
    const { correlator } = virtualCorrelator();
    const heat = correlator.ingest(eventAt('fire.heat', 'temp-1', 4200, 150, T0));
    expect(heat.incident.locationMethod).toBe('reported');
    correlator.ingest(smokeRay('cam-west', WEST_RIDGE, FIRE, 1, T0 + MIN));
    const two = correlator.ingest(smokeRay('cam-east', EAST_RIDGE, FIRE, -1, T0 + MIN));
    expect(two.incident.id).toBe(heat.incident.id);
    expect(two.incident.locationMethod).toBe('triangulated');
    const later = correlator.ingest(eventAt('fire.heat', 'temp-1', 4200, 150, T0 + 2 * MIN));
    expect(later.incident.id).toBe(heat.incident.id);
    expect(later.incident.locationMethod).toBe('triangulated');
    expect(haversineM(later.incident.location, FIRE)).toBeLessThan(300);
  });

  it('a camera standing near a fire does not join it by its own position', () => {
    const { correlator } = virtualCorrelator();
    const fire = correlator.ingest(eventAt('fire.flame', 'citizen:1', 0, 0, T0));
    // At 300 m from the fire, looking away from it.
    const camera = offsetM(LANGBIANG, -300, 0);
    const away = correlator.ingest(smokeRay('cam-1', camera, offsetM(camera, -8000, 0), 0, T0));
    expect(away.incident.id).not.toBe(fire.incident.id);
  });
});
