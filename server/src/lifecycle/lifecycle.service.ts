import { Injectable } from '@nestjs/common';
import type { Incident, User } from '@ioc/shared';
import { DomainError } from '../common/domain-error';
import type { IncidentState } from '../correlation/incident-state';
import { IncidentWriteService, type IncidentAuditInput } from '../incidents/incident-write.service';
import { UnitsService } from '../units/units.service';
import {
  applyAnswer,
  applyNote,
  applyTransition,
  applyUnitChange,
  type LifecycleCommand,
  type UnitChange,
} from './lifecycle.machine';
import { UnitJournal } from './unit-journal';

/**
 * Dispatcher actions on incidents. Each runs inside IncidentWriteService.applyChange: the
 * version check, the state machine and the unit reservation happen synchronously on the
 * live aggregate, so two requests on one instance can never both pass the check.
 */
@Injectable()
export class LifecycleService {
  constructor(
    private readonly incidents: IncidentWriteService,
    private readonly units: UnitsService,
  ) {}

  async transition(id: string, command: LifecycleCommand, user: User): Promise<Incident> {
    return this.withUnits(id, (state, units) =>
      applyTransition(state, command, user.username, Date.now(), units),
    );
  }

  /** Adds a unit to a dispatched incident or releases one (POST/DELETE …/units). */
  async changeUnits(id: string, change: UnitChange, user: User): Promise<Incident> {
    return this.withUnits(id, (state, units) =>
      applyUnitChange(state, change, user.username, units),
    );
  }

  /**
   * Runs a change that may reserve or release units. If its commit fails, the incident is
   * undone by applyChange and the units by the journal, so no unit stays reserved for a
   * dispatch that was never stored.
   */
  private async withUnits(
    id: string,
    change: (state: IncidentState, units: UnitJournal) => IncidentAuditInput[],
  ): Promise<Incident> {
    const journal = new UnitJournal(this.units);
    try {
      return await this.incidents.applyChange(id, (state) => change(state, journal));
    } catch (error) {
      journal.rollback();
      throw error;
    } finally {
      // Unit rows are written after the incident; GET /api/units is current once we answer.
      await this.units.settled();
    }
  }

  /** The public answer citizens see (their app is told through its webhook). */
  async answer(id: string, text: string, user: User): Promise<Incident> {
    return this.incidents.applyChange(id, (state) =>
      applyAnswer(state, text, user.username, Date.now()),
    );
  }

  async addNote(id: string, text: string, user: User): Promise<Incident> {
    if (!text.trim()) throw new DomainError('VALIDATION', 'a note needs some text');
    return this.incidents.applyChange(id, (state) => applyNote(state, text, user.username));
  }
}
