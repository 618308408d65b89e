import {
  DEFAULT_BEARING_SPREAD_DEG,
  DEFAULT_RAY_RANGE_M,
  type BearingRay,
  type LatLon,
  type ValidEvent,
} from '@ioc/shared';

/**
 * A camera event with a bearing and no reported place is a ray from the camera's mount
 * (docs/contract.md §3): `cameraAt` is where the event is stored, the ray says where to look.
 */
export function bearingRay(
  event: ValidEvent,
  deviceId: string,
  cameraAt: LatLon,
): BearingRay | null {
  if (event.bearingDeg === undefined || event.location !== undefined) return null;
  return {
    source: deviceId,
    origin: { lat: cameraAt.lat, lon: cameraAt.lon },
    bearingDeg: event.bearingDeg % 360,
    spreadDeg: event.bearingSpreadDeg ?? DEFAULT_BEARING_SPREAD_DEG,
    rangeM: event.rangeM ?? DEFAULT_RAY_RANGE_M,
  };
}
