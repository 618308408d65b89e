import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { BATCH_WRITER, type BatchWriter } from '../database/batch-writer';
import { RejectionEntity } from '../database/entities';

/** The stored rejections (ingest_rejections); rows are written by the group commit. */
@Injectable()
export class RejectionRepository {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(BATCH_WRITER) writer: BatchWriter,
  ) {
    writer.register({
      name: 'rejections',
      table: 'ingest_rejections',
      columns: ['at', 'topic', 'reason', 'message', 'payload'],
      pgTypes: { at: 'int8', message: 'text', payload: 'text' },
    });
  }

  /** The newest `limit`, newest first. */
  latest(limit: number): Promise<RejectionEntity[]> {
    return this.dataSource
      .getRepository(RejectionEntity)
      .find({ order: { id: 'DESC' }, take: limit });
  }
}
