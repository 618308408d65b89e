import { Inject, Injectable } from '@nestjs/common';
import type { Device, Incident } from '@ioc/shared';
import { DataSource, MoreThan } from 'typeorm';
import { toIncident } from '../correlation/incident-state';
import { BATCH_WRITER, type BatchWriter } from '../database/batch-writer';
import {
  DeviceEntity,
  DeviceHistoryEntity,
  IncidentEntity,
  IncidentHistoryEntity,
} from '../database/entities';
import { toDevice } from '../devices/devices.service';
import { incidentJson } from '../incidents/incident-json';
import { entityToState } from '../incidents/incident.mapper';

/** Rows read per page by the baseline of an upgraded database. */
const BASELINE_PAGE = 500;

/** An incident_history row, in the `incidentHistory` statement's column order. */
export function incidentHistoryRow(incident: Incident, at: number): unknown[] {
  return [incident.seq, incident.id, at, incident.status, incidentJson(incident)];
}

/** A device_history row, in the `deviceHistory` statement's column order. */
export function deviceHistoryRow(device: Device, at: number): unknown[] {
  return [device.id, at, device.status, JSON.stringify(device)];
}

/**
 * The replay's history tables. Rows are written through the BatchWriter: an incident's
 * inside the commit of its change (IncidentHistoryCompanion), a device's right after it
 * changed (DeviceHistoryRecorder). Reads go to the main connection.
 */
@Injectable()
export class HistoryRepository {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(BATCH_WRITER) private readonly writer: BatchWriter,
  ) {
    writer.register({
      name: 'incidentHistory',
      table: 'incident_history',
      columns: ['seq', 'incidentId', 'at', 'status', 'body'],
      // A change whose commit failed is taken again with a new seq: never a conflict.
      pgTypes: { seq: 'int8', at: 'int8', body: 'text' },
    });
    writer.register({
      name: 'deviceHistory',
      table: 'device_history',
      columns: ['deviceId', 'at', 'status', 'body'],
      pgTypes: { at: 'int8', body: 'text' },
    });
  }

  writeDevices(rows: unknown[][]): Promise<unknown> {
    return this.writer.write({ deviceHistory: rows });
  }

  /** Each incident's latest row at or before `at`. */
  incidentsAt(at: number): Promise<IncidentHistoryEntity[]> {
    return this.dataSource
      .getRepository(IncidentHistoryEntity)
      .createQueryBuilder('h')
      .where(
        'h.seq IN ' +
          '(SELECT MAX(l."seq") FROM "incident_history" l WHERE l."at" <= :at GROUP BY l."incidentId")',
        { at },
      )
      .orderBy('h.seq', 'ASC')
      .getMany();
  }

  /** Each device's latest row at or before `at`. */
  devicesAt(at: number): Promise<DeviceHistoryEntity[]> {
    return this.dataSource
      .getRepository(DeviceHistoryEntity)
      .createQueryBuilder('h')
      .where(
        'h.id IN ' +
          '(SELECT MAX(l."id") FROM "device_history" l WHERE l."at" <= :at GROUP BY l."deviceId")',
        { at },
      )
      .orderBy('h.id', 'ASC')
      .getMany();
  }

  /** Incident rows with from < at ≤ to, oldest first, at most `limit`. */
  incidentsBetween(from: number, to: number, limit: number): Promise<IncidentHistoryEntity[]> {
    return this.dataSource
      .getRepository(IncidentHistoryEntity)
      .createQueryBuilder('h')
      .where('h.at > :from AND h.at <= :to', { from, to })
      .orderBy('h.at', 'ASC')
      .addOrderBy('h.seq', 'ASC')
      .limit(limit)
      .getMany();
  }

  /** Device rows with from < at ≤ to, oldest first, at most `limit`. */
  devicesBetween(from: number, to: number, limit: number): Promise<DeviceHistoryEntity[]> {
    return this.dataSource
      .getRepository(DeviceHistoryEntity)
      .createQueryBuilder('h')
      .where('h.at > :from AND h.at <= :to', { from, to })
      .orderBy('h.at', 'ASC')
      .addOrderBy('h.id', 'ASC')
      .limit(limit)
      .getMany();
  }

  /** The time of the oldest recorded change, or null. */
  async oldest(): Promise<number | null> {
    const [incident, device] = await Promise.all([
      this.dataSource.getRepository(IncidentHistoryEntity).minimum('at'),
      this.dataSource.getRepository(DeviceHistoryEntity).minimum('at'),
    ]);
    const known = [incident, device].filter((v): v is number => v !== null).map(Number);
    return known.length > 0 ? Math.min(...known) : null;
  }

  /**
   * A database written before the replay (migration 1733900000000) has no history: each
   * incident and device gets one row from its current state, at the time of its last change
   * (it held since then). Runs once, before the write path starts, when a table is empty.
   * Moments before those rows show what had not changed since; earlier states are unknown.
   */
  async seedBaseline(): Promise<void> {
    const incidentHistory = this.dataSource.getRepository(IncidentHistoryEntity);
    if (!(await incidentHistory.exists())) {
      let after = -1;
      for (;;) {
        const rows = await this.dataSource
          .getRepository(IncidentEntity)
          .find({ where: { seq: MoreThan(after) }, order: { seq: 'ASC' }, take: BASELINE_PAGE });
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
    const deviceHistory = this.dataSource.getRepository(DeviceHistoryEntity);
    if (!(await deviceHistory.exists())) {
      let after = '';
      for (;;) {
        const rows = await this.dataSource
          .getRepository(DeviceEntity)
          .find({ where: { id: MoreThan(after) }, order: { id: 'ASC' }, take: BASELINE_PAGE });
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
}
