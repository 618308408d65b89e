import { DataSource, MoreThan } from 'typeorm';
import { toIncident } from '../correlation/incident-state';
import {
  DeviceEntity,
  DeviceHistoryEntity,
  IncidentEntity,
  IncidentHistoryEntity,
} from '../database/entities';
import { toDevice } from '../devices/devices.service';
import { entityToState } from '../incidents/incident.mapper';

const PAGE = 500;

/**
 * A database written before the replay (migration 1733900000000) has no history: each
 * incident and device gets one row from its current state, at the time of its last change
 * (it held since then). Runs once, before the write path starts, when a table is empty.
 * Moments before those rows show what had not changed since; earlier states are unknown.
 */
export async function seedHistoryBaseline(dataSource: DataSource): Promise<void> {
  const incidentHistory = dataSource.getRepository(IncidentHistoryEntity);
  if (!(await incidentHistory.exists())) {
    let after = -1;
    for (;;) {
      const rows = await dataSource
        .getRepository(IncidentEntity)
        .find({ where: { seq: MoreThan(after) }, order: { seq: 'ASC' }, take: PAGE });
      const last = rows[rows.length - 1];
      if (!last) break;
      await incidentHistory.insert(
        rows.map((row) => {
          const incident = toIncident(entityToState(row));
          return {
            seq: row.seq,
            incidentId: row.id,
            at: row.updatedAt,
            status: row.status,
            body: JSON.stringify(incident),
          };
        }),
      );
      after = last.seq;
    }
  }
  const deviceHistory = dataSource.getRepository(DeviceHistoryEntity);
  if (!(await deviceHistory.exists())) {
    let after = '';
    for (;;) {
      const rows = await dataSource
        .getRepository(DeviceEntity)
        .find({ where: { id: MoreThan(after) }, order: { id: 'ASC' }, take: PAGE });
      const last = rows[rows.length - 1];
      if (!last) break;
      const listed = rows.filter((row) => !row.retired);
      if (listed.length > 0)
        await deviceHistory.insert(
          listed.map((row) => ({
            deviceId: row.id,
            at: row.updatedAt,
            status: row.status,
            body: JSON.stringify(toDevice(row)),
          })),
        );
      after = last.id;
    }
  }
}
