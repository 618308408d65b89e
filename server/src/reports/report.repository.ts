import { Inject, Injectable } from '@nestjs/common';
import { DataSource, Not } from 'typeorm';
import type { CitizenReportStatus } from '@ioc/shared';
import { BATCH_WRITER, type BatchWriter } from '../database/batch-writer';
import { CitizenReportEntity, IncidentEntity } from '../database/entities';

const PG_TYPES: Record<string, string> = {
  answeredAt: 'int8',
  createdAt: 'int8',
  updatedAt: 'int8',
  sequence: 'int8',
  attempts: 'int4',
  nextAttemptAt: 'int8',
  body: 'text',
};

/** A report as it is first stored, in the `citizenReports` statement's column order. */
export function reportRow(
  report: Pick<CitizenReportEntity, 'trackingCode' | 'appId' | 'via' | 'eventId' | 'incidentId'>,
  status: CitizenReportStatus,
  answeredAt: number | null,
  at: number,
): unknown[] {
  return [
    report.trackingCode,
    report.appId,
    report.via,
    report.eventId,
    report.incidentId,
    status,
    answeredAt,
    at,
    at,
  ];
}

/** A stored report's new status, for the `citizenReportStatus` update. */
export function reportStatusRow(
  trackingCode: string,
  status: CitizenReportStatus,
  answeredAt: number | null,
  at: number,
): unknown[] {
  return [status, answeredAt, at, trackingCode];
}

/** A notification for the outbox, in the `citizenWebhookOutbox` statement's column order. */
export function outboxRow(
  deliveryId: string,
  appId: string,
  sequence: number,
  body: string,
  at: number,
): unknown[] {
  return [deliveryId, appId, sequence, body, at, 0, at];
}

/**
 * Citizen reports and their outbox rows are written through the BatchWriter, inside the
 * commit of the incident change that causes them; reads go through TypeORM.
 */
@Injectable()
export class ReportRepository {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(BATCH_WRITER) writer: BatchWriter,
  ) {
    writer.register({
      name: 'citizenReports',
      table: 'citizen_reports',
      columns: [
        'trackingCode',
        'appId',
        'via',
        'eventId',
        'incidentId',
        'status',
        'answeredAt',
        'createdAt',
        'updatedAt',
      ],
      pgTypes: PG_TYPES,
    });
    writer.register({
      name: 'citizenReportStatus',
      table: 'citizen_reports',
      columns: ['status', 'answeredAt', 'updatedAt', 'trackingCode'],
      pgTypes: PG_TYPES,
      update: { key: ['trackingCode'] },
    });
    writer.register({
      name: 'citizenWebhookOutbox',
      table: 'citizen_webhook_outbox',
      columns: [
        'deliveryId',
        'appId',
        'sequence',
        'body',
        'createdAt',
        'attempts',
        'nextAttemptAt',
      ],
      pgTypes: PG_TYPES,
    });
  }

  async findByCode(trackingCode: string): Promise<CitizenReportEntity | null> {
    return this.dataSource.getRepository(CitizenReportEntity).findOneBy({ trackingCode });
  }

  async incidentOf(report: CitizenReportEntity): Promise<IncidentEntity | null> {
    return this.dataSource.getRepository(IncidentEntity).findOneBy({ id: report.incidentId });
  }

  /** Reports whose app may still hear of a change (all but the closed ones). */
  async unclosed(): Promise<CitizenReportEntity[]> {
    return this.dataSource
      .getRepository(CitizenReportEntity)
      .find({ where: { status: Not('closed' as const) } });
  }

  /** The reports of one incident, counted by app. */
  async countByApp(incidentId: string): Promise<{ appId: string; count: number }[]> {
    const rows = await this.dataSource
      .getRepository(CitizenReportEntity)
      .createQueryBuilder('r')
      .select('r.appId', 'appId')
      .addSelect('COUNT(*)', 'count')
      .where('r.incidentId = :incidentId', { incidentId })
      .groupBy('r.appId')
      .orderBy('r.appId', 'ASC')
      .getRawMany<{ appId: string; count: string | number }>();
    return rows.map((r) => ({ appId: r.appId, count: Number(r.count) }));
  }
}
