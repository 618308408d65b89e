import type { Device } from '@ioc/shared';

/** What a camera covers: a wedge from the camera, `bearingDeg` clockwise from north. */
export interface CameraView {
  bearingDeg: number;
  fovDeg: number;
  rangeM: number;
  /** True when the bearing is not known and a stable guess is drawn (fainter). */
  assumed: boolean;
}

export const DEFAULT_CAMERA_VIEW = { fovDeg: 60, rangeM: 400 } as const;

const KEYS: Record<string, 'bearingDeg' | 'fovDeg' | 'rangeM'> = {
  bearing: 'bearingDeg',
  bearingdeg: 'bearingDeg',
  heading: 'bearingDeg',
  fov: 'fovDeg',
  fovdeg: 'fovDeg',
  range: 'rangeM',
  rangem: 'rangeM',
};

/**
 * The birth's `capabilities` carry event types; a camera may also list `bearing:212`,
 * `fov=90`, `range:800` or `ptz` (a 360° dome). Those win over what events taught us.
 */
export function parseViewCapabilities(
  capabilities: readonly string[],
): Partial<Pick<CameraView, 'bearingDeg' | 'fovDeg' | 'rangeM'>> {
  const found: Partial<Pick<CameraView, 'bearingDeg' | 'fovDeg' | 'rangeM'>> = {};
  for (const capability of capabilities) {
    const text = capability.trim().toLowerCase();
    if (text === 'ptz' || text === 'dome' || text === '360') {
      found.fovDeg = 360;
      continue;
    }
    const match = /^([a-z]+)\s*[:=]\s*(-?\d+(?:\.\d+)?)$/.exec(text);
    const key = match ? KEYS[match[1] ?? ''] : undefined;
    const value = match ? Number(match[2]) : NaN;
    if (!key || !Number.isFinite(value)) continue;
    found[key] = value;
  }
  return found;
}

/** A bearing that is the same for one camera on every console (FNV-1a of its id). */
export function stableBearing(id: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    hash ^= id.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % 360;
}

export function normaliseBearing(deg: number): number {
  return ((deg % 360) + 360) % 360;
}

/** `learnedBearing`: from an event's `attributes.bearingDeg`, when one was seen. */
export function cameraView(device: Device, learnedBearing?: number): CameraView {
  const declared = parseViewCapabilities(device.capabilities);
  const fovDeg = Math.min(360, Math.max(5, declared.fovDeg ?? DEFAULT_CAMERA_VIEW.fovDeg));
  const rangeM = Math.min(10_000, Math.max(20, declared.rangeM ?? DEFAULT_CAMERA_VIEW.rangeM));
  const bearing = declared.bearingDeg ?? learnedBearing;
  return {
    bearingDeg: normaliseBearing(bearing ?? stableBearing(device.id)),
    fovDeg,
    rangeM,
    assumed: bearing === undefined && fovDeg < 360,
  };
}

/** A bearing an event reports (`attributes.bearingDeg`), if it is a finite number. */
export function bearingFromAttributes(attributes: Record<string, unknown> | null): number | null {
  const value = attributes?.bearingDeg;
  return typeof value === 'number' && Number.isFinite(value) ? normaliseBearing(value) : null;
}

/** Canvas angles (radians, clockwise from east) of the wedge's two edges. */
export function wedgeAngles(view: CameraView): [start: number, end: number] {
  const toCanvas = (deg: number): number => ((deg - 90) * Math.PI) / 180;
  return [toCanvas(view.bearingDeg - view.fovDeg / 2), toCanvas(view.bearingDeg + view.fovDeg / 2)];
}
