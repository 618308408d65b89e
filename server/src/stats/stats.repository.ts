import { ACTIVE_STATUSES } from '@ioc/shared';
import { Injectable } from '@nestjs/common';
import { DataSource, MoreThanOrEqual } from 'typeorm';
import { AuditEntity, EventEntity, IncidentEntity } from '../database/entities';
import type { FirstTime } from './stats.figures';

@Injectable()
export class StatsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** First time of each lifecycle action, for incidents opened at or after `since`. */
  async firstTimes(since: number): Promise<FirstTime[]> {
    const qb = this.dataSource.getRepository(AuditEntity).createQueryBuilder('a');
    const opened = qb
      .subQuery()
      .select('o.incidentId')
      .from(AuditEntity, 'o')
      .where('o.action = :opened')
      .andWhere('o.at >= :since')
      .getQuery();
    const rows = await qb
      .select('a.incidentId', 'incidentId')
      .addSelect('a.action', 'action')
      .addSelect('MIN(a.at)', 'at')
      .where('a.action IN (:...actions)', {
        actions: ['opened', 'acknowledged', 'dispatched', 'resolved'],
      })
      .andWhere(`a.incidentId IN ${opened}`, { opened: 'opened', since })
      // Time to resolve measures people: the hub's own `expired` resolves are left out.
      .andWhere('NOT (a.action = :resolved AND a.actor = :hub)', {
        resolved: 'resolved',
        hub: 'hub',
      })
      .groupBy('a.incidentId')
      .addGroupBy('a.action')
      .getRawMany<{ incidentId: string; action: string; at: string | number }>();
    return rows.map((r) => ({ incidentId: r.incidentId, action: r.action, at: Number(r.at) }));
  }

  async activeBySeverity(): Promise<{ severity: string; escalated: boolean; count: number }[]> {
    const rows = await this.dataSource
      .getRepository(IncidentEntity)
      .createQueryBuilder('i')
      .select('i.severity', 'severity')
      .addSelect('i.escalated', 'escalated')
      .addSelect('COUNT(*)', 'count')
      .where('i.status IN (:...active)', { active: ACTIVE_STATUSES })
      .groupBy('i.severity')
      .addGroupBy('i.escalated')
      .getRawMany<{
        severity: string;
        escalated: boolean | number | string;
        count: string | number;
      }>();
    return rows.map((r) => ({
      severity: r.severity,
      escalated: r.escalated === true || Number(r.escalated) === 1,
      count: Number(r.count),
    }));
  }

  async eventsSince(since: number): Promise<number> {
    return this.dataSource
      .getRepository(EventEntity)
      .countBy({ receivedAt: MoreThanOrEqual(since) });
  }
}
