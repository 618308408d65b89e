import { Injectable } from '@nestjs/common';
import { Brackets, DataSource, type SelectQueryBuilder } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm';
import { type BBox, type IncidentQuery } from '@ioc/shared';
import { AuditEntity, EventEntity, IncidentEntity } from '../database/entities';

const CHUNK = 400;
const INCIDENT_UPDATE_COLUMNS = [
  'type', 'types', 'severity', 'baseSeverity', 'status', 'lat', 'lon', 'zone', 'firstSeen', 'lastSeen',
  'eventCount', 'sources', 'version', 'seq', 'escalated', 'conditionCleared', 'relatedIncidentId',
  'assignedUnitId', 'acknowledgedBy', 'acknowledgedAt', 'resolvedAt', 'resolution', 'updatedAt',
];

function* chunks<T>(rows: T[], size = CHUNK): Generator<T[]> {
  for (let i = 0; i < rows.length; i += size) yield rows.slice(i, i + size);
}

/** Incident, event and audit tables. Writes are batched: one transaction per flush. */
@Injectable()
export class IncidentRepository {
  constructor(private readonly dataSource: DataSource) {}

  async writeBatch(incidents: IncidentEntity[], events: EventEntity[], audit: Partial<AuditEntity>[]): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      for (const chunk of chunks(incidents)) {
        await manager.createQueryBuilder().insert().into(IncidentEntity).values(chunk).orUpdate(INCIDENT_UPDATE_COLUMNS, ['id']).updateEntity(false).execute();
      }
      for (const chunk of chunks(events)) {
        // The primary key (deviceId, eventId) makes a repeat a no-op even across restarts.
        await manager.createQueryBuilder().insert().into(EventEntity).values(chunk as QueryDeepPartialEntity<EventEntity>[]).orIgnore().updateEntity(false).execute();
      }
      for (const chunk of chunks(audit)) {
        await manager.createQueryBuilder().insert().into(AuditEntity).values(chunk).updateEntity(false).execute();
      }
    });
  }

  async maxSeq(): Promise<number> {
    const row = await this.dataSource.getRepository(IncidentEntity).createQueryBuilder('i').select('MAX(i.seq)', 'max').getRawOne<{ max: string | number | null }>();
    return Number(row?.max ?? 0);
  }

  /** Incidents correlation must know at start-up: active ones, and resolved ones still inside their window. */
  async loadForCorrelation(since: number): Promise<IncidentEntity[]> {
    return this.dataSource
      .getRepository(IncidentEntity)
      .createQueryBuilder('i')
      .where('i.status IN (:...active)', { active: ['open', 'acknowledged', 'dispatched'] })
      .orWhere('(i.status = :resolved AND i.lastSeen >= :since)', { resolved: 'resolved', since })
      .getMany();
  }

  async findById(id: string): Promise<IncidentEntity | null> {
    return this.dataSource.getRepository(IncidentEntity).findOneBy({ id });
  }

  async eventsOf(incidentId: string): Promise<EventEntity[]> {
    return this.dataSource.getRepository(EventEntity).find({ where: { incidentId }, order: { ts: 'ASC' }, take: 5000 });
  }

  async auditOf(incidentId: string): Promise<AuditEntity[]> {
    return this.dataSource.getRepository(AuditEntity).find({ where: { incidentId }, order: { at: 'ASC', id: 'ASC' } });
  }

  /** Keys of recently received events, to warm the duplicate filter after a restart. */
  async recentEventKeys(since: number, limit: number): Promise<{ deviceId: string; eventId: string }[]> {
    return this.dataSource
      .getRepository(EventEntity)
      .createQueryBuilder('e')
      .select(['e.deviceId', 'e.eventId'])
      .where('e.receivedAt >= :since', { since })
      .orderBy('e.receivedAt', 'DESC')
      .limit(limit)
      .getMany();
  }

  /** Incident states changed after `sinceSeq`, oldest change first (for resync). */
  async changedSince(sinceSeq: number, limit: number): Promise<IncidentEntity[]> {
    return this.dataSource
      .getRepository(IncidentEntity)
      .createQueryBuilder('i')
      .where('i.seq > :sinceSeq', { sinceSeq })
      .orderBy('i.seq', 'ASC')
      .limit(limit)
      .getMany();
  }

  async list(query: IncidentQuery, bbox: BBox | null): Promise<{ items: IncidentEntity[]; total: number }> {
    const qb = this.dataSource.getRepository(IncidentEntity).createQueryBuilder('i');
    this.filter(qb, query, bbox);
    const [items, total] = await qb.orderBy('i.lastSeen', 'DESC').addOrderBy('i.seq', 'DESC').take(query.limit).getManyAndCount();
    return { items, total };
  }

  private filter(qb: SelectQueryBuilder<IncidentEntity>, query: IncidentQuery, bbox: BBox | null): void {
    qb.where('1 = 1');
    if (query.status?.length) qb.andWhere('i.status IN (:...status)', { status: query.status });
    if (query.category?.length) qb.andWhere('i.category IN (:...category)', { category: query.category });
    if (query.severity?.length) qb.andWhere('i.severity IN (:...severity)', { severity: query.severity });
    if (query.since) qb.andWhere('i.lastSeen >= :since', { since: Date.parse(query.since) });
    if (bbox) {
      const [minLon, minLat, maxLon, maxLat] = bbox;
      qb.andWhere(
        new Brackets((w) => {
          w.where('i.lon BETWEEN :minLon AND :maxLon', { minLon, maxLon }).andWhere('i.lat BETWEEN :minLat AND :maxLat', { minLat, maxLat });
        }),
      );
    }
  }

  async countOpenBySeverity(): Promise<Record<string, number>> {
    const rows = await this.dataSource
      .getRepository(IncidentEntity)
      .createQueryBuilder('i')
      .select('i.severity', 'severity')
      .addSelect('COUNT(*)', 'count')
      .where('i.status IN (:...active)', { active: ['open', 'acknowledged', 'dispatched'] })
      .groupBy('i.severity')
      .getRawMany<{ severity: string; count: string | number }>();
    return Object.fromEntries(rows.map((r) => [r.severity, Number(r.count)]));
  }
}
