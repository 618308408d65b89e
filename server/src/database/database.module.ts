import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/app.config';
import { openDataSource } from './data-source.factory';
import { SqliteWritesService } from './sqlite-writes.service';

/** Provides the TypeORM DataSource, migrated, and the SQLite writer thread to every module. */
@Global()
@Module({
  providers: [
    {
      provide: DataSource,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => openDataSource(config.database),
    },
    SqliteWritesService,
  ],
  exports: [DataSource, SqliteWritesService],
})
export class DatabaseModule implements OnApplicationShutdown {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly sqliteWrites: SqliteWritesService,
  ) {}

  // Runs after every other module's shutdown hook (modules shut down in reverse order).
  async onApplicationShutdown(): Promise<void> {
    await this.sqliteWrites.close();
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}
