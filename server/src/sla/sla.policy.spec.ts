import { DEFAULT_SLA_MS } from '@ioc/shared';
import type { IncidentState } from '../correlation/incident-state';
import { escalate, formatDuration, isOverdue, scaleLimits } from './sla.policy';

const T0 = Date.parse('2026-11-23T08:00:00Z');

function state(overrides: Partial<IncidentState>): IncidentState {
  return {
    id: 'i',
    category: 'fire',
    type: 'fire.flame',
    types: ['fire.flame'],
    severity: 'high',
    baseSeverity: 'high',
    status: 'open',
    location: { lat: 12, lon: 108 },
    locationMethod: 'reported',
    locationUncertaintyM: null,
    rays: [],
    zone: null,
    firstSeen: T0,
    lastSeen: T0,
    eventCount: 1,
    sources: ['c'],
    version: 1,
    seq: 1,
    escalated: false,
    conditionCleared: false,
    relatedIncidentId: null,
    assignedUnitId: null,
    acknowledgedBy: null,
    acknowledgedAt: null,
    resolvedAt: null,
    resolution: null,
    createdAt: T0,
    updatedAt: T0,
    ...overrides,
  };
}

describe('SLA escalation', () => {
  it('uses the limits of docs/contract.md §6: critical 60 s, high 5 min, medium 15 min, none below', () => {
    expect(isOverdue(state({ severity: 'critical' }), DEFAULT_SLA_MS, T0 + 60_000)).toBe(false);
    expect(isOverdue(state({ severity: 'critical' }), DEFAULT_SLA_MS, T0 + 60_001)).toBe(true);
    expect(isOverdue(state({ severity: 'high' }), DEFAULT_SLA_MS, T0 + 300_001)).toBe(true);
    expect(isOverdue(state({ severity: 'high' }), DEFAULT_SLA_MS, T0 + 299_999)).toBe(false);
    expect(isOverdue(state({ severity: 'medium' }), DEFAULT_SLA_MS, T0 + 900_001)).toBe(true);
    expect(isOverdue(state({ severity: 'low' }), DEFAULT_SLA_MS, T0 + 86_400_000)).toBe(false);
    expect(isOverdue(state({ severity: 'info' }), DEFAULT_SLA_MS, T0 + 86_400_000)).toBe(false);
  });

  it('counts from createdAt (a stored time), not from event time', () => {
    const late = state({ firstSeen: T0 - 3_600_000, createdAt: T0 });
    expect(isOverdue(late, DEFAULT_SLA_MS, T0 + 1000)).toBe(false);
  });

  it.each(['acknowledged', 'dispatched', 'resolved', 'closed'] as const)(
    'never escalates an incident that is %s',
    (status) => {
      expect(isOverdue(state({ status }), DEFAULT_SLA_MS, T0 + 86_400_000)).toBe(false);
    },
  );

  it('escalates once', () => {
    expect(isOverdue(state({ escalated: true }), DEFAULT_SLA_MS, T0 + 86_400_000)).toBe(false);
  });

  it('scales every limit', () => {
    expect(scaleLimits(DEFAULT_SLA_MS, 0.01)).toEqual({ critical: 600, high: 3000, medium: 9000 });
  });

  it('sets escalated, bumps the version and audits it as the hub', () => {
    const s = state({ severity: 'high' });
    const audit = escalate(s, DEFAULT_SLA_MS, T0 + 301_000);
    expect(s).toMatchObject({ escalated: true, version: 2, status: 'open' });
    expect(audit).toEqual([
      {
        actor: 'hub',
        action: 'escalated',
        fromStatus: 'open',
        toStatus: 'open',
        note: 'open for 5 min 1 s, past the 5 min SLA for high severity',
      },
    ]);
  });

  it('refuses (changing nothing) when the incident is no longer due', () => {
    const s = state({ status: 'acknowledged' });
    expect(() => escalate(s, DEFAULT_SLA_MS, T0 + 301_000)).toThrow(/not due/);
    expect(s.version).toBe(1);
  });

  it('formats durations for people', () => {
    expect(formatDuration(600)).toBe('600 ms');
    expect(formatDuration(3000)).toBe('3 s');
    expect(formatDuration(900_000)).toBe('15 min');
  });
});
