import { Injectable } from '@nestjs/common';
import type { Incident, User } from '@ioc/shared';
import { DomainError } from '../common/domain-error';
import { IncidentWriteService } from '../incidents/incident-write.service';
import { UnitsService } from '../units/units.service';
import {
  applyAnswer,
  applyNote,
  applyTransition,
  type LifecycleCommand,
} from './lifecycle.machine';

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
    const incident = await this.incidents.applyChange(id, (state) =>
      applyTransition(state, command, user.username, Date.now(), this.units),
    );
    // Unit rows are written after the incident; GET /api/units is current once we answer.
    await this.units.settled();
    return incident;
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
