import { Injectable } from '@nestjs/common';
import { DataSource, IsNull, LessThanOrEqual, type FindOptionsWhere } from 'typeorm';
import type { Severity } from '@ioc/shared';
import { IncidentEntity } from '../database/entities';
import type { SlaLimits } from './sla.policy';

@Injectable()
export class SlaRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Ids of incidents still open, not escalated, and older than their severity's limit. */
  async overdue(limits: SlaLimits, now: number, limit = 500): Promise<string[]> {
    const where: FindOptionsWhere<IncidentEntity>[] = (
      Object.entries(limits) as [Severity, number][]
    ).flatMap(([severity, ms]) => [
      // Triage: a confirmed incident's SLA runs from its confirmation.
      {
        status: 'open' as const,
        escalated: false,
        severity,
        confirmedAt: IsNull(),
        createdAt: LessThanOrEqual(now - ms),
      },
      // Confirmed after it was created, so created before the limit too: said outright,
      // it lets IDX_incidents_sla read only the overdue (a range on createdAt).
      {
        status: 'open' as const,
        escalated: false,
        severity,
        confirmedAt: LessThanOrEqual(now - ms),
        createdAt: LessThanOrEqual(now - ms),
      },
    ]);
    if (where.length === 0) return [];
    const rows = await this.dataSource
      .getRepository(IncidentEntity)
      .find({ select: { id: true }, where, order: { createdAt: 'ASC' }, take: limit });
    return rows.map((r) => r.id);
  }
}
