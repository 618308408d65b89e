import { INCIDENT_STATUSES } from '../schemas/incident.schema';
import {
  LIFECYCLE_ACTIONS,
  LifecycleCommandSchema,
  allowedActions,
  canTransition,
  transitionTarget,
} from './lifecycle';
import { hasRole } from './roles';

describe('lifecycle table', () => {
  it('allows the transitions of docs/contract.md §6 and nothing else', () => {
    const edges = INCIDENT_STATUSES.flatMap((from) =>
      LIFECYCLE_ACTIONS.map((action) => [from, action, transitionTarget(from, action)] as const),
    ).filter(([, , to]) => to !== null);
    expect(edges).toEqual([
      // Triage (extension): an unverified detection is confirmed or dismissed.
      ['unverified', 'confirm', 'open'],
      ['unverified', 'dismiss', 'resolved'],
      ['open', 'acknowledge', 'acknowledged'],
      ['open', 'resolve', 'resolved'],
      ['acknowledged', 'dispatch', 'dispatched'],
      ['acknowledged', 'resolve', 'resolved'],
      ['dispatched', 'resolve', 'resolved'],
      ['resolved', 'close', 'closed'],
    ]);
  });

  it('gives transitions to dispatchers and admins, not operators', () => {
    expect(canTransition('operator')).toBe(false);
    expect(canTransition('dispatcher')).toBe(true);
    expect(canTransition('admin')).toBe(true);
    expect(allowedActions('open', 'operator')).toEqual([]);
    expect(allowedActions('open', 'admin')).toEqual(['acknowledge', 'resolve']);
  });

  it('ranks roles', () => {
    expect(hasRole('admin', 'dispatcher')).toBe(true);
    expect(hasRole('dispatcher', 'dispatcher')).toBe(true);
    expect(hasRole('operator', 'dispatcher')).toBe(false);
  });

  it('parses one command per action, with that action’s body', () => {
    expect(LifecycleCommandSchema.options.map((o) => o.shape.action.value)).toEqual([
      ...LIFECYCLE_ACTIONS,
    ]);
    expect(
      LifecycleCommandSchema.safeParse({ action: 'dispatch', version: 2, unitId: 'u' }).success,
    ).toBe(true);
    expect(LifecycleCommandSchema.safeParse({ action: 'dispatch', version: 2 }).success).toBe(
      false,
    );
  });
});
