import { DomainError } from '../common/domain-error';
import type { IncidentState } from '../correlation/incident-state';
import type { IncidentAuditInput, IncidentWriteService } from '../incidents/incident-write.service';
import type { UnitsService } from '../units/units.service';
import { LifecycleService } from './lifecycle.service';

/** Units as a map unit → incident it is out on. */
function fakeUnits(): UnitsService & { out: Map<string, string> } {
  const out = new Map<string, string>();
  const units = {
    out,
    reserve: (unitId: string, incidentId: string) => {
      if (out.has(unitId)) throw new DomainError('UNIT_UNAVAILABLE', `${unitId} busy`);
      out.set(unitId, incidentId);
    },
    release: (unitId: string, incidentId: string) => {
      if (out.get(unitId) === incidentId) out.delete(unitId);
    },
    isOutOn: (unitId: string, incidentId: string) => out.get(unitId) === incidentId,
    restore: (unitId: string, incidentId: string) => {
      if (!out.has(unitId)) out.set(unitId, incidentId);
    },
    settled: () => Promise.resolve(),
  };
  return units as unknown as UnitsService & { out: Map<string, string> };
}

/** applyChange that runs the change on `state`, then fails its commit like a database outage. */
function failingCommit(state: Partial<IncidentState>): IncidentWriteService {
  return {
    applyChange: (_id: string, change: (s: IncidentState) => IncidentAuditInput[]) => {
      change(state as IncidentState);
      return Promise.reject(new DomainError('UNAVAILABLE', 'the database is unreachable'));
    },
  } as unknown as IncidentWriteService;
}

const dispatcher = { username: 'dispatcher', role: 'dispatcher' } as const;

describe('LifecycleService when the commit fails', () => {
  it('gives back the unit a dispatch reserved', async () => {
    const units = fakeUnits();
    const state = { id: 'inc-1', status: 'acknowledged', version: 2, assignedUnitIds: [] };
    const service = new LifecycleService(failingCommit(state as Partial<IncidentState>), units);
    await expect(
      service.transition(
        'inc-1',
        { action: 'dispatch', version: 2, unitId: 'fire-dalat' },
        dispatcher,
      ),
    ).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    expect(units.out.has('fire-dalat')).toBe(false);
  });

  it('takes back a unit a release freed, and frees one an add reserved', async () => {
    const units = fakeUnits();
    units.out.set('fire-dalat', 'inc-1');
    units.out.set('rangers-langbiang', 'inc-1');
    const released = {
      id: 'inc-1',
      status: 'dispatched',
      version: 4,
      assignedUnitIds: ['fire-dalat', 'rangers-langbiang'],
    } as Partial<IncidentState>;
    await expect(
      new LifecycleService(failingCommit(released), units).changeUnits(
        'inc-1',
        { kind: 'release', unitId: 'fire-dalat', version: 4 },
        dispatcher,
      ),
    ).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    expect(units.out.get('fire-dalat')).toBe('inc-1');

    const added = {
      id: 'inc-1',
      status: 'dispatched',
      version: 4,
      assignedUnitIds: ['fire-dalat'],
    };
    await expect(
      new LifecycleService(failingCommit(added as Partial<IncidentState>), units).changeUnits(
        'inc-1',
        { kind: 'add', unitId: 'traffic-police-dalat', version: 4 },
        dispatcher,
      ),
    ).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    expect(units.out.has('traffic-police-dalat')).toBe(false);
  });
});
