import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Metric, TelemetryPoint, TelemetryQuery } from '@ioc/shared';
import { TelemetryEntity } from '../database/entities';

/** Reads stored telemetry (written in batches by ingest/telemetry.writer.ts). */
@Injectable()
export class TelemetryRepository {
  constructor(private readonly dataSource: DataSource) {}

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
