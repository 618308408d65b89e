import { EVENT_TYPES, METRICS, deviceIdPattern, haversineM, validateBirth } from '@ioc/shared';
import { SITES } from './da-lat-sites';
import { gatewaySpec, generateFleet, interleave } from './fleet.generator';

describe('generateFleet', () => {
  const fleet = generateFleet({ cameras: 37, sensors: 60, seed: 1 });
  const devices = [...fleet.cameras, ...fleet.sensors];

  it('is deterministic for a seed and differs between seeds', () => {
    expect(generateFleet({ cameras: 37, sensors: 60, seed: 1 })).toEqual(fleet);
    const other = generateFleet({ cameras: 37, sensors: 60, seed: 2 });
    expect(other.cameras.map((c) => c.id)).toEqual(fleet.cameras.map((c) => c.id));
    expect(other.cameras.map((c) => c.birth.location)).not.toEqual(
      fleet.cameras.map((c) => c.birth.location),
    );
  });

  it('makes the requested numbers of devices with unique, valid ids', () => {
    expect(fleet.cameras).toHaveLength(37);
    expect(fleet.sensors).toHaveLength(60);
    const ids = devices.map((d) => d.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(deviceIdPattern);
    expect(ids).toEqual(
      expect.arrayContaining(['cam-langbiang-01', 'aq-center-03', 'wl-camly-01', 'tilt-prenn-02']),
    );
  });

  it('gives every device a birth that passes the hub validation', () => {
    for (const device of [...devices, gatewaySpec(0), gatewaySpec(9)]) {
      const result = validateBirth(JSON.parse(JSON.stringify(device.birth)));
      expect(result).toEqual({ ok: true, value: device.birth });
    }
  });

  it('advertises known event types for cameras and known metrics for sensors', () => {
    for (const camera of fleet.cameras) {
      expect(camera.birth.kind).toBe('camera');
      for (const c of camera.birth.capabilities) expect(EVENT_TYPES).toContain(c);
      for (const routine of Object.keys(camera.profile.routine))
        expect(camera.birth.capabilities).toContain(routine);
      expect(camera.birth.capabilities.filter((c) => c.startsWith('fire.'))).toEqual(
        camera.profile.capabilities.filter((c) => c.startsWith('fire.')),
      );
      expect(Object.keys(camera.profile.routine).some((t) => t.startsWith('fire.'))).toBe(false);
    }
    for (const sensor of fleet.sensors) {
      expect(sensor.birth.kind).toBe('sensor');
      expect(sensor.birth.capabilities.length).toBeGreaterThan(0);
      for (const m of sensor.birth.capabilities) expect(METRICS).toContain(m);
    }
  });

  it('places devices within their site and zone', () => {
    for (const device of devices) {
      expect(haversineM(device.birth.location, device.site.location)).toBeLessThanOrEqual(
        device.site.spreadM + 1,
      );
      expect(device.birth.zone).toBe(device.site.zone);
      expect(device.birth.zone).toMatch(/^[a-z][a-z-]*$/);
    }
    const zones = new Set(devices.map((d) => d.birth.zone));
    for (const zone of [
      'langbiang',
      'prenn',
      'tuyen-lam',
      'center',
      'cam-ly',
      'trai-mat',
      'xuan-huong',
    ]) {
      expect(zones).toContain(zone);
    }
    expect(
      fleet.sensors
        .filter((s) => s.sensorKind === 'tilt')
        .map((s) => s.site.key)
        .sort(),
    ).toEqual(expect.arrayContaining(['mimosa', 'prenn']));
    expect(fleet.sensors.find((s) => s.id === 'wl-camly-01')?.site).toBe(SITES.camly);
  });

  it('keeps a device in place when the fleet is resized, and covers every site when small', () => {
    const small = generateFleet({ cameras: 12, sensors: 5, seed: 1 });
    for (const camera of small.cameras) {
      expect(fleet.cameras.find((c) => c.id === camera.id)?.birth.location).toEqual(
        camera.birth.location,
      );
    }
    expect(new Set(small.cameras.map((c) => c.site.key)).size).toBe(12);
    const large = generateFleet({ cameras: 500, sensors: 1000, seed: 1 });
    expect(large.cameras).toHaveLength(500);
    expect(large.sensors).toHaveLength(1000);
    expect(new Set(large.sensors.map((s) => s.id)).size).toBe(1000);
    expect(generateFleet({ cameras: 0, sensors: 0, seed: 1 })).toEqual({
      seed: 1,
      cameras: [],
      sensors: [],
    });
  });
});

describe('interleave', () => {
  it('takes one per slot per round, then keeps going past the plan', () => {
    const plan = [
      { name: 'a', count: 2 },
      { name: 'b', count: 1 },
    ];
    expect(interleave(plan, 3).map((s) => s.name)).toEqual(['a', 'b', 'a']);
    expect(interleave(plan, 5).map((s) => s.name)).toEqual(['a', 'b', 'a', 'a', 'b']);
    expect(interleave(plan, 0)).toEqual([]);
  });
});
