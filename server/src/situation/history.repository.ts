import { Inject, Injectable } from '@nestjs/common';
import type { Device, Incident } from '@ioc/shared';
import { DataSource } from 'typeorm';
import { BATCH_WRITER, type BatchWriter } from '../database/batch-writer';
import { DeviceHistoryEntity, IncidentHistoryEntity } from '../database/entities';

/** An incident_history row, in the `incidentHistory` statement's column order. */
export function incidentHistoryRow(incident: Incident, at: number): unknown[] {
  return [incident.seq, incident.id, at, incident.status, JSON.stringify(incident)];
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
}
