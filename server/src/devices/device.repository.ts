import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { BATCH_WRITER, type BatchWriter } from '../database/batch-writer';
import { DeviceEntity } from '../database/entities';
import { GroupCommit } from '../database/group-commit';

const DEVICE_COLUMNS = [
  'id',
  'kind',
  'name',
  'names',
  'lat',
  'lon',
  'zone',
  'capabilities',
  'status',
  'registered',
  'lastSeen',
  'updatedAt',
  'secretDigest',
  'retired',
] as const;

/** The devices table: read whole at start-up, then written through as whole rows. */
@Injectable()
export class DeviceRepository {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(BATCH_WRITER) private readonly writer: BatchWriter,
    private readonly group: GroupCommit,
  ) {
    writer.register({
      name: 'devices',
      table: 'devices',
      columns: DEVICE_COLUMNS,
      pgTypes: {
        lat: 'float8',
        lon: 'float8',
        names: 'text',
        capabilities: 'text',
        registered: 'bool',
        lastSeen: 'int8',
        updatedAt: 'int8',
        retired: 'bool',
      },
      onConflict: { kind: 'update', key: 'id', keep: [] },
    });
  }

  findAll(): Promise<DeviceEntity[]> {
    return this.dataSource.getRepository(DeviceEntity).find();
  }

  findById(id: string): Promise<DeviceEntity | null> {
    return this.dataSource.getRepository(DeviceEntity).findOneBy({ id });
  }

  /**
   * Upserts whole rows: the rows in memory are the truth, so this stores what TypeORM's
   * save() would, without its per-entity SELECT and UPDATE, which would block the event
   * loop for 100–300 ms a second with a few thousand devices (docs/benchmarks.md).
   */
  async upsert(rows: readonly DeviceEntity[]): Promise<void> {
    await this.writer.write({ devices: rows.map((row) => this.columns(row)) });
  }

  /**
   * One device's row in the hub's next group commit (docs/architecture.md, "Device writes"):
   * a fleet announcing itself at once shares transactions instead of taking one each.
   * Resolves once committed. A failed commit fails it at once rather than holding it for a
   * retry: the caller (an unacknowledged device, an HTTP request) decides what comes next.
   */
  store(row: DeviceEntity): Promise<void> {
    return new Promise((resolve, reject) => {
      this.group.enqueue({
        statement: 'devices',
        rows: [this.columns(row)],
        failFast: true,
        done: (error) => (error ? reject(error) : resolve()),
      });
    });
  }

  /** A row in DEVICE_COLUMNS order. */
  private columns(row: DeviceEntity): unknown[] {
    return [
      row.id,
      row.kind,
      row.name,
      row.names ? JSON.stringify(row.names) : null,
      row.lat,
      row.lon,
      row.zone,
      JSON.stringify(row.capabilities),
      row.status,
      this.writer.bool(row.registered),
      row.lastSeen,
      row.updatedAt,
      row.secretDigest,
      this.writer.bool(row.retired),
    ];
  }
}
