import { DA_LAT_CENTER, offsetM, type Birth, type LatLon, type Metric } from '@ioc/shared';
import { Random } from '../random';
import {
  CAMERA_PLAN,
  CAMERA_PROFILES,
  SENSOR_KINDS,
  SENSOR_PLAN,
  SITE_NAMES_VI,
  SITES,
  type CameraProfile,
  type SensorKind,
  type Site,
} from './da-lat-sites';

export interface CameraSpec {
  role: 'camera';
  id: string;
  birth: Birth;
  site: Site;
  profile: CameraProfile;
}

export interface SensorSpec {
  role: 'sensor';
  id: string;
  birth: Birth;
  site: Site;
  sensorKind: SensorKind;
  metrics: Metric[];
}

/** Holds a connection's Last Will (see fleet.runner.ts); it publishes nothing but status. */
export interface GatewaySpec {
  role: 'gateway';
  id: string;
  birth: Birth;
}

export type DeviceSpec = CameraSpec | SensorSpec | GatewaySpec;

export interface Fleet {
  seed: number;
  cameras: CameraSpec[];
  sensors: SensorSpec[];
}

export interface FleetSize {
  cameras: number;
  sensors: number;
  seed: number;
}

export const DEFAULT_FLEET: FleetSize = { cameras: 37, sensors: 60, seed: 1 };

/**
 * Generates the fleet. The same seed gives the same fleet, and a device keeps its place
 * when the fleet grows or shrinks: a position is drawn from (seed, device id) alone.
 */
export function generateFleet(size: FleetSize = DEFAULT_FLEET): Fleet {
  const numbering = new Map<string, number>();
  const nextId = (prefix: string, site: Site): string => {
    const key = `${prefix}-${site.key}`;
    const n = (numbering.get(key) ?? 0) + 1;
    numbering.set(key, n);
    return `${key}-${String(n).padStart(2, '0')}`;
  };

  const cameras = interleave(CAMERA_PLAN, size.cameras).map((slot): CameraSpec => {
    const site = SITES[slot.site];
    const id = nextId('cam', site);
    const profile = CAMERA_PROFILES[slot.profile];
    return {
      role: 'camera',
      id,
      site,
      profile,
      birth: {
        kind: 'camera',
        name: `${site.name} camera ${id.slice(id.lastIndexOf('-') + 1)}`,
        names: {
          vi: `Camera ${SITE_NAMES_VI[slot.site]} ${id.slice(id.lastIndexOf('-') + 1)}`,
          en: `${site.name} camera ${id.slice(id.lastIndexOf('-') + 1)}`,
        },
        location: scatter(site, size.seed, id),
        zone: site.zone,
        capabilities: [...profile.capabilities],
      },
    };
  });

  const sensors = interleave(SENSOR_PLAN, size.sensors).map((slot): SensorSpec => {
    const site = SITES[slot.site];
    const kind = SENSOR_KINDS[slot.kind];
    const id = nextId(kind.prefix, site);
    return {
      role: 'sensor',
      id,
      site,
      sensorKind: slot.kind,
      metrics: [...kind.metrics],
      birth: {
        kind: 'sensor',
        name: `${site.name} ${kind.label} ${id.slice(id.lastIndexOf('-') + 1)}`,
        names: {
          vi: `${kind.labelVi} ${SITE_NAMES_VI[slot.site]} ${id.slice(id.lastIndexOf('-') + 1)}`,
          en: `${site.name} ${kind.label} ${id.slice(id.lastIndexOf('-') + 1)}`,
        },
        location: scatter(site, size.seed, id),
        zone: site.zone,
        capabilities: [...kind.metrics],
      },
    };
  });

  return { seed: size.seed, cameras, sensors };
}

/** One gateway per MQTT connection: `gw-sim-01`, … in the centre of town. */
export function gatewaySpec(index: number): GatewaySpec {
  const id = `gw-sim-${String(index + 1).padStart(2, '0')}`;
  return {
    role: 'gateway',
    id,
    birth: {
      kind: 'gateway',
      name: `Simulator gateway ${index + 1}`,
      names: { vi: `Cổng mô phỏng ${index + 1}`, en: `Simulator gateway ${index + 1}` },
      location: { ...DA_LAT_CENTER },
      zone: 'center',
      capabilities: [],
    },
  };
}

/**
 * Spreads `n` devices over a plan: one per slot per round while slots still have room, so
 * a small fleet still covers every site; past the plan's total, further rounds keep
 * adding to every site.
 */
export function interleave<T extends { count: number }>(plan: readonly T[], n: number): T[] {
  const out: T[] = [];
  const rounds = Math.max(0, ...plan.map((s) => s.count));
  for (let round = 0; out.length < n && plan.length > 0; round++) {
    for (const slot of plan) {
      if (out.length >= n) break;
      if (round < slot.count || round >= rounds) out.push(slot);
    }
  }
  return out;
}

/** A point uniformly inside the site's disc, drawn from (seed, device id). */
function scatter(site: Site, seed: number, deviceId: string): LatLon {
  const rng = Random.derive(seed, `place:${deviceId}`);
  const r = site.spreadM * Math.sqrt(rng.next());
  const theta = rng.range(0, 2 * Math.PI);
  const p = offsetM(site.location, r * Math.cos(theta), r * Math.sin(theta));
  return { lat: round6(p.lat), lon: round6(p.lon) };
}

/** Six decimals is 0.1 m: enough, and keeps payloads short. */
export function round6(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}
