import { apiRoutes, type SnapshotRef } from '@ioc/shared';
import type { SnapshotEntity } from '../database/entities';

export function toSnapshotRef(row: SnapshotEntity): SnapshotRef {
  return {
    id: row.id,
    url: apiRoutes.snapshot(row.id),
    contentType: row.contentType,
    bytes: row.bytes,
    receivedAt: new Date(row.receivedAt).toISOString(),
  };
}

/** `deviceId` and `eventId` as one map key. */
export const eventKey = (deviceId: string, eventId: string): string =>
  `${deviceId}\u0000${eventId}`;
