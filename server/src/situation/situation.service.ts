import { Inject, Injectable } from '@nestjs/common';
import {
  inSituation,
  SITUATION_CHANGES_PAGE,
  situationTimeProblem,
  type Device,
  type Incident,
  type Situation,
  type SituationChanges,
} from '@ioc/shared';
import { DomainError } from '../common/domain-error';
import { CLOCK } from '../common/scheduler';
import { APP_CONFIG, type AppConfig } from '../config/app.config';
import type { Clock } from '../correlation/clock';
import { retentionHorizon } from '../retention/retention.policy';
import { mergeChanges } from './situation.changes';
import { HistoryRepository } from './history.repository';

/**
 * The situation at a past moment and the changes between two (docs/contract.md §7), read
 * from the history the hub records as it pushes (incident_history, device_history).
 */
@Injectable()
export class SituationService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly history: HistoryRepository,
  ) {}

  async at(iso: string): Promise<Situation> {
    const at = this.checked(iso, 'at');
    const [incidentRows, deviceRows, oldest] = await Promise.all([
      this.history.incidentsAt(at),
      this.history.devicesAt(at),
      this.history.oldest(),
    ]);
    const incidents = incidentRows
      .map((row) => JSON.parse(row.body) as Incident)
      .filter((incident) => inSituation(incident, at));
    const devices = deviceRows.map((row) => JSON.parse(row.body) as Device);
    const lastSeq = incidentRows.reduce((max, row) => Math.max(max, row.seq), 0);
    return {
      at: new Date(at).toISOString(),
      lastSeq,
      historySince: oldest === null ? null : new Date(oldest).toISOString(),
      incidents,
      devices,
    };
  }

  async changes(fromIso: string, toIso: string): Promise<SituationChanges> {
    const from = this.checked(fromIso, 'from');
    const to = this.checked(toIso, 'to');
    if (to < from) throw new DomainError('VALIDATION', 'invalid query: to is before from');
    const limit = SITUATION_CHANGES_PAGE;
    const [incidents, devices] = await Promise.all([
      this.history.incidentsBetween(from, to, limit + 1),
      this.history.devicesBetween(from, to, limit + 1),
    ]);
    const page = mergeChanges(incidents, devices, to, limit);
    return {
      from: new Date(from).toISOString(),
      until: new Date(page.until).toISOString(),
      changes: page.changes,
    };
  }

  private checked(iso: string, name: string): number {
    const horizon = retentionHorizon(this.config.retention.days, this.clock.now());
    const problem = situationTimeProblem(Date.parse(iso), this.clock.now(), horizon);
    if (problem)
      throw new DomainError('VALIDATION', `invalid query: ${problem.replace(/^at/, name)}`);
    return Date.parse(iso);
  }
}
