import { Inject, Injectable } from '@nestjs/common';
import { CLOCK } from '../common/scheduler';
import type { Clock } from '../correlation/clock';
import type { Incident } from '@ioc/shared';
import type { IncidentState } from '../correlation/incident-state';
import type { Contribution } from '../database/group-commit';
import {
  IncidentWriteService,
  type IncidentCommitCompanion,
} from '../incidents/incident-write.service';
import { incidentHistoryRow } from './history.repository';

const NOTHING = (): undefined => undefined;

/**
 * Records every incident change in incident_history, in the same transaction as the change
 * (IncidentCommitCompanion): the history holds exactly the states /live pushed, each with
 * the time it was committed. One row per committed change; changes are already coalesced
 * (batch-window.ts), so the hot path writes no more rows than it pushes.
 */
@Injectable()
export class IncidentHistoryCompanion implements IncidentCommitCompanion {
  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    writes: IncidentWriteService,
  ) {
    writes.addCompanion(this);
  }

  rowsFor(_states: readonly IncidentState[], snapshots: readonly Incident[]): Contribution | null {
    if (snapshots.length === 0) return null;
    const at = this.clock.now();
    return {
      rows: { incidentHistory: snapshots.map((incident) => incidentHistoryRow(incident, at)) },
      committed: NOTHING,
      failed: NOTHING,
    };
  }
}
