import { Inject, Injectable } from '@nestjs/common';
import {
  IncidentSchema,
  parseBBox,
  type Incident,
  type IncidentDetail,
  type IncidentQuery,
  type IncidentSources,
} from '@ioc/shared';
import { DomainError } from '../common/domain-error';
import { APP_CONFIG, type AppConfig } from '../config/app.config';
import type { DistrictIncidentEntity } from '../database/entities';
import { toIncident } from '../correlation/incident-state';
import { auditEntityToJson, entityToState, eventEntityToJson } from './incident.mapper';
import { IncidentRepository } from './incident.repository';
import { searchTargets } from './incident-search';
import { ZonesService } from '../zones/zones.service';
import { eventKey } from '../snapshots/snapshot-ref';
import { SnapshotReader } from '../snapshots/snapshot.reader';

/**
 * Incident reads for HTTP and resync. They read the stored rows, which are what was
 * committed and announced, so a read never runs ahead of /live.
 */
@Injectable()
export class IncidentQueryService {
  private readonly districtNames: Map<string, string>;

  constructor(
    private readonly repository: IncidentRepository,
    private readonly zones: ZonesService,
    private readonly snapshots: SnapshotReader,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.districtNames = new Map(config.federation.districts.map((d) => [d.id, d.name]));
  }

  async list(query: IncidentQuery): Promise<{ items: Incident[]; total: number; lastSeq: number }> {
    if (query.district) return this.listDistrict(query, query.district);
    const bbox = query.bbox ? parseBBox(query.bbox) : null;
    if (query.bbox && !bbox)
      throw new DomainError('VALIDATION', 'bbox must be minLon,minLat,maxLon,maxLat');
    // Read before the list: a change committed in between is then replayed by a resync.
    const lastSeq = await this.repository.maxSeq();
    const search = query.q
      ? searchTargets(query.q, this.zones.all, await this.repository.searchableDevices())
      : [];
    const { items, total } = await this.repository.list(query, bbox, search);
    return { items: items.map((row) => toIncident(entityToState(row))), total, lastSeq };
  }

  async get(id: string): Promise<IncidentDetail> {
    const row = await this.repository.findById(id);
    if (!row) throw new DomainError('NOT_FOUND', `no incident ${id}`);
    const [events, audit, images] = await Promise.all([
      this.repository.eventsOf(id),
      this.repository.auditOf(id),
      this.snapshots.ofIncident(id),
    ]);
    return {
      ...toIncident(entityToState(row)),
      events: events.map((event) => ({
        ...eventEntityToJson(event),
        snapshots: images.get(eventKey(event.deviceId, event.eventId)) ?? [],
      })),
      audit: audit.map(auditEntityToJson),
    };
  }

  /** Every source of an incident, in join order (the incident JSON lists the first few). */
  async sources(id: string): Promise<IncidentSources> {
    const row = await this.repository.findById(id);
    if (!row) throw new DomainError('NOT_FOUND', `no incident ${id}`);
    const sources = (await this.repository.sourcesOf([id])).get(id) ?? [];
    return { incidentId: id, sourceCount: row.sourceCount, sources };
  }

  /** Province: the districts' incidents, each with its district's id and name (read-only). */
  private async listDistrict(
    query: IncidentQuery,
    district: string,
  ): Promise<{ items: Incident[]; total: number; lastSeq: number }> {
    if (district !== '*' && !this.districtNames.has(district))
      throw new DomainError('VALIDATION', `unknown district ${district}`);
    const lastSeq = await this.repository.maxSeq();
    const { items, total } = await this.repository.listDistrict(
      district === '*' ? null : district,
      query,
    );
    return { items: items.map((row) => this.districtIncident(row)), total, lastSeq };
  }

  districtIncident(row: DistrictIncidentEntity): Incident {
    const body = IncidentSchema.parse(JSON.parse(row.body));
    return {
      ...body,
      districtId: row.districtId,
      districtName: this.districtNames.get(row.districtId) ?? row.districtId,
    };
  }

  /** Incident states changed after `sinceSeq`, oldest first, for a console's resync. */
  async changedSince(sinceSeq: number, limit = 1000): Promise<Incident[]> {
    return (await this.repository.changedSince(sinceSeq, limit)).map((row) =>
      toIncident(entityToState(row)),
    );
  }
}
