import { Module } from '@nestjs/common';
import { HubEventsModule } from '../common/hub-events.module';
import { DatabaseModule } from '../database/database.module';
import { DevicesModule } from '../devices/devices.module';
import { IncidentsModule } from '../incidents/incidents.module';
import { MetricsModule } from '../metrics/metrics.module';
import { RulesModule } from '../rules/rules.module';
import { SnapshotsModule } from '../snapshots/snapshots.module';
import { DeviceBasicAuth } from './device-basic-auth';
import { SnapshotIntake } from './snapshot-intake';
import { SnapshotUploadController } from './snapshot-upload.controller';
import { IngestController } from './ingest.controller';
import { IngestService } from './ingest.service';
import { RejectionRepository } from './rejection.repository';
import { RejectionsStore } from './rejections.store';
import { TelemetryRulesService } from './telemetry-rules.service';
import { TelemetryWriter } from './telemetry.writer';

/** Device messages in: validation, rejections, events to correlation, telemetry and images to storage. */
@Module({
  imports: [
    DatabaseModule,
    DevicesModule,
    HubEventsModule,
    IncidentsModule,
    MetricsModule,
    RulesModule,
    SnapshotsModule,
  ],
  controllers: [IngestController, SnapshotUploadController],
  providers: [
    IngestService,
    RejectionRepository,
    RejectionsStore,
    TelemetryWriter,
    TelemetryRulesService,
    SnapshotIntake,
    DeviceBasicAuth,
  ],
  exports: [IngestService, RejectionsStore],
})
export class IngestModule {}
