import type { Device, Incident } from '@ioc/shared';

/** A valid incident for unit tests; override what the test is about. */
export function makeIncident(overrides: Partial<Incident> = {}): Incident {
  return {
    id: 'inc-1',
    category: 'fire',
    type: 'fire.smoke',
    title: 'Smoke near Langbiang',
    severity: 'medium',
    status: 'open',
    location: { lat: 12.0452, lon: 108.4391 },
    zone: 'langbiang',
    firstSeen: '2026-11-23T08:15:30.000Z',
    lastSeen: '2026-11-23T08:16:00.000Z',
    eventCount: 1,
    sources: ['cam-3'],
    sourceCount: 1,
    version: 1,
    seq: 1,
    escalated: false,
    conditionCleared: false,
    relatedIncidentId: null,
    assignedUnitId: null,
    assignedUnitIds: [],
    acknowledgedBy: null,
    acknowledgedAt: null,
    resolvedAt: null,
    resolution: null,
    answer: null,
    types: ['fire.smoke'],
    updatedAt: '2026-11-23T08:16:00.100Z',
    ...overrides,
  };
}

export function makeDevice(overrides: Partial<Device> = {}): Device {
  return {
    id: 'cam-3',
    kind: 'camera',
    name: 'Langbiang ridge cam 3',
    location: { lat: 12.047, lon: 108.44 },
    zone: 'langbiang',
    capabilities: ['fire.smoke'],
    status: 'online',
    registered: true,
    provisioned: false,
    lastSeen: '2026-11-23T08:16:00.000Z',
    ...overrides,
  };
}
