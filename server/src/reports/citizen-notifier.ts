import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { CitizenReportStatus, CitizenWebhookBody } from '@ioc/shared';
import type { Contribution } from '../database/group-commit';
import { CLOCK } from '../common/scheduler';
import type { Clock } from '../correlation/clock';
import type { IncidentState } from '../correlation/incident-state';
import type { CitizenReportEntity } from '../database/entities';
import {
  IncidentWriteService,
  type IncidentCommitCompanion,
} from '../incidents/incident-write.service';
import { citizenStatus } from './citizen-status';
import { outboxRow, ReportRepository, reportRow, reportStatusRow } from './report.repository';
import { WebhookDeliveryWorker } from './webhook-delivery.worker';
import { WebhookOutboxRepository } from './webhook-outbox.repository';

/** A report the hub still tells its app about; `status` null until its row is stored. */
interface TrackedReport {
  trackingCode: string;
  appId: string;
  via: CitizenReportEntity['via'];
  eventId: string;
  incidentId: string;
  status: CitizenReportStatus | null;
  answeredAt: number | null;
}

export type NewReport = Omit<TrackedReport, 'status' | 'answeredAt'>;

/**
 * Keeps each citizen report's status in step with its incident. Whenever an incident is
 * written, the reports of it whose status (or answer) changed are updated, and a webhook
 * notification is added to the outbox for each, in the same transaction as the incident
 * (IncidentCommitCompanion): a change is stored with its notification or not at all.
 */
@Injectable()
export class CitizenNotifier implements IncidentCommitCompanion, OnModuleInit {
  private readonly byIncident = new Map<string, TrackedReport[]>();
  /** The last sequence number given to each app. */
  private sequences = new Map<string, number>();

  constructor(
    private readonly reports: ReportRepository,
    private readonly worker: WebhookDeliveryWorker,
    private readonly outbox: WebhookOutboxRepository,
    @Inject(CLOCK) private readonly clock: Clock,
    incidents: IncidentWriteService,
  ) {
    incidents.addCompanion(this);
  }

  // Before the write path starts (onApplicationBootstrap): its replay may change incidents.
  async onModuleInit(): Promise<void> {
    for (const row of await this.reports.unclosed()) this.add({ ...row });
    this.sequences = await this.outbox.lastSequences();
  }

  /** A new report: stored (and its app told) with the next write of its incident. */
  track(report: NewReport): void {
    this.add({ ...report, status: null, answeredAt: null });
  }

  private add(report: TrackedReport): void {
    const list = this.byIncident.get(report.incidentId);
    if (list) list.push(report);
    else this.byIncident.set(report.incidentId, [report]);
  }

  rowsFor(states: readonly IncidentState[]): Contribution | null {
    const now = this.clock.now();
    const created: unknown[][] = [];
    const updated: unknown[][] = [];
    const outbox: unknown[][] = [];
    const changes: {
      report: TrackedReport;
      status: CitizenReportStatus;
      answeredAt: number | null;
    }[] = [];
    const sequencesBefore = new Map(this.sequences);
    const apps = new Set<string>();
    for (const state of states) {
      const reports = this.byIncident.get(state.id);
      if (!reports) continue;
      const status = citizenStatus(state);
      const answeredAt = state.answer?.at ?? null;
      for (const report of reports) {
        if (report.status === status && report.answeredAt === answeredAt) continue;
        if (report.status === null) created.push(reportRow(report, status, answeredAt, now));
        else updated.push(reportStatusRow(report.trackingCode, status, answeredAt, now));
        changes.push({ report, status, answeredAt });
        if (report.via !== 'api_key' || !this.worker.hasWebhook(report.appId)) continue;
        const sequence = (this.sequences.get(report.appId) ?? 0) + 1;
        this.sequences.set(report.appId, sequence);
        const deliveryId = randomUUID();
        const body: CitizenWebhookBody = {
          deliveryId,
          sequence,
          trackingCode: report.trackingCode,
          status,
          ...(state.answer ? { answer: state.answer.text } : {}),
          updatedAt: new Date(now).toISOString(),
          incidentId: state.id,
        };
        outbox.push(outboxRow(deliveryId, report.appId, sequence, JSON.stringify(body), now));
        apps.add(report.appId);
      }
    }
    if (changes.length === 0) return null;
    return {
      rows: { citizenReports: created, citizenReportStatus: updated, citizenWebhookOutbox: outbox },
      committed: () => {
        for (const { report, status, answeredAt } of changes) {
          report.status = status;
          report.answeredAt = answeredAt;
          if (status === 'closed') this.forget(report);
        }
        for (const appId of apps) this.worker.nudge(appId);
      },
      // Nothing was stored: the numbers given out are free again (one commit at a time).
      failed: () => {
        this.sequences = sequencesBefore;
      },
    };
  }

  /** A closed report changes no more (closed is the lifecycle's end). */
  private forget(report: TrackedReport): void {
    const list = this.byIncident.get(report.incidentId);
    if (!list) return;
    const left = list.filter((r) => r !== report);
    if (left.length > 0) this.byIncident.set(report.incidentId, left);
    else this.byIncident.delete(report.incidentId);
  }
}
