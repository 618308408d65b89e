import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { BATCH_WRITER, type BatchWriter } from '../database/batch-writer';
import { EventEntity, SnapshotEntity } from '../database/entities';

const COLUMNS = ['id', 'deviceId', 'eventId', 'contentType', 'bytes', 'receivedAt'] as const;

/** The snapshots table: rows written once (the same image twice is one row), read per incident. */
@Injectable()
export class SnapshotRepository {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(BATCH_WRITER) private readonly writer: BatchWriter,
  ) {
    writer.register({
      name: 'snapshots',
      table: 'snapshots',
      columns: COLUMNS,
      pgTypes: { bytes: 'int4', receivedAt: 'int8' },
      onConflict: { kind: 'ignore', key: ['id'] },
    });
  }

  /** Commits the row; resolves false when a row with its id was stored already. */
  async insert(row: SnapshotEntity): Promise<boolean> {
    const result = await this.writer.write({
      snapshots: [COLUMNS.map((column) => row[column])],
    });
    return (result.skipped.snapshots ?? []).length === 0;
  }

  find(id: string): Promise<SnapshotEntity | null> {
    return this.dataSource.getRepository(SnapshotEntity).findOneBy({ id });
  }

  /** The stored event's incident (null while correlation has not linked it), or undefined: no such event. */
  async incidentOfEvent(deviceId: string, eventId: string): Promise<string | null | undefined> {
    const row = await this.dataSource
      .getRepository(EventEntity)
      .findOne({ where: { deviceId, eventId }, select: { incidentId: true } });
    return row ? row.incidentId : undefined;
  }

  countOfEvent(deviceId: string, eventId: string): Promise<number> {
    return this.dataSource.getRepository(SnapshotEntity).countBy({ deviceId, eventId });
  }

  /** The images of an incident's events, oldest first. */
  ofIncident(incidentId: string): Promise<SnapshotEntity[]> {
    return this.dataSource
      .getRepository(SnapshotEntity)
      .createQueryBuilder('s')
      .innerJoin(EventEntity, 'e', 'e.deviceId = s.deviceId AND e.eventId = s.eventId')
      .where('e.incidentId = :incidentId', { incidentId })
      .orderBy('s.receivedAt', 'ASC')
      .addOrderBy('s.id', 'ASC')
      .getMany();
  }

  /** Rows whose event is gone (retention deleted it): their images go too. */
  orphans(limit: number): Promise<SnapshotEntity[]> {
    return this.dataSource
      .getRepository(SnapshotEntity)
      .createQueryBuilder('s')
      .leftJoin(EventEntity, 'e', 'e.deviceId = s.deviceId AND e.eventId = s.eventId')
      .where('e.eventId IS NULL')
      .orderBy('s.receivedAt', 'ASC')
      .limit(limit)
      .getMany();
  }

  /** Deletes rows by id (after their images); resolves with how many. */
  delete(ids: readonly string[]): Promise<number> {
    if (ids.length === 0) return Promise.resolve(0);
    const marks = ids.map(() => '?').join(', ');
    return this.writer.prune(`DELETE FROM "snapshots" WHERE "id" IN (${marks})`, ids);
  }
}
