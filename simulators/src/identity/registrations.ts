import { FAULT_DEVICE, FLAP_DEVICE, faultBirth } from '../faults/fault.catalog';
import { generateFleet, type FleetSize } from '../fleet/fleet.generator';
import { lanePlace, loadDeviceId } from '../load/load.runner';
import type { Scenario } from '../scenarios/scenario.schema';
import type { DeviceRegistration } from './device-list';

/*
 * The devices each command plays, as registrations: what `provision` and `--provision`
 * send, so a device is registered with the very birth it will announce.
 */

/** A scenario's declared devices (an undeclared one has no birth to register). */
export function scenarioRegistrations(scenario: Scenario): DeviceRegistration[] {
  return Object.entries(scenario.devices).map(([id, birth]) => ({ id, ...birth }));
}

/** The generated Da Lat fleet's cameras and sensors (the same seed, the same devices). */
export function fleetRegistrations(size: FleetSize): DeviceRegistration[] {
  const fleet = generateFleet(size);
  return [...fleet.cameras, ...fleet.sensors].map((spec) => ({ id: spec.id, ...spec.birth }));
}

/** `load`'s devices, each at its grid place (which depends on how many there are). */
export function loadRegistrations(devices: number): DeviceRegistration[] {
  return Array.from({ length: devices }, (_, i) => ({
    id: loadDeviceId(i),
    kind: 'camera',
    name: `Load device ${i + 1}`,
    location: lanePlace(i, devices),
    zone: 'load-grid',
    capabilities: [],
  }));
}

/** `faults`' devices: the one that sends the faults, and the one whose connection flaps. */
export function faultRegistrations(): DeviceRegistration[] {
  return [
    { id: FAULT_DEVICE, ...faultBirth('Fault injection test sensor') },
    { id: FLAP_DEVICE, ...faultBirth('Fault injection flapping sensor') },
  ];
}
