import { Inject, Injectable } from '@nestjs/common';
import { Brackets, DataSource, type SelectQueryBuilder } from 'typeorm';
import { ACTIVE_STATUSES, type BBox, type IncidentQuery, type NormalizedEvent } from '@ioc/shared';
import type { IncidentState } from '../correlation/incident-state';
import {
  AuditEntity,
  DeviceEntity,
  DistrictIncidentEntity,
  EventEntity,
  IncidentEntity,
  IncidentSourceEntity,
} from '../database/entities';
import { BATCH_WRITER, type BatchWriter } from '../database/batch-writer';
import type { SearchableDevice, WordTargets } from './incident-search';

/** Columns written by the batch path, in table order; `category`, `createdAt` never change. */
const INCIDENT_COLUMNS = [
  'id',
  'category',
  'type',
  'types',
  'severity',
  'baseSeverity',
  'status',
  'lat',
  'lon',
  'zone',
  'firstSeen',
  'lastSeen',
  'eventCount',
  'sources',
  'sourceCount',
  'version',
  'seq',
  'escalated',
  'conditionCleared',
  'relatedIncidentId',
  'assignedUnitId',
  'assignedUnitIds',
  'acknowledgedBy',
  'acknowledgedAt',
  'resolvedAt',
  'resolution',
  'createdAt',
  'updatedAt',
  'answerText',
  'answeredBy',
  'answeredAt',
  'locationMethod',
  'locationUncertaintyM',
  'rays',
  'confirmedAt',
  'confirmedBy',
  'dismissReason',
] as const;
const EVENT_COLUMNS = [
  'deviceId',
  'eventId',
  'incidentId',
  'ts',
  'receivedAt',
  'type',
  'confidence',
  'severity',
  'lat',
  'lon',
  'attributes',
  'source',
  'reason',
] as const;
const AUDIT_COLUMNS = [
  'incidentId',
  'at',
  'actor',
  'action',
  'fromStatus',
  'toStatus',
  'note',
  'code',
  'params',
] as const;

/** PostgreSQL array types of the columns that are not varchar, for `unnest`. */
const PG_TYPES: Record<string, string> = {
  lat: 'float8',
  lon: 'float8',
  confidence: 'float8',
  firstSeen: 'int8',
  lastSeen: 'int8',
  seq: 'int8',
  acknowledgedAt: 'int8',
  resolvedAt: 'int8',
  createdAt: 'int8',
  updatedAt: 'int8',
  ts: 'int8',
  receivedAt: 'int8',
  at: 'int8',
  eventCount: 'int4',
  sourceCount: 'int4',
  ordinal: 'int4',
  version: 'int4',
  escalated: 'bool',
  conditionCleared: 'bool',
  types: 'text',
  sources: 'text',
  assignedUnitIds: 'text',
  attributes: 'text',
  reason: 'text',
  note: 'text',
  answerText: 'text',
  answeredAt: 'int8',
  params: 'text',
  locationUncertaintyM: 'float8',
  rays: 'text',
  confirmedAt: 'int8',
};

/** Positional values of one row, as TypeORM would store them (simple-json as JSON text). */
function incidentRow(s: IncidentState, writer: BatchWriter): unknown[] {
  return [
    s.id,
    s.category,
    s.type,
    JSON.stringify(s.types),
    s.severity,
    s.baseSeverity,
    s.status,
    s.location.lat,
    s.location.lon,
    s.zone,
    s.firstSeen,
    s.lastSeen,
    s.eventCount,
    JSON.stringify(s.sources),
    s.sourceCount,
    s.version,
    s.seq,
    writer.bool(s.escalated),
    writer.bool(s.conditionCleared),
    s.relatedIncidentId,
    s.assignedUnitId,
    JSON.stringify(s.assignedUnitIds),
    s.acknowledgedBy,
    s.acknowledgedAt,
    s.resolvedAt,
    s.resolution,
    s.createdAt,
    s.updatedAt,
    s.answer?.text ?? null,
    s.answer?.by ?? null,
    s.answer?.at ?? null,
    s.locationMethod,
    s.locationUncertaintyM,
    s.rays.length === 0 ? null : JSON.stringify(s.rays),
    s.confirmedAt,
    s.confirmedBy,
    s.dismissReason,
  ];
}

/**
 * One event's stored values in EVENT_COLUMNS order, built as soon as the event is
 * correlated (no entity object in between: one allocation per event fewer).
 */
export function eventRow(
  event: NormalizedEvent & { receivedAt: number },
  incidentId: string | null,
  reason: object,
): unknown[] {
  return [
    event.deviceId,
    event.id,
    incidentId,
    event.ts,
    event.receivedAt,
    event.type,
    event.confidence,
    event.severity,
    event.location.lat,
    event.location.lon,
    event.attributes === null ? null : JSON.stringify(event.attributes),
    event.sourceKind,
    JSON.stringify(reason),
  ];
}

/** A stored event's link to its incident, for the `eventLinks` update. */
export function linkRow(
  event: { deviceId: string; id: string },
  incidentId: string,
  reason: object,
): unknown[] {
  return [incidentId, JSON.stringify(reason), event.deviceId, event.id];
}

function auditRow(a: Partial<AuditEntity>): unknown[] {
  return [
    a.incidentId,
    a.at,
    a.actor,
    a.action,
    a.fromStatus ?? null,
    a.toStatus ?? null,
    a.note ?? null,
    a.code ?? null,
    a.params ? JSON.stringify(a.params) : null,
  ];
}

/**
 * Incident, event and audit tables. Writes are batched: one transaction per flush,
 * through the BatchWriter (TypeORM's query builder costs more than everything else on the
 * ingest path together, docs/benchmarks.md).
 */
@Injectable()
export class IncidentRepository {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(BATCH_WRITER) private readonly writer: BatchWriter,
  ) {
    // Compare-and-set on version (versionGuardRow), before the row itself: the database,
    // not a hub's memory, decides which of two changes made on one version wins.
    writer.register({
      name: 'incidentVersion',
      table: 'incidents',
      columns: ['version', 'id', 'version'],
      pgTypes: PG_TYPES,
      compareAndSet: { key: 'id', column: 'version' },
    });
    writer.register({
      name: 'incidents',
      table: 'incidents',
      columns: INCIDENT_COLUMNS,
      pgTypes: PG_TYPES,
      onConflict: { kind: 'update', key: 'id', keep: ['category', 'createdAt'] },
    });
    // An accepted event, before correlation (incidentId NULL). The primary key (deviceId,
    // eventId) makes a repeat a no-op even across restarts, and the writer reports it.
    writer.register({
      name: 'events',
      table: 'events',
      columns: EVENT_COLUMNS,
      pgTypes: PG_TYPES,
      onConflict: { kind: 'ignore', key: ['deviceId', 'eventId'] },
    });
    // A stored event's incident and reason (linkRow), written with that incident's row.
    writer.register({
      name: 'eventLinks',
      table: 'events',
      columns: ['incidentId', 'reason', 'deviceId', 'eventId'],
      pgTypes: PG_TYPES,
      update: { key: ['deviceId', 'eventId'] },
    });
    writer.register({
      name: 'audit',
      table: 'incident_audit',
      columns: AUDIT_COLUMNS,
      pgTypes: PG_TYPES,
    });
    // A source new to its incident (sourceRow); a replayed one is already there.
    writer.register({
      name: 'incidentSources',
      table: 'incident_sources',
      columns: ['incidentId', 'source', 'ordinal'],
      pgTypes: PG_TYPES,
      onConflict: { kind: 'ignore', key: ['incidentId', 'source'] },
    });
  }

  /** A source that joined an incident, `ordinal` its place (0 for the first). */
  sourceRow(incidentId: string, source: string, ordinal: number): unknown[] {
    return [incidentId, source, ordinal];
  }

  /** Every source of each incident, in the order they joined. */
  async sourcesOf(incidentIds: readonly string[]): Promise<Map<string, string[]>> {
    const bySource = new Map<string, string[]>();
    if (incidentIds.length === 0) return bySource;
    const rows = await this.dataSource
      .getRepository(IncidentSourceEntity)
      .createQueryBuilder('s')
      .where('s.incidentId IN (:...ids)', { ids: incidentIds })
      .orderBy('s.incidentId')
      .addOrderBy('s.ordinal', 'ASC')
      .getMany();
    for (const row of rows) {
      const list = bySource.get(row.incidentId) ?? [];
      list.push(row.source);
      bySource.set(row.incidentId, list);
    }
    return bySource;
  }

  /** The stored row of an incident as it is now (a snapshot: the aggregate keeps changing). */
  incidentRow(state: IncidentState): unknown[] {
    return incidentRow(state, this.writer);
  }

  /** The incidentVersion row: set `next` where the stored version is still `expected`. */
  versionGuardRow(id: string, expected: number, next: number): unknown[] {
    return [next, id, expected];
  }

  auditRow(entry: Partial<AuditEntity>): unknown[] {
    return auditRow(entry);
  }

  /** Stored events no incident holds yet (a crash came between the two writes), oldest first. */
  async unlinkedEvents(limit?: number): Promise<EventEntity[]> {
    const query = this.dataSource
      .getRepository(EventEntity)
      .createQueryBuilder('e')
      .where('e.incidentId IS NULL')
      // Under a raised bar (learning): stored to open nothing, not waiting for correlation.
      .andWhere(`(e.reason IS NULL OR e.reason NOT LIKE '%"suppressed"%')`)
      .orderBy('e.receivedAt', 'ASC')
      .addOrderBy('e.ts', 'ASC');
    return (limit === undefined ? query : query.limit(limit)).getMany();
  }

  async maxSeq(): Promise<number> {
    const row = await this.dataSource
      .getRepository(IncidentEntity)
      .createQueryBuilder('i')
      .select('MAX(i.seq)', 'max')
      .getRawOne<{ max: string | number | null }>();
    return Number(row?.max ?? 0);
  }

  /** Incidents correlation must know at start-up: active ones, and resolved ones still inside their window. */
  async loadForCorrelation(since: number): Promise<IncidentEntity[]> {
    return this.dataSource
      .getRepository(IncidentEntity)
      .createQueryBuilder('i')
      .where('i.status IN (:...active)', { active: ACTIVE_STATUSES })
      .orWhere('(i.status = :resolved AND i.lastSeen >= :since)', { resolved: 'resolved', since })
      .getMany();
  }

  async findById(id: string): Promise<IncidentEntity | null> {
    return this.dataSource.getRepository(IncidentEntity).findOneBy({ id });
  }

  async eventsOf(incidentId: string): Promise<EventEntity[]> {
    return this.dataSource
      .getRepository(EventEntity)
      .find({ where: { incidentId }, order: { ts: 'ASC' }, take: 5000 });
  }

  async auditOf(incidentId: string): Promise<AuditEntity[]> {
    return this.dataSource
      .getRepository(AuditEntity)
      .find({ where: { incidentId }, order: { at: 'ASC', id: 'ASC' } });
  }

  /** Keys of recently received events, to warm the duplicate filter after a restart. */
  async recentEventKeys(
    since: number,
    limit: number,
  ): Promise<{ deviceId: string; eventId: string }[]> {
    // Raw rows: hydrating hundreds of thousands of entities made start-up with a full table take seconds.
    return this.dataSource
      .getRepository(EventEntity)
      .createQueryBuilder('e')
      .select('e.deviceId', 'deviceId')
      .addSelect('e.eventId', 'eventId')
      .where('e.receivedAt >= :since', { since })
      .orderBy('e.receivedAt', 'DESC')
      .limit(limit)
      .getRawMany<{ deviceId: string; eventId: string }>();
  }

  /** Incident states changed after `sinceSeq`, oldest change first (for resync). */
  /** Province: whether `id` is one of the districts' incidents (read-only here). */
  async isDistrictIncident(id: string): Promise<boolean> {
    return this.dataSource.getRepository(DistrictIncidentEntity).existsBy({ id });
  }

  /** Province: the districts' incidents (`districtId` null: every district's), latest first. */
  async listDistrict(
    districtId: string | null,
    query: IncidentQuery,
  ): Promise<{ items: DistrictIncidentEntity[]; total: number }> {
    const qb = this.dataSource
      .getRepository(DistrictIncidentEntity)
      .createQueryBuilder('d')
      .orderBy('d.receivedAt', 'DESC')
      .addOrderBy('d.districtId', 'ASC')
      .addOrderBy('d.id', 'ASC')
      .take(query.limit);
    if (districtId) qb.andWhere('d.districtId = :districtId', { districtId });
    if (query.status?.length) qb.andWhere('d.status IN (:...status)', { status: query.status });
    if (query.severity?.length)
      qb.andWhere('d.severity IN (:...severities)', { severities: query.severity });
    const [items, total] = await qb.getManyAndCount();
    return { items, total };
  }

  async changedSince(sinceSeq: number, limit: number): Promise<IncidentEntity[]> {
    return this.dataSource
      .getRepository(IncidentEntity)
      .createQueryBuilder('i')
      .where('i.seq > :sinceSeq', { sinceSeq })
      .orderBy('i.seq', 'ASC')
      .limit(limit)
      .getMany();
  }

  async list(
    query: IncidentQuery,
    bbox: BBox | null,
    search: readonly WordTargets[] = [],
  ): Promise<{ items: IncidentEntity[]; total: number }> {
    const qb = this.dataSource.getRepository(IncidentEntity).createQueryBuilder('i');
    this.filter(qb, query, bbox);
    search.forEach((word, index) => this.filterWord(qb, word, index));
    const [items, total] = await qb
      .orderBy('i.lastSeen', 'DESC')
      .addOrderBy('i.seq', 'DESC')
      .skip(query.offset ?? 0)
      .take(query.limit)
      .getManyAndCount();
    return { items, total };
  }

  /** Devices as a search sees them: ids and names (retired ones too: history keeps them). */
  async searchableDevices(): Promise<SearchableDevice[]> {
    return this.dataSource
      .getRepository(DeviceEntity)
      .find({ select: { id: true, name: true, names: true } });
  }

  /** One word of a search: found in the id, the type, the zone or a source device. */
  private filterWord(
    qb: SelectQueryBuilder<IncidentEntity>,
    word: WordTargets,
    index: number,
  ): void {
    const p = (name: string) => `w${index}${name}`;
    qb.andWhere(
      new Brackets((w) => {
        // Ids are UUIDs: only hex and dashes can start one (and no LIKE wildcard gets in).
        if (/^[0-9a-f-]+$/.test(word.idPrefix))
          w.orWhere(`i.id LIKE :${p('id')}`, { [p('id')]: `${word.idPrefix}%` });
        if (word.zoneIds.length)
          w.orWhere(`i.zone IN (:...${p('zones')})`, { [p('zones')]: word.zoneIds });
        if (word.types.length)
          w.orWhere(`i.type IN (:...${p('types')})`, { [p('types')]: word.types });
        if (word.deviceIds.length)
          w.orWhere(
            `i.id IN (SELECT "s"."incidentId" FROM "incident_sources" "s" WHERE "s"."source" IN (:...${p('devices')}))`,
            { [p('devices')]: word.deviceIds },
          );
        w.orWhere('1 = 0');
      }),
    );
  }

  private filter(
    qb: SelectQueryBuilder<IncidentEntity>,
    query: IncidentQuery,
    bbox: BBox | null,
  ): void {
    qb.where('1 = 1');
    if (query.resolution?.length)
      qb.andWhere('i.resolution IN (:...resolution)', { resolution: query.resolution });
    if (query.from) qb.andWhere('i.firstSeen >= :from', { from: Date.parse(query.from) });
    if (query.to) qb.andWhere('i.firstSeen < :to', { to: Date.parse(query.to) });
    if (query.status?.length) qb.andWhere('i.status IN (:...status)', { status: query.status });
    if (query.category?.length)
      qb.andWhere('i.category IN (:...category)', { category: query.category });
    if (query.severity?.length)
      qb.andWhere('i.severity IN (:...severity)', { severity: query.severity });
    if (query.since) qb.andWhere('i.lastSeen >= :since', { since: Date.parse(query.since) });
    if (bbox) {
      const [minLon, minLat, maxLon, maxLat] = bbox;
      qb.andWhere(
        new Brackets((w) => {
          w.where('i.lon BETWEEN :minLon AND :maxLon', { minLon, maxLon }).andWhere(
            'i.lat BETWEEN :minLat AND :maxLat',
            { minLat, maxLat },
          );
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
      .where('i.status IN (:...active)', { active: ACTIVE_STATUSES })
      .groupBy('i.severity')
      .getRawMany<{ severity: string; count: string | number }>();
    return Object.fromEntries(rows.map((r) => [r.severity, Number(r.count)]));
  }
}
