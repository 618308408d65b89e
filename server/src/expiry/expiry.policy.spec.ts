import { DomainError } from '../common/domain-error';
import { ManualClock } from '../correlation/clock';
import { DEFAULT_RULES } from '../correlation/correlation-rules';
import type { IncidentState } from '../correlation/incident-state';
import { incidentState, STATE_T0 } from '../../test/fixtures/incident-state.fixture';
import { expire, expiryDue } from './expiry.policy';

const T0 = STATE_T0;
const MINUTE = 60_000;

/** A littering incident in the centre: low, open, quiet since T0. */
const state = (overrides: Partial<IncidentState>): IncidentState =>
  incidentState({
    category: 'urban',
    type: 'urban.littering',
    types: ['urban.littering'],
    severity: 'low',
    baseSeverity: 'low',
    zone: 'center',
    ...overrides,
  });

describe('noise that ends', () => {
  it('expires an open low incident once its category window (urban: 30 min) passed quietly', () => {
    const clock = new ManualClock(T0);
    const incident = state({});
    clock.advance(30 * MINUTE - 1);
    expect(expiryDue(incident, DEFAULT_RULES, clock.now())).toBeNull();
    clock.advance(1);
    expect(expiryDue(incident, DEFAULT_RULES, clock.now())).toEqual({
      kind: 'quiet',
      quietMs: 30 * MINUTE,
      windowMs: 30 * MINUTE,
    });
    const audit = expire(incident, DEFAULT_RULES, clock.now());
    expect(incident).toMatchObject({
      status: 'resolved',
      resolution: 'expired',
      resolvedAt: clock.now(),
      version: 2,
    });
    expect(audit).toEqual([
      expect.objectContaining({
        actor: 'hub',
        action: 'resolved',
        fromStatus: 'open',
        toStatus: 'resolved',
        code: 'expiry.quiet',
        params: { quietMs: 30 * MINUTE, windowMs: 30 * MINUTE },
      }),
    ]);
  });

  it('restarts the quiet time with every change (a new event moves updatedAt)', () => {
    const incident = state({ updatedAt: T0 + 20 * MINUTE });
    expect(expiryDue(incident, DEFAULT_RULES, T0 + 45 * MINUTE)).toBeNull();
    expect(expiryDue(incident, DEFAULT_RULES, T0 + 50 * MINUTE)?.kind).toBe('quiet');
  });

  it.each([
    ['fire', 'fire.smoke'],
    ['flood', 'flood.rainfall'],
    ['landslide', 'landslide.report'],
  ] as const)('never expires a quiet %s incident, even at low severity', (category, type) => {
    const incident = state({ category, type, types: [type] });
    expect(expiryDue(incident, DEFAULT_RULES, T0 + 24 * 60 * MINUTE)).toBeNull();
    expect(() => expire(incident, DEFAULT_RULES, T0 + 24 * 60 * MINUTE)).toThrow(DomainError);
    expect(incident.status).toBe('open');
  });

  it('leaves medium and higher, taken-on, and switched-off incidents alone', () => {
    const late = T0 + 24 * 60 * MINUTE;
    expect(expiryDue(state({ severity: 'medium' }), DEFAULT_RULES, late)).toBeNull();
    expect(expiryDue(state({ status: 'acknowledged' }), DEFAULT_RULES, late)).toBeNull();
    const off = {
      ...DEFAULT_RULES,
      expireWhenQuiet: { ...DEFAULT_RULES.expireWhenQuiet, urban: false },
    };
    expect(expiryDue(state({}), off, late)).toBeNull();
    expect(
      expiryDue(
        state({ severity: 'info', category: 'device', type: 'device.offline' }),
        DEFAULT_RULES,
        late,
      )?.kind,
    ).toBe('quiet');
  });

  it('resolves a cleared condition after the hold time (10 min), whatever its category', () => {
    const clock = new ManualClock(T0);
    const incident = state({
      category: 'flood',
      type: 'flood.water_level',
      severity: 'high',
      status: 'acknowledged',
      conditionCleared: true,
    });
    clock.advance(10 * MINUTE - 1);
    expect(expiryDue(incident, DEFAULT_RULES, clock.now())).toBeNull();
    clock.advance(1);
    const audit = expire(incident, DEFAULT_RULES, clock.now());
    expect(incident.resolution).toBe('expired');
    expect(audit[0]).toMatchObject({
      fromStatus: 'acknowledged',
      code: 'expiry.cleared',
      params: { quietMs: 10 * MINUTE, holdMs: 10 * MINUTE },
    });
  });

  it('keeps a cleared condition while a unit is out, or when the hold is switched off', () => {
    const late = T0 + 24 * 60 * MINUTE;
    const cleared = { category: 'air' as const, severity: 'high' as const, conditionCleared: true };
    expect(
      expiryDue(
        state({ ...cleared, assignedUnitId: 'u-1', status: 'dispatched' }),
        DEFAULT_RULES,
        late,
      ),
    ).toBeNull();
    expect(expiryDue(state(cleared), { ...DEFAULT_RULES, clearedHoldMs: null }, late)).toBeNull();
  });
});
