import { offsetM, type EventPayload, type EventType, type TelemetryPayload } from '@ioc/shared';
import { eventId } from '../messages';
import { Random } from '../random';
import { round6, type CameraSpec, type SensorSpec } from './fleet.generator';
import type { SensorModel } from './sensor.model';

/** A detection lies at most this far from its camera (the camera's estimate of where it is). */
export const MAX_EVENT_OFFSET_M = 150;

/** A camera of the fleet: turns "something happened now" into a plausible event payload. */
export class CameraSimulator {
  private counter = 0;
  private readonly rng: Random;

  constructor(
    readonly spec: CameraSpec,
    seed: number,
    private readonly runTag: string,
  ) {
    this.rng = Random.derive(seed, `camera:${spec.id}`);
  }

  nextEvent(nowMs: number): EventPayload {
    this.counter += 1;
    const type = this.rng.weighted<EventType>(this.spec.profile.routine);
    const distanceM = MAX_EVENT_OFFSET_M * Math.sqrt(this.rng.next());
    // Compass bearing from the camera to what it saw: 0 north, 90 east.
    const bearingDeg = this.rng.range(0, 360);
    const rad = (bearingDeg * Math.PI) / 180;
    const at = offsetM(
      this.spec.birth.location,
      distanceM * Math.cos(rad),
      distanceM * Math.sin(rad),
    );
    return {
      id: eventId(this.spec.id, this.runTag, this.counter),
      ts: new Date(nowMs).toISOString(),
      type,
      confidence: Math.round(this.rng.range(0.6, 0.95) * 100) / 100,
      location: { lat: round6(at.lat), lon: round6(at.lon) },
      attributes: {
        bearingDeg: Math.floor(bearingDeg),
        distanceM: Math.round(distanceM),
        simulated: true,
      },
    };
  }
}

/** A sensor of the fleet: its model's readings, stamped with the wall-clock time. */
export class SensorSimulator {
  constructor(
    readonly spec: SensorSpec,
    private readonly model: SensorModel,
  ) {}

  /**
   * `simMs` drives the diurnal model (it runs `--speed` times faster than real time);
   * `nowMs` is the timestamp, real "now", because the hub refuses readings from the future.
   */
  telemetry(nowMs: number, simMs: number): TelemetryPayload {
    return { ts: new Date(nowMs).toISOString(), readings: this.model.read(simMs) };
  }
}
