import { Inject, Injectable } from '@nestjs/common';
import { DataSource, LessThanOrEqual } from 'typeorm';
import { BATCH_WRITER, type BatchWriter } from '../database/batch-writer';
import { FederationOutboxEntity } from '../database/entities';

const PG_TYPES: Record<string, string> = {
  seq: 'int8',
  incidentId: 'varchar',
  body: 'text',
  createdAt: 'int8',
};

/** An outbox row, in the `federationOutbox` statement's column order. */
export function federationOutboxRow(
  seq: number,
  incidentId: string,
  body: string,
  at: number,
): unknown[] {
  return [seq, incidentId, body, at];
}

/**
 * The district's federation outbox. Rows are written through the BatchWriter, inside the
 * commit of the incident change they carry (FederationOutboxCompanion); the forwarder reads
 * them in seq order and deletes them once the province acknowledged them.
 */
@Injectable()
export class FederationOutboxRepository {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(BATCH_WRITER) writer: BatchWriter,
  ) {
    writer.register({
      name: 'federationOutbox',
      table: 'federation_outbox',
      columns: ['seq', 'incidentId', 'body', 'createdAt'],
      pgTypes: PG_TYPES,
    });
  }

  private get table() {
    return this.dataSource.getRepository(FederationOutboxEntity);
  }

  /** The oldest changes not yet acknowledged, in seq order. */
  async oldest(limit: number): Promise<FederationOutboxEntity[]> {
    return this.table.find({ order: { seq: 'ASC' }, take: limit });
  }

  async count(): Promise<number> {
    return this.table.count();
  }

  /** Forwarded and acknowledged: the rows up to `seq` are done with. */
  async acknowledged(seq: number): Promise<void> {
    await this.table.delete({ seq: LessThanOrEqual(seq) });
  }

  /** Rows written outside the write path (the upgrade from the cursor), before it starts. */
  async insert(rows: FederationOutboxEntity[]): Promise<void> {
    if (rows.length > 0) await this.table.upsert(rows, ['seq']);
  }
}
