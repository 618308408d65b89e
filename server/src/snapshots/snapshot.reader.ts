import { Inject, Injectable } from '@nestjs/common';
import type { SnapshotContentType, SnapshotRef } from '@ioc/shared';
import { DomainError } from '../common/domain-error';
import { eventKey, toSnapshotRef } from './snapshot-ref';
import { SnapshotRepository } from './snapshot.repository';
import { SNAPSHOT_STORE, type SnapshotStore } from './snapshot.store';

/** Reads images for signed-in users, and lists them per event for the incident detail. */
@Injectable()
export class SnapshotReader {
  constructor(
    private readonly repository: SnapshotRepository,
    @Inject(SNAPSHOT_STORE) private readonly store: SnapshotStore,
  ) {}

  async read(id: string): Promise<{ contentType: SnapshotContentType; bytes: Buffer }> {
    const row = /^[0-9a-f]{32}$/.test(id) ? await this.repository.find(id) : null;
    const bytes = row ? await this.store.get(row.id) : null;
    if (!row || !bytes) throw new DomainError('NOT_FOUND', `no snapshot ${id}`);
    return { contentType: row.contentType, bytes };
  }

  /** An incident's images by event (eventKey), oldest first. */
  async ofIncident(incidentId: string): Promise<Map<string, SnapshotRef[]>> {
    const byEvent = new Map<string, SnapshotRef[]>();
    for (const row of await this.repository.ofIncident(incidentId)) {
      const key = eventKey(row.deviceId, row.eventId);
      const list = byEvent.get(key) ?? [];
      list.push(toSnapshotRef(row));
      byEvent.set(key, list);
    }
    return byEvent;
  }
}
