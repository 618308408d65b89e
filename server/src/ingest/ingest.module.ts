import { Module } from '@nestjs/common';
import { DatabaseModule } from '../database/database.module';
import { DevicesModule } from '../devices/devices.module';
import { IncidentsModule } from '../incidents/incidents.module';
import { MetricsModule } from '../metrics/metrics.module';
import { RulesModule } from '../rules/rules.module';
import { IngestController } from './ingest.controller';
import { IngestService } from './ingest.service';
import { RejectionRepository } from './rejection.repository';
import { RejectionsStore } from './rejections.store';
import { TelemetryRulesService } from './telemetry-rules.service';
import { TelemetryWriter } from './telemetry.writer';

/** Device messages in: validation, rejections, events to correlation, telemetry to storage. */
@Module({
  imports: [DatabaseModule, DevicesModule, IncidentsModule, MetricsModule, RulesModule],
  controllers: [IngestController],
  providers: [
    IngestService,
    RejectionRepository,
    RejectionsStore,
    TelemetryWriter,
    TelemetryRulesService,
  ],
  exports: [IngestService, RejectionsStore],
})
export class IngestModule {}
