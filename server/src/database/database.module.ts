import {
  Inject,
  Module,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/app.config';
import { BATCH_WRITER, type BatchWriter } from './batch-writer';
import { realTimeProviders } from '../common/scheduler';
import { DatabaseHealthProbe } from './database-health.probe';
import { GroupCommit } from './group-commit';
import { openDataSource } from './data-source.factory';
import { PostgresBatchWriter } from './postgres-batch-writer';
import { SqliteBatchWriter } from './sqlite-batch-writer';

/**
 * The TypeORM DataSource, migrated, for repositories; the BatchWriter for the continuous
 * writes, its implementation chosen here once for the configured database.
 */
@Module({
  providers: [
    {
      provide: DataSource,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => openDataSource(config.database),
    },
    {
      provide: BATCH_WRITER,
      inject: [DataSource, APP_CONFIG],
      useFactory: (dataSource: DataSource, config: AppConfig): BatchWriter =>
        config.database.kind === 'postgres'
          ? new PostgresBatchWriter(dataSource)
          : new SqliteBatchWriter(
              config.database.file,
              config.database.synchronous,
              config.traceWrites,
            ),
    },
    ...realTimeProviders,
    GroupCommit,
    DatabaseHealthProbe,
  ],
  exports: [DataSource, BATCH_WRITER, GroupCommit, DatabaseHealthProbe],
})
export class DatabaseModule implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(BATCH_WRITER) private readonly batchWriter: BatchWriter,
    private readonly groupCommit: GroupCommit,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    if (config.traceWrites) groupCommit.enableTrace();
  }

  // Deeper than every module importing it, so this hook runs before theirs: the
  // repositories registered their statements when constructed, and the SQLite WAL is
  // checkpointed before the first batch.
  onApplicationBootstrap(): void {
    this.batchWriter.start();
  }

  // Runs after the shutdown hook of every module importing this one (Nest shuts modules
  // down from the root), so their last batches are written before the writer closes.
  async onApplicationShutdown(): Promise<void> {
    await this.groupCommit.drain();
    await this.batchWriter.close();
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}
