import { offsetM, type LatLon } from '@ioc/shared';
import { round6 } from '../fleet/fleet.generator';
import type { ScenarioInput } from './scenario.schema';

/**
 * A forest fire on Langbiang's southern slope, seen by two ridge cameras ~400 m apart and
 * felt by a temperature sensor near the fire. Each camera estimates where the fire is; the
 * estimates lie within ~200 m of each other (300 m with jitter), well inside the fire
 * radius of 1000 m, so the hub should gather everything into one incident raised by two
 * distinct sources. The geometry is computed here once; a scenario file would hold the
 * resulting literal coordinates.
 */
const at = (from: LatLon, northM: number, eastM: number): LatLon => {
  const p = offsetM(from, northM, eastM);
  return { lat: round6(p.lat), lon: round6(p.lon) };
};

/** Flat-earth compass bearing, enough over a couple of kilometres. */
const bearing = (from: LatLon, to: LatLon): number => {
  const north = (to.lat - from.lat) * 111_320;
  const east = (to.lon - from.lon) * 111_320 * Math.cos((from.lat * Math.PI) / 180);
  return Math.round(((Math.atan2(east, north) * 180) / Math.PI + 360) % 360);
};

const RIDGE_1 = 'cam-langbiang-ridge-1';
const RIDGE_2 = 'cam-langbiang-ridge-2';
const HEAT = 'temp-langbiang-01';

const ridge1: LatLon = { lat: 12.0455, lon: 108.438 };
const ridge2 = at(ridge1, -40, 398);
const fire = at(ridge1, -1100, 250);
const heatSensor = at(fire, 150, 120);

const smoke1 = at(fire, 60, -40);
const smoke2 = at(fire, -50, 90);
const flame1 = at(fire, 20, 10);
const flame2 = at(fire, -30, 40);

const fireCapabilities = ['fire.smoke', 'fire.flame', 'forest.logging', 'forest.intrusion'];

export const forestFireScenario = {
  name: 'forest-fire',
  title: 'Forest fire on Langbiang seen by two ridge cameras and a heat sensor',
  description:
    'Two Langbiang ridge cameras ~400 m apart report smoke, then flames, at points within ' +
    '~300 m of each other; a temperature sensor near the fire reads above 50 °C for several ' +
    'readings in a row, which the hub derives into fire.heat.',
  devices: {
    [RIDGE_1]: {
      kind: 'camera',
      name: 'Langbiang ridge camera 1',
      location: ridge1,
      zone: 'langbiang',
      capabilities: fireCapabilities,
    },
    [RIDGE_2]: {
      kind: 'camera',
      name: 'Langbiang ridge camera 2',
      location: ridge2,
      zone: 'langbiang',
      capabilities: fireCapabilities,
    },
    [HEAT]: {
      kind: 'sensor',
      name: 'Langbiang forest temperature 01',
      location: heatSensor,
      zone: 'langbiang',
      capabilities: ['temperature', 'humidity'],
    },
  },
  jitter: { locationM: 20, confidence: 0.03 },
  steps: [
    { at: 0, action: 'birth', device: RIDGE_1 },
    { at: 0, action: 'status', device: RIDGE_1, status: 'online' },
    { at: 0, action: 'birth', device: RIDGE_2 },
    { at: 0, action: 'status', device: RIDGE_2, status: 'online' },
    { at: 0, action: 'birth', device: HEAT },
    { at: 0, action: 'status', device: HEAT, status: 'online' },
    { at: 1, action: 'telemetry', device: HEAT, readings: { temperature: 21.4, humidity: 71 } },
    {
      at: 2,
      action: 'event',
      device: RIDGE_1,
      event: {
        type: 'fire.smoke',
        confidence: 0.72,
        location: smoke1,
        attributes: { bearingDeg: bearing(ridge1, smoke1) },
      },
    },
    {
      at: 5,
      action: 'event',
      device: RIDGE_2,
      event: {
        type: 'fire.smoke',
        confidence: 0.78,
        location: smoke2,
        attributes: { bearingDeg: bearing(ridge2, smoke2) },
      },
    },
    { at: 6, action: 'telemetry', device: HEAT, readings: { temperature: 38.5, humidity: 42 } },
    { at: 8, action: 'telemetry', device: HEAT, readings: { temperature: 55.2, humidity: 28 } },
    { at: 10, action: 'telemetry', device: HEAT, readings: { temperature: 58.7, humidity: 22 } },
    {
      at: 12,
      action: 'event',
      device: RIDGE_1,
      event: {
        type: 'fire.flame',
        confidence: 0.88,
        location: flame1,
        attributes: { bearingDeg: bearing(ridge1, flame1) },
      },
    },
    { at: 13, action: 'telemetry', device: HEAT, readings: { temperature: 63.1, humidity: 18 } },
    {
      at: 15,
      action: 'event',
      device: RIDGE_2,
      event: {
        type: 'fire.flame',
        confidence: 0.91,
        location: flame2,
        attributes: { bearingDeg: bearing(ridge2, flame2) },
      },
    },
  ],
  expect: {
    incidents: [
      {
        category: 'fire',
        zone: 'langbiang',
        minSeverity: 'high',
        sourcesInclude: [RIDGE_1, RIDGE_2],
        count: 1,
      },
    ],
  },
} satisfies ScenarioInput;
