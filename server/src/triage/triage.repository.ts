import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { EventType } from '@ioc/shared';
import { IncidentSourceEntity, RuleAuditEntity, TriageOverrideEntity } from '../database/entities';

/** Incidents per device source and type since two instants, and false alarms among them. */
export interface FalseAlarmCountsRow {
  deviceId: string;
  type: EventType;
  incidentsRecent: number;
  falseAlarmsRecent: number;
  incidents: number;
  falseAlarms: number;
}

/**
 * Learning's storage: the false-alarm counts (incidents × their stored sources), the raised
 * bars and their audit. Rare writes: they go through the main connection, as accounts do.
 */
@Injectable()
export class TriageRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Per device (citizen reporters left out) and incident type: incidents opened since
   * `since`, and those opened since `recentSince` (≥ `since`), with their false alarms
   * (resolved `false_alarm`: dismissed in triage or resolved so by a dispatcher).
   */
  async falseAlarmCounts(
    since: number,
    recentSince: number,
    only?: { deviceId: string; type: EventType },
  ): Promise<FalseAlarmCountsRow[]> {
    const fa = `"i"."resolution" = 'false_alarm'`;
    const recent = `"i"."createdAt" >= :recentSince`;
    const query = this.dataSource
      .getRepository(IncidentSourceEntity)
      .createQueryBuilder('s')
      .innerJoin('incidents', 'i', `"i"."id" = "s"."incidentId"`)
      .select(`"s"."source"`, 'deviceId')
      .addSelect(`"i"."type"`, 'type')
      .addSelect(`SUM(CASE WHEN ${recent} THEN 1 ELSE 0 END)`, 'incidentsRecent')
      .addSelect(`SUM(CASE WHEN ${recent} AND ${fa} THEN 1 ELSE 0 END)`, 'falseAlarmsRecent')
      .addSelect('COUNT(*)', 'incidents')
      .addSelect(`SUM(CASE WHEN ${fa} THEN 1 ELSE 0 END)`, 'falseAlarms')
      .where(`"i"."createdAt" >= :since`, { since, recentSince })
      .andWhere(`"s"."source" NOT LIKE 'citizen:%'`)
      .andWhere(`"i"."category" <> 'device'`)
      .groupBy(`"s"."source"`)
      .addGroupBy(`"i"."type"`);
    if (only)
      query
        .andWhere(`"s"."source" = :deviceId`, { deviceId: only.deviceId })
        .andWhere(`"i"."type" = :type`, { type: only.type });
    const rows = await query.getRawMany<Record<string, unknown>>();
    return rows.map((r) => ({
      deviceId: String(r.deviceId),
      type: r.type as EventType,
      incidentsRecent: Number(r.incidentsRecent ?? 0),
      falseAlarmsRecent: Number(r.falseAlarmsRecent ?? 0),
      incidents: Number(r.incidents ?? 0),
      falseAlarms: Number(r.falseAlarms ?? 0),
    }));
  }

  /** Every override row, raised or undone (an undone row remembers when, for learning). */
  async overrides(): Promise<TriageOverrideEntity[]> {
    return this.dataSource.getRepository(TriageOverrideEntity).find();
  }

  /** The bar and its audit entry in one transaction. */
  async saveWithAudit(
    override: TriageOverrideEntity,
    audit: Omit<RuleAuditEntity, 'id'>,
  ): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await manager.getRepository(TriageOverrideEntity).save(override);
      await manager.getRepository(RuleAuditEntity).insert(audit);
    });
  }

  async audit(limit = 200): Promise<RuleAuditEntity[]> {
    return this.dataSource
      .getRepository(RuleAuditEntity)
      .find({ order: { id: 'DESC' }, take: limit });
  }
}
