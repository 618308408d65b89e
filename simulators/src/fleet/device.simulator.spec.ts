import { haversineM, validateEvent, validateTelemetry } from '@ioc/shared';
import { ManualClock } from '../clock';
import { CameraSimulator, MAX_EVENT_OFFSET_M, SensorSimulator } from './device.simulator';
import { generateFleet } from './fleet.generator';
import { RainModel, SensorModel } from './sensor.model';

describe('device simulators', () => {
  const fleet = generateFleet({ cameras: 37, sensors: 60, seed: 1 });
  const clock = new ManualClock();

  it('cameras publish valid, numbered events near themselves', () => {
    for (const spec of fleet.cameras) {
      const camera = new CameraSimulator(spec, 1, 'run1');
      for (let i = 1; i <= 20; i++) {
        const event = camera.nextEvent(clock.now());
        const result = validateEvent(JSON.parse(JSON.stringify(event)), clock.now());
        if (!result.ok) throw new Error(`${spec.id}: ${result.message}`);
        expect(event.id).toBe(`${spec.id}-run1-${String(i).padStart(6, '0')}`);
        expect(event.ts).toBe(new Date(clock.now()).toISOString());
        expect(spec.profile.routine).toHaveProperty([event.type]);
        expect(event.confidence).toBeGreaterThanOrEqual(0.6);
        expect(event.confidence).toBeLessThanOrEqual(0.95);
        expect(haversineM(spec.birth.location, event.location!)).toBeLessThanOrEqual(
          MAX_EVENT_OFFSET_M + 0.5,
        );
        expect(event.attributes).toEqual(
          expect.objectContaining({ bearingDeg: expect.any(Number) }),
        );
      }
    }
  });

  it('replays the same events for the same seed', () => {
    const spec = fleet.cameras[0]!;
    const a = new CameraSimulator(spec, 5, 'x');
    const b = new CameraSimulator(spec, 5, 'x');
    expect([a.nextEvent(0), a.nextEvent(1)]).toEqual([b.nextEvent(0), b.nextEvent(1)]);
  });

  it('sensors publish valid telemetry with exactly their metrics', () => {
    const rain = new RainModel(1);
    for (const spec of fleet.sensors) {
      const sensor = new SensorSimulator(spec, new SensorModel(spec, 1, rain));
      const payload = sensor.telemetry(clock.now(), clock.now());
      const result = validateTelemetry(JSON.parse(JSON.stringify(payload)), clock.now());
      if (!result.ok) throw new Error(`${spec.id}: ${result.message}`);
      expect(Object.keys(payload.readings).sort()).toEqual([...spec.metrics].sort());
      for (const v of Object.values(payload.readings)) expect(Number.isFinite(v)).toBe(true);
    }
  });
});
