import { Module } from '@nestjs/common';
import { realTimeProviders } from '../common/scheduler';
import { DatabaseModule } from '../database/database.module';
import { MetricsModule } from '../metrics/metrics.module';
import { SnapshotsModule } from '../snapshots/snapshots.module';
import { RetentionRepository } from './retention.repository';
import { RetentionService } from './retention.service';

/** Deletes events (and their images), telemetry and rejections past RETENTION_DAYS (retention.policy.ts). */
@Module({
  imports: [DatabaseModule, MetricsModule, SnapshotsModule],
  providers: [...realTimeProviders, RetentionRepository, RetentionService],
})
export class RetentionModule {}
