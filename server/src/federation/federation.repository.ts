import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { FederatedIncident, Incident } from '@ioc/shared';
import { DistrictIncidentEntity, FederationCursorEntity } from '../database/entities';
import { isNewer } from './federation-rules';

/** Federation's tables: the district's former forwarding cursor, the province's district incidents. */
@Injectable()
export class FederationRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * The last seq the upstream acknowledged, as the previous release's forwarder kept it;
   * null once the outbox took over (or on a district that never forwarded from a cursor).
   */
  async cursor(upstream: string): Promise<number | null> {
    const row = await this.dataSource.getRepository(FederationCursorEntity).findOneBy({ upstream });
    return row?.seq ?? null;
  }

  async saveCursor(upstream: string, seq: number): Promise<void> {
    await this.dataSource
      .getRepository(FederationCursorEntity)
      .save({ upstream, seq, updatedAt: Date.now() });
  }

  /** The outbox took over from the cursor: it is not read again. */
  async dropCursor(upstream: string): Promise<void> {
    await this.dataSource.getRepository(FederationCursorEntity).delete({ upstream });
  }

  /**
   * Stores a district's incident state if it is newer than the stored one, in one
   * transaction; returns the stored row, or null when the state was not newer.
   */
  async applyDistrictIncident(
    districtId: string,
    incident: FederatedIncident,
  ): Promise<DistrictIncidentEntity | null> {
    return this.dataSource.transaction(async (manager) => {
      const repository = manager.getRepository(DistrictIncidentEntity);
      const stored = await repository.findOneBy({ districtId, id: incident.id });
      if (!isNewer(stored?.seq ?? null, incident.seq)) return null;
      const { hubId: _hubId, hubName: _hubName, ...body } = incident;
      const row: DistrictIncidentEntity = {
        districtId,
        id: incident.id,
        seq: incident.seq,
        status: incident.status,
        severity: incident.severity,
        body: JSON.stringify(body satisfies Omit<Incident, 'districtId' | 'districtName'>),
        receivedAt: Date.now(),
      };
      await repository.save(row);
      return row;
    });
  }
}
