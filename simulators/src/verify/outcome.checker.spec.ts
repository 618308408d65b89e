import type { Incident } from '@ioc/shared';
import { parseScenario } from '../scenarios/scenario.loader';
import type { ScenarioInput } from '../scenarios/scenario.schema';
import {
  checkOutcome,
  fingerprint,
  incidentsOfRun,
  selects,
  sourceMatches,
} from './outcome.checker';

const START = Date.parse('2026-11-24T08:00:00Z');
const at = (s: number): string => new Date(START + s * 1000).toISOString();

let n = 0;
function incident(overrides: Partial<Incident>): Incident {
  n += 1;
  return {
    id: `inc-${String(n).padStart(4, '0')}-xxxx`,
    category: 'fire',
    type: 'fire.smoke',
    title: 'Smoke',
    severity: 'medium',
    status: 'open',
    location: { lat: 12.04, lon: 108.44 },
    zone: 'langbiang',
    firstSeen: at(1),
    lastSeen: at(5),
    eventCount: 2,
    sources: ['cam-1'],
    sourceCount: (overrides.sources ?? ['cam-1']).length,
    version: 1,
    seq: n,
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
    updatedAt: at(5),
    ...overrides,
  };
}

function scenario(expect: ScenarioInput['expect']) {
  return parseScenario({
    name: 'checker',
    title: 'Checker',
    devices: {
      'cam-1': {
        kind: 'camera',
        name: 'Cam 1',
        location: { lat: 12.04, lon: 108.44 },
        zone: 'langbiang',
      },
      'cam-2': {
        kind: 'camera',
        name: 'Cam 2',
        location: { lat: 12.04, lon: 108.45 },
        zone: 'langbiang',
      },
    },
    steps: [
      { at: 0, action: 'birth', device: 'cam-1' },
      { at: 1, action: 'report', type: 'fire.smoke', near: 'cam-1', description: 'smoke' },
    ],
    expect,
  });
}

const run = { sources: new Set(['cam-1', 'cam-2', 'citizen:operator']), startMs: START };

describe('incidentsOfRun', () => {
  it("keeps incidents with one of the run's sources changed after the start, split by first seen", () => {
    const mine = incident({});
    const earlier = incident({ firstSeen: at(-60), lastSeen: at(3) });
    const untouched = incident({ firstSeen: at(-60), lastSeen: at(-30) });
    const foreign = incident({ sources: ['cam-9'] });
    const citizen = incident({ sources: ['citizen:operator'] });
    const result = incidentsOfRun([mine, earlier, untouched, foreign, citizen], run);
    expect(result.fresh).toEqual([mine, citizen]);
    expect(result.stale).toEqual([earlier]);
  });
});

describe('selects', () => {
  it('selects by status when the expectation names one (triage: unverified)', () => {
    const unverified = scenario({ incidents: [{ category: 'fire', status: 'unverified' }] }).expect
      .incidents[0]!;
    expect(selects(unverified, incident({ status: 'unverified' }))).toBe(true);
    expect(selects(unverified, incident({ status: 'open' }))).toBe(false);
  });
});

describe('checkOutcome', () => {
  const expectOne = scenario({
    incidents: [
      {
        category: 'fire',
        zone: 'langbiang',
        minSeverity: 'high',
        sources: ['cam-1', 'cam-2', 'citizen'],
        minSources: 3,
        types: ['fire.smoke', 'fire.flame'],
        minEvents: 3,
      },
    ],
  }).expect;

  it('passes when every bound holds', () => {
    const good = incident({
      severity: 'critical',
      sources: ['cam-1', 'cam-2', 'citizen:operator'],
      types: ['fire.smoke', 'fire.flame'],
      eventCount: 4,
    });
    const checks = checkOutcome(expectOne, { fresh: [good], stale: [] });
    expect(checks.map((c) => c.ok)).toEqual([true, true, true]);
    expect(checks[0]!.details).toEqual([
      expect.stringMatching(/^found inc-\d+ fire\/fire.smoke critical open zone langbiang/),
    ]);
  });

  it('names every unmet bound', () => {
    const weak = incident({
      severity: 'medium',
      sources: ['cam-1'],
      types: ['fire.smoke'],
      eventCount: 1,
    });
    const [check] = checkOutcome(expectOne, { fresh: [weak], stale: [] });
    expect(check!.ok).toBe(false);
    const id = weak.id.slice(0, 8);
    expect(check!.details).toEqual(
      expect.arrayContaining([
        `${id}: severity medium, expected at least high`,
        `${id}: 1 source(s), expected at least 3`,
        `${id}: no fire.flame among its types`,
        `${id}: 1 event(s), expected at least 3`,
        'sources lack cam-2, citizen',
      ]),
    );
  });

  it('counts by category, type and zone, and fails on a wrong count', () => {
    const expectation = scenario({
      incidents: [
        { category: 'fire', count: 2, maxSeverity: 'medium' },
        { category: 'urban', type: 'urban.littering', count: 0 },
      ],
    }).expect;
    const a = incident({});
    const b = incident({ zone: 'prenn' });
    const littering = incident({ category: 'urban', type: 'urban.littering' });
    expect(checkOutcome(expectation, { fresh: [a, b], stale: [] }).every((c) => c.ok)).toBe(true);
    const checks = checkOutcome(expectation, { fresh: [a, littering], stale: [] });
    expect(checks[0]!.details[0]).toBe('expected 2 incidents, found 1');
    expect(checks[1]!.details[0]).toBe('expected 0 incidents, found 1');
    const tooSevere = checkOutcome(expectation, {
      fresh: [a, incident({ severity: 'high' })],
      stale: [],
    });
    expect(tooSevere[0]!.details[0]).toMatch(/severity high, expected at most medium/);
  });

  it('fails on an incident that joined one opened before the run, and on unexpected incidents', () => {
    const expectation = scenario({ incidents: [{ category: 'fire' }] }).expect;
    const stale = incident({ firstSeen: at(-100) });
    const unexpected = incident({ category: 'forest', type: 'forest.logging' });
    const checks = checkOutcome(expectation, { fresh: [incident({}), unexpected], stale: [stale] });
    const byTitle = Object.fromEntries(checks.map((c) => [c.title, c]));
    expect(byTitle['no incident of this run joined one opened before it started']!.ok).toBe(false);
    expect(
      byTitle['no incident of this run joined one opened before it started']!.details[0],
    ).toMatch(/verify --cleanup/);
    expect(byTitle['no unexpected incident']!.details).toEqual([
      expect.stringMatching(/^unexpected inc-\d+ forest\/forest.logging/),
    ]);
    const lenient = scenario({
      incidents: [{ category: 'fire' }],
      allowOtherIncidents: true,
    }).expect;
    expect(
      checkOutcome(lenient, { fresh: [incident({}), unexpected], stale: [] }).every((c) => c.ok),
    ).toBe(true);
  });
});

describe('helpers', () => {
  it('matches citizen against any reporter', () => {
    expect(sourceMatches('citizen', 'citizen:dalat-app')).toBe(true);
    expect(sourceMatches('citizen', 'cam-1')).toBe(false);
    expect(sourceMatches('citizen:operator', 'citizen:dispatcher')).toBe(false);
    expect(sourceMatches('cam-1', 'cam-1')).toBe(true);
  });

  it('fingerprints a run by incident and seq, in any order', () => {
    const a = incident({});
    const b = incident({});
    expect(fingerprint({ fresh: [a, b], stale: [] })).toBe(fingerprint({ fresh: [b], stale: [a] }));
    expect(fingerprint({ fresh: [a], stale: [] })).not.toBe(
      fingerprint({ fresh: [{ ...a, seq: 99 }], stale: [] }),
    );
  });
});
