import type { Device } from './schemas/device.schema';
import type { Incident } from './schemas/incident.schema';
import { SITUATION_FINISHED_MS } from './schemas/situation.schema';
import {
  applySituationChange,
  emptySituation,
  inSituation,
  situationTimeProblem,
} from './situation';

const T0 = Date.parse('2026-11-23T08:00:00Z');

function incident(id: string, seq: number, status: Incident['status'], at = T0): Incident {
  return {
    id,
    category: 'fire',
    type: 'fire.smoke',
    title: 'Smoke',
    severity: 'medium',
    status,
    location: { lat: 12.05, lon: 108.44 },
    zone: null,
    firstSeen: new Date(T0).toISOString(),
    lastSeen: new Date(at).toISOString(),
    eventCount: seq,
    sources: [],
    sourceCount: 0,
    version: seq,
    seq,
    escalated: false,
    conditionCleared: false,
    relatedIncidentId: null,
    assignedUnitId: null,
    assignedUnitIds: [],
    acknowledgedBy: null,
    acknowledgedAt: null,
    resolvedAt: null,
    resolution: null,
    types: ['fire.smoke'],
    updatedAt: new Date(at).toISOString(),
    answer: null,
  };
}

function device(id: string, status: Device['status']): Device {
  return {
    id,
    kind: 'camera',
    name: id,
    location: null,
    zone: null,
    capabilities: [],
    status,
    registered: true,
    provisioned: false,
    lastSeen: null,
  };
}

describe('the situation folded from changes', () => {
  it('keeps the newest state of each incident, whatever order the changes come in', () => {
    const state = emptySituation();
    const at = new Date(T0).toISOString();
    applySituationChange(state, { kind: 'incident', at, incident: incident('a', 3, 'dispatched') });
    applySituationChange(state, { kind: 'incident', at, incident: incident('a', 2, 'open') });
    applySituationChange(state, { kind: 'incident', at, incident: incident('b', 1, 'open') });
    expect(state.incidents.get('a')?.status).toBe('dispatched');
    expect([...state.incidents.keys()].sort()).toEqual(['a', 'b']);
  });

  it("takes a device's latest change", () => {
    const state = emptySituation();
    const at = new Date(T0).toISOString();
    applySituationChange(state, { kind: 'device', at, device: device('cam-1', 'online') });
    applySituationChange(state, { kind: 'device', at, device: device('cam-1', 'offline') });
    expect(state.devices.get('cam-1')?.status).toBe('offline');
  });

  it('lists active incidents, and finished ones only for a day after they finished', () => {
    expect(inSituation(incident('a', 1, 'acknowledged'), T0 + 10 * SITUATION_FINISHED_MS)).toBe(
      true,
    );
    expect(inSituation(incident('a', 1, 'closed'), T0 + SITUATION_FINISHED_MS)).toBe(true);
    expect(inSituation(incident('a', 1, 'closed'), T0 + SITUATION_FINISHED_MS + 1)).toBe(false);
  });

  it('refuses a moment in the future or before the retention horizon, with the reason', () => {
    expect(situationTimeProblem(T0, T0, null)).toBeNull();
    expect(situationTimeProblem(T0 + 1, T0, null)).toMatch(/future/);
    expect(situationTimeProblem(T0 - 10, T0, T0 - 5)).toMatch(/retention horizon/);
    expect(situationTimeProblem(Number.NaN, T0, null)).toMatch(/not a time/);
  });
});
