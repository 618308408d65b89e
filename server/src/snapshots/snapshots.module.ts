import { Module } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app.config';
import { DatabaseModule } from '../database/database.module';
import { FileSnapshotStore } from './file-snapshot.store';
import { S3SnapshotStore } from './s3-snapshot.store';
import { SnapshotStoreMonitor } from './snapshot-store.monitor';
import { SnapshotReader } from './snapshot.reader';
import { SnapshotRepository } from './snapshot.repository';
import { SnapshotSweeper } from './snapshot-sweeper';
import { SNAPSHOT_STORE } from './snapshot.store';
import { SnapshotsController } from './snapshots.controller';

/** Event images (issue 19): their store, their rows, reading them and sweeping them. */
@Module({
  imports: [DatabaseModule],
  providers: [
    {
      provide: SNAPSHOT_STORE,
      inject: [APP_CONFIG],
      useFactory: ({ snapshots }: AppConfig) =>
        snapshots.s3 ? new S3SnapshotStore(snapshots.s3) : new FileSnapshotStore(snapshots.dir),
    },
    SnapshotStoreMonitor,
    SnapshotRepository,
    SnapshotReader,
    SnapshotSweeper,
  ],
  controllers: [SnapshotsController],
  exports: [
    SNAPSHOT_STORE,
    SnapshotStoreMonitor,
    SnapshotRepository,
    SnapshotReader,
    SnapshotSweeper,
  ],
})
export class SnapshotsModule {}
