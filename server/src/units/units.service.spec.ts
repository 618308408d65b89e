import { Logger } from '@nestjs/common';
import type { Unit } from '@ioc/shared';
import { DomainError } from '../common/domain-error';
import { HubEvents } from '../common/hub-events';
import type { AppConfig } from '../config/app.config';
import type { IncidentState } from '../correlation/incident-state';
import type { UnitEntity } from '../database/entities';
import type { IncidentAuditInput, IncidentWriteService } from '../incidents/incident-write.service';
import { LifecycleService } from '../lifecycle/lifecycle.service';
import type { UnitRepository } from './unit.repository';
import { UnitsService } from './units.service';

/** A units table in memory: the seeded demo units, and every row saved since, in order. */
function fakeRepository(): UnitRepository & { saved: UnitEntity[] } {
  let rows: UnitEntity[] = [];
  const saved: UnitEntity[] = [];
  return {
    saved,
    all: () => Promise.resolve(rows.map((r) => ({ ...r }))),
    insertMany: (units: UnitEntity[]) => {
      rows = units.map((u) => ({ ...u }));
      return Promise.resolve();
    },
    save: (unit: UnitEntity) => {
      saved.push({ ...unit });
      return Promise.resolve();
    },
    dispatchedAssignments: () => Promise.resolve(new Map<string, string>()),
  } as unknown as UnitRepository & { saved: UnitEntity[] };
}

/** applyChange that runs the change on the incident, then commits it or fails like an outage. */
function incidents(state: Partial<IncidentState>, commits: () => boolean): IncidentWriteService {
  return {
    applyChange: (_id: string, change: (s: IncidentState) => IncidentAuditInput[]) => {
      const before = { ...state };
      change(state as IncidentState);
      if (commits()) return Promise.resolve(state);
      Object.assign(state, before);
      return Promise.reject(new DomainError('UNAVAILABLE', 'the database is unreachable'));
    },
  } as unknown as IncidentWriteService;
}

const dispatcher = { username: 'dispatcher', role: 'dispatcher' } as const;

describe('UnitsService: a dispatch whose commit fails leaves its unit free', () => {
  beforeAll(() => {
    Logger.overrideLogger(false);
  });

  it('the unit is available again in memory, in its stored row and on the live feed', async () => {
    const repository = fakeRepository();
    const events = new HubEvents();
    const announced: Unit[] = [];
    events.unitChanged$.subscribe((u) => announced.push(u));
    const units = new UnitsService(repository, events, { env: 'development' } as AppConfig);
    await units.onApplicationBootstrap();
    const incident = { id: 'inc-1', status: 'acknowledged', version: 2, assignedUnitIds: [] };
    let commit = false;
    const lifecycle = new LifecycleService(
      incidents(incident as Partial<IncidentState>, () => commit),
      units,
    );
    const dispatch = { action: 'dispatch', version: 2, unitId: 'fire-dalat' } as const;

    await expect(lifecycle.transition('inc-1', dispatch, dispatcher)).rejects.toMatchObject({
      code: 'UNAVAILABLE',
    });
    expect(units.get('fire-dalat')).toMatchObject({ status: 'available', incidentId: null });
    expect(repository.saved.at(-1)).toMatchObject({ id: 'fire-dalat', status: 'available' });
    expect(announced.at(-1)).toMatchObject({ id: 'fire-dalat', status: 'available' });

    // The dispatcher retries once the database is back: the unit goes.
    commit = true;
    await lifecycle.transition('inc-1', dispatch, dispatcher);
    expect(units.get('fire-dalat')).toMatchObject({ status: 'busy', incidentId: 'inc-1' });
    expect(repository.saved.at(-1)).toMatchObject({ id: 'fire-dalat', status: 'busy' });
  });
});
