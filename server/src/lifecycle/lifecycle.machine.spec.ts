import {
  INCIDENT_STATUSES,
  LIFECYCLE_ACTIONS,
  TRANSITIONS,
  allowedActions,
  transitionTarget,
  type IncidentStatus,
  type LifecycleAction,
  type LifecycleCommand,
} from '@ioc/shared';
import { DomainError } from '../common/domain-error';
import type { IncidentState } from '../correlation/incident-state';
import {
  applyAnswer,
  applyNote,
  applyTransition,
  applyUnitChange,
  type UnitBook,
} from './lifecycle.machine';

const NOW = Date.parse('2026-11-23T08:15:30Z');

function incident(status: IncidentStatus, overrides: Partial<IncidentState> = {}): IncidentState {
  return {
    id: 'inc-1',
    category: 'fire',
    type: 'fire.smoke',
    types: ['fire.smoke'],
    severity: 'medium',
    baseSeverity: 'medium',
    status,
    location: { lat: 12.047, lon: 108.44 },
    locationMethod: 'reported',
    locationUncertaintyM: null,
    rays: [],
    zone: 'langbiang',
    firstSeen: NOW - 60_000,
    lastSeen: NOW - 30_000,
    eventCount: 2,
    sources: ['cam-1'],
    sourceCount: 1,
    knownSources: new Set(['cam-1']),
    version: 3,
    seq: 10,
    escalated: false,
    conditionCleared: false,
    relatedIncidentId: null,
    assignedUnitId:
      status === 'dispatched' || status === 'resolved' || status === 'closed' ? 'fire-dalat' : null,
    assignedUnitIds:
      status === 'dispatched' || status === 'resolved' || status === 'closed' ? ['fire-dalat'] : [],
    acknowledgedBy: null,
    acknowledgedAt: null,
    resolvedAt: null,
    resolution: null,
    answer: null,
    confirmedAt: null,
    confirmedBy: null,
    dismissReason: null,
    createdAt: NOW - 60_000,
    updatedAt: NOW - 30_000,
    ...overrides,
  };
}

class FakeUnits implements UnitBook {
  readonly reserved: [string, string][] = [];
  readonly released: [string, string][] = [];
  constructor(private readonly available = new Set(['fire-dalat', 'rangers-langbiang'])) {}
  reserve(unitId: string, incidentId: string): void {
    if (!this.available.has(unitId))
      throw new DomainError('UNIT_UNAVAILABLE', `unit ${unitId} is busy`);
    this.available.delete(unitId);
    this.reserved.push([unitId, incidentId]);
  }
  release(unitId: string, incidentId: string): void {
    this.available.add(unitId);
    this.released.push([unitId, incidentId]);
  }
}

function command(action: LifecycleAction, version = 3): LifecycleCommand {
  switch (action) {
    case 'confirm':
      return { action, version };
    case 'dismiss':
      return { action, version, reason: 'fog' };
    case 'acknowledge':
      return { action, version };
    case 'dispatch':
      return { action, version, unitId: 'rangers-langbiang' };
    case 'resolve':
      return { action, version, resolution: 'handled' };
    case 'close':
      return { action, version };
  }
}

function codeOf(run: () => unknown): string | null {
  try {
    run();
  } catch (error) {
    return error instanceof DomainError ? error.code : 'not a DomainError';
  }
  return null;
}

/** The whole table of docs/contract.md §6, written out: every (status, action) pair. */
const EXPECTED: Record<IncidentStatus, Partial<Record<LifecycleAction, IncidentStatus>>> = {
  unverified: { confirm: 'open', dismiss: 'resolved' },
  open: { acknowledge: 'acknowledged', resolve: 'resolved' },
  acknowledged: { dispatch: 'dispatched', resolve: 'resolved' },
  dispatched: { resolve: 'resolved' },
  resolved: { close: 'closed' },
  closed: {},
};

const pairs = INCIDENT_STATUSES.flatMap((from) =>
  LIFECYCLE_ACTIONS.map((action) => [from, action, EXPECTED[from][action] ?? null] as const),
);
const legal = pairs.filter(([, , to]) => to !== null);
const illegal = pairs.filter(([, , to]) => to === null);

describe('incident lifecycle table', () => {
  it('has exactly the eight legal transitions of docs/contract.md §6 (triage included)', () => {
    expect(legal.map(([from, action, to]) => `${from} -${action}-> ${to}`)).toEqual([
      'unverified -confirm-> open',
      'unverified -dismiss-> resolved',
      'open -acknowledge-> acknowledged',
      'open -resolve-> resolved',
      'acknowledged -dispatch-> dispatched',
      'acknowledged -resolve-> resolved',
      'dispatched -resolve-> resolved',
      'resolved -close-> closed',
    ]);
    expect(illegal).toHaveLength(28);
  });

  it.each(pairs)('%s + %s → %s', (from, action, to) => {
    expect(transitionTarget(from, action)).toBe(to);
    expect(allowedActions(from).includes(action)).toBe(to !== null);
  });

  it('lets nothing leave closed', () => {
    expect(allowedActions('closed')).toEqual([]);
  });
});

describe('triage transitions', () => {
  it('confirm: unverified → open, records who and when (the SLA runs from then)', () => {
    const state = incident('unverified');
    const audit = applyTransition(
      state,
      { action: 'confirm', version: 3 },
      'op-a',
      NOW,
      new FakeUnits(),
    );
    expect(state).toMatchObject({
      status: 'open',
      confirmedAt: NOW,
      confirmedBy: 'op-a',
      version: 4,
    });
    expect(audit[0]).toMatchObject({
      action: 'confirmed',
      fromStatus: 'unverified',
      toStatus: 'open',
    });
  });

  it('dismiss: unverified → resolved false_alarm with its reason, audited with a code', () => {
    const state = incident('unverified');
    const audit = applyTransition(
      state,
      { action: 'dismiss', version: 3, reason: 'fog', note: 'valley fog' },
      'op-a',
      NOW,
      new FakeUnits(),
    );
    expect(state).toMatchObject({
      status: 'resolved',
      resolution: 'false_alarm',
      dismissReason: 'fog',
      resolvedAt: NOW,
    });
    expect(audit[0]).toMatchObject({
      action: 'dismissed',
      code: 'triage.dismissed',
      params: { reason: 'fog', userNote: 'valley fog' },
      note: 'false alarm: fog: valley fog',
    });
  });

  it('operators may confirm and dismiss, not acknowledge', () => {
    expect(allowedActions('unverified', 'operator')).toEqual(['confirm', 'dismiss']);
    expect(allowedActions('open', 'operator')).toEqual([]);
  });
});

describe('applyTransition', () => {
  it.each(legal)(
    '%s + %s: moves to %s, bumps the version and audits who, from, to',
    (from, action, to) => {
      const state = incident(from);
      const units = new FakeUnits();
      const audit = applyTransition(
        state,
        { ...command(action), note: ' checked on camera ' },
        'dispatcher-a',
        NOW,
        units,
      );
      expect(state.status).toBe(to);
      expect(state.version).toBe(4);
      expect(audit).toHaveLength(1);
      expect(audit[0]).toMatchObject({
        actor: 'dispatcher-a',
        action: TRANSITIONS[action].audit,
        fromStatus: from,
        toStatus: to,
      });
      expect(audit[0]?.note).toMatch(/checked on camera$/);
    },
  );

  it.each(illegal)('%s + %s: refused with ILLEGAL_TRANSITION, nothing changed', (from, action) => {
    const state = incident(from);
    const before = structuredClone(state);
    const units = new FakeUnits();
    expect(() => applyTransition(state, command(action), 'dispatcher-a', NOW, units)).toThrow(
      /^cannot /,
    );
    expect(codeOf(() => applyTransition(state, command(action), 'dispatcher-a', NOW, units))).toBe(
      'ILLEGAL_TRANSITION',
    );
    expect(state).toEqual(before);
    expect(units.reserved).toEqual([]);
  });

  it('checks the version before legality: a stale request gets VERSION_CONFLICT with the current incident', () => {
    const state = incident('acknowledged', {
      acknowledgedBy: 'dispatcher-a',
      acknowledgedAt: NOW - 1000,
      version: 4,
    });
    let error: unknown;
    try {
      applyTransition(state, command('acknowledge', 3), 'dispatcher-b', NOW, new FakeUnits());
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({
      code: 'VERSION_CONFLICT',
      details: { id: 'inc-1', version: 4, status: 'acknowledged', acknowledgedBy: 'dispatcher-a' },
    });
    expect(state.version).toBe(4);
  });

  it('acknowledge records who and when', () => {
    const state = incident('open');
    applyTransition(state, command('acknowledge'), 'dispatcher-a', NOW, new FakeUnits());
    expect(state).toMatchObject({ acknowledgedBy: 'dispatcher-a', acknowledgedAt: NOW });
  });

  it('dispatch reserves the unit and names it in the audit', () => {
    const state = incident('acknowledged');
    const units = new FakeUnits();
    const [entry] = applyTransition(state, command('dispatch'), 'dispatcher-a', NOW, units);
    expect(state.assignedUnitId).toBe('rangers-langbiang');
    expect(units.reserved).toEqual([['rangers-langbiang', 'inc-1']]);
    expect(entry?.note).toBe('unit rangers-langbiang');
  });

  it('dispatch to an unavailable unit is refused before anything changes', () => {
    const state = incident('acknowledged');
    const before = structuredClone(state);
    const units = new FakeUnits(new Set());
    expect(
      codeOf(() => applyTransition(state, command('dispatch'), 'dispatcher-a', NOW, units)),
    ).toBe('UNIT_UNAVAILABLE');
    expect(state).toEqual(before);
  });

  it('resolve frees the assigned unit, records resolution and time; the unit stays on record', () => {
    const state = incident('dispatched');
    const units = new FakeUnits();
    const [entry] = applyTransition(
      state,
      { action: 'resolve', version: 3, resolution: 'false_alarm' },
      'dispatcher-a',
      NOW,
      units,
    );
    expect(units.released).toEqual([['fire-dalat', 'inc-1']]);
    expect(state).toMatchObject({
      status: 'resolved',
      resolution: 'false_alarm',
      resolvedAt: NOW,
      assignedUnitId: 'fire-dalat',
    });
    expect(entry?.note).toBe('resolution false_alarm');
  });

  it('an empty note is no note', () => {
    const [entry] = applyTransition(
      incident('open'),
      { action: 'acknowledge', version: 3, note: '   ' },
      'd',
      NOW,
      new FakeUnits(),
    );
    expect(entry?.note).toBeNull();
  });
});

describe('applyNote', () => {
  it.each(INCIDENT_STATUSES)(
    'in %s: bumps the version and audits the text without a status change',
    (status) => {
      const state = incident(status);
      const audit = applyNote(state, ' unit on site ', 'operator');
      expect(state.version).toBe(4);
      expect(state.status).toBe(status);
      expect(audit).toEqual([
        {
          actor: 'operator',
          action: 'note',
          fromStatus: status,
          toStatus: status,
          note: 'unit on site',
        },
      ]);
    },
  );
});

describe('the public answer', () => {
  it('sets the answer in any status, raises the version and audits the text, apart from notes', () => {
    for (const status of INCIDENT_STATUSES) {
      const state = incident(status);
      const audit = applyAnswer(state, '  A crew is on its way  ', 'linh', NOW);
      expect(state).toMatchObject({
        status,
        version: 4,
        answer: { text: 'A crew is on its way', by: 'linh', at: NOW },
      });
      expect(audit).toEqual([
        {
          actor: 'linh',
          action: 'answered',
          fromStatus: status,
          toStatus: status,
          note: 'A crew is on its way',
        },
      ]);
    }
  });

  it('refuses a blank answer and changes nothing', () => {
    const state = incident('open');
    expect(() => applyAnswer(state, '   ', 'linh', NOW)).toThrow(DomainError);
    expect(state).toMatchObject({ version: 3, answer: null });
  });
});

describe('applyUnitChange', () => {
  it('adds a second unit to a dispatched incident: reserved, listed after the first, audited', () => {
    const state = incident('dispatched');
    const units = new FakeUnits(new Set(['rangers-langbiang']));
    const audit = applyUnitChange(
      state,
      { kind: 'add', unitId: 'rangers-langbiang', version: 3, note: 'forest side' },
      'dispatcher-a',
      units,
    );
    expect(units.reserved).toEqual([['rangers-langbiang', 'inc-1']]);
    expect(state.assignedUnitIds).toEqual(['fire-dalat', 'rangers-langbiang']);
    expect(state.assignedUnitId).toBe('fire-dalat');
    expect(state.version).toBe(4);
    expect(audit).toEqual([
      {
        actor: 'dispatcher-a',
        action: 'unit_added',
        fromStatus: 'dispatched',
        toStatus: 'dispatched',
        note: 'unit rangers-langbiang: forest side',
      },
    ]);
  });

  it('releases one unit; the next becomes the primary', () => {
    const state = incident('dispatched', { assignedUnitIds: ['fire-dalat', 'rangers-langbiang'] });
    const units = new FakeUnits();
    applyUnitChange(state, { kind: 'release', unitId: 'fire-dalat', version: 3 }, 'd', units);
    expect(units.released).toEqual([['fire-dalat', 'inc-1']]);
    expect(state.assignedUnitIds).toEqual(['rangers-langbiang']);
    expect(state.assignedUnitId).toBe('rangers-langbiang');
  });

  it('replaces the list rather than mutating it (a failed commit is undone by reference)', () => {
    const state = incident('dispatched');
    const before = state.assignedUnitIds;
    applyUnitChange(
      state,
      { kind: 'add', unitId: 'rangers-langbiang', version: 3 },
      'd',
      new FakeUnits(),
    );
    expect(before).toEqual(['fire-dalat']);
    expect(state.assignedUnitIds).not.toBe(before);
  });

  it.each([
    [
      'a stale version',
      incident('dispatched'),
      { kind: 'add', unitId: 'rangers-langbiang', version: 2 },
      'VERSION_CONFLICT',
    ],
    [
      'an incident not dispatched',
      incident('acknowledged'),
      { kind: 'add', unitId: 'rangers-langbiang', version: 3 },
      'ILLEGAL_TRANSITION',
    ],
    [
      'a unit already on it',
      incident('dispatched'),
      { kind: 'add', unitId: 'fire-dalat', version: 3 },
      'CONFLICT',
    ],
    [
      'the last unit',
      incident('dispatched'),
      { kind: 'release', unitId: 'fire-dalat', version: 3 },
      'LAST_UNIT',
    ],
    [
      'a unit not on it',
      incident('dispatched'),
      { kind: 'release', unitId: 'rangers-langbiang', version: 3 },
      'NOT_FOUND',
    ],
  ] as const)('refuses %s without touching the incident or the units', (_, state, change, code) => {
    const units = new FakeUnits();
    const version = state.version;
    expect(codeOf(() => applyUnitChange(state, { ...change }, 'd', units))).toBe(code);
    expect(state.version).toBe(version);
    expect(units.reserved).toEqual([]);
    expect(units.released).toEqual([]);
  });

  it('resolve releases every unit on the incident', () => {
    const state = incident('dispatched', { assignedUnitIds: ['fire-dalat', 'rangers-langbiang'] });
    const units = new FakeUnits(new Set());
    applyTransition(state, command('resolve'), 'd', NOW, units);
    expect(units.released).toEqual([
      ['fire-dalat', 'inc-1'],
      ['rangers-langbiang', 'inc-1'],
    ]);
    expect(state.assignedUnitIds).toEqual(['fire-dalat', 'rangers-langbiang']);
  });
});
