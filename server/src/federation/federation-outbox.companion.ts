import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { Incident, Severity } from '@ioc/shared';
import { CLOCK } from '../common/scheduler';
import { APP_CONFIG, type AppConfig } from '../config/app.config';
import type { Clock } from '../correlation/clock';
import { toIncident, type IncidentState } from '../correlation/incident-state';
import type { Contribution } from '../database/group-commit';
import { incidentJson } from '../incidents/incident-json';
import { entityToState } from '../incidents/incident.mapper';
import { IncidentRepository } from '../incidents/incident.repository';
import {
  IncidentWriteService,
  type IncidentCommitCompanion,
} from '../incidents/incident-write.service';
import { isVerified } from '../triage/publication';
import { isForwarded } from './federation-rules';
import { federationOutboxRow, FederationOutboxRepository } from './federation-outbox.repository';
import { FederationRepository } from './federation.repository';

/** Incidents read per page when a district upgrades from the cursor. */
const UPGRADE_PAGE = 500;

/**
 * Adds every incident change at or above FEDERATION_MIN_SEVERITY to the federation outbox,
 * in the same transaction as the change (IncidentCommitCompanion): a change is stored with
 * its outbox row or not at all, and each state is kept, not only the latest.
 */
@Injectable()
export class FederationOutboxCompanion implements IncidentCommitCompanion, OnModuleInit {
  private readonly hubId: string;
  private readonly minSeverity: Severity;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly outbox: FederationOutboxRepository,
    private readonly cursors: FederationRepository,
    private readonly incidents: IncidentRepository,
    writes: IncidentWriteService,
  ) {
    const upstream = config.federation.upstream;
    if (!upstream) throw new Error('FederationOutboxCompanion needs UPSTREAM_MQTT_URL');
    this.hubId = upstream.hubId;
    this.minSeverity = upstream.minSeverity;
    writes.addCompanion(this);
  }

  /**
   * Before the write path starts: a district that forwarded from the cursor (the previous
   * release) copies the changes past it into the outbox, page by page (the cursor moves
   * with each page, so a crash midway resumes), then drops the cursor for good.
   */
  async onModuleInit(): Promise<void> {
    let cursor = await this.cursors.cursor(this.hubId);
    if (cursor === null) return;
    for (;;) {
      const rows = await this.incidents.changedSince(cursor, UPGRADE_PAGE);
      const last = rows[rows.length - 1];
      if (!last) break;
      const now = this.clock.now();
      const incidents = rows.map((row) => toIncident(entityToState(row)));
      await this.outbox.insert(
        incidents
          .filter(
            (incident) => isForwarded(incident.severity, this.minSeverity) && isVerified(incident),
          )
          .map((incident) => ({
            seq: incident.seq,
            incidentId: incident.id,
            body: JSON.stringify(incident),
            createdAt: now,
          })),
      );
      cursor = last.seq;
      await this.cursors.saveCursor(this.hubId, cursor);
    }
    await this.cursors.dropCursor(this.hubId);
  }

  rowsFor(_states: readonly IncidentState[], snapshots: readonly Incident[]): Contribution | null {
    const now = this.clock.now();
    const rows: unknown[][] = [];
    for (const incident of snapshots) {
      if (!isForwarded(incident.severity, this.minSeverity)) continue;
      // Triage: the province hears of it once confirmed, never of a dismissed one.
      if (!isVerified(incident)) continue;
      rows.push(federationOutboxRow(incident.seq, incident.id, incidentJson(incident), now));
    }
    if (rows.length === 0) return null;
    // The forwarder wakes on the announced change (HubEvents), after this commit.
    return {
      rows: { federationOutbox: rows },
      committed: () => undefined,
      failed: () => undefined,
    };
  }
}
