import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Metric, TelemetryPoint, TelemetryQuery } from '@ioc/shared';
import { BATCH_WRITER, type BatchWriter } from '../database/batch-writer';
import { TelemetryEntity } from '../database/entities';

/** A stored reading's values: deviceId, ts, metric, value. */
export type TelemetryRow = [deviceId: string, ts: number, metric: string, value: number];

/** The telemetry table: one row per metric reading, written in batches (ingest/telemetry.writer.ts). */
@Injectable()
export class TelemetryRepository {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(BATCH_WRITER) private readonly writer: BatchWriter,
  ) {
    writer.register({
      name: 'telemetry',
      table: 'telemetry',
      columns: ['deviceId', 'ts', 'metric', 'value'],
      pgTypes: { ts: 'int8', value: 'float8' },
    });
  }

  async insert(rows: TelemetryRow[]): Promise<void> {
    await this.writer.write({ telemetry: rows });
  }

  /** The readings of one device in time order; the newest `limit` when more match. */
  async readings(deviceId: string, query: TelemetryQuery): Promise<TelemetryPoint[]> {
    const qb = this.dataSource
      .getRepository(TelemetryEntity)
      .createQueryBuilder('t')
      .where('t.deviceId = :deviceId', { deviceId });
    if (query.metric) qb.andWhere('t.metric = :metric', { metric: query.metric });
    if (query.from) qb.andWhere('t.ts >= :from', { from: Date.parse(query.from) });
    if (query.to) qb.andWhere('t.ts <= :to', { to: Date.parse(query.to) });
    const rows = await qb.orderBy('t.ts', 'DESC').take(query.limit).getMany();
    return rows.reverse().map((r) => ({
      ts: new Date(r.ts).toISOString(),
      metric: r.metric as Metric,
      value: r.value,
    }));
  }
}
