import { SnapshotsModule } from '../snapshots/snapshots.module';
import { Module } from '@nestjs/common';
import { HubEventsModule } from '../common/hub-events.module';
import { realTimeProviders } from '../common/scheduler';
import { DatabaseModule } from '../database/database.module';
import { MetricsModule } from '../metrics/metrics.module';
import { RulesModule } from '../rules/rules.module';
import { ZonesModule } from '../zones/zones.module';
import { IncidentQueryService } from './incident-query.service';
import { IncidentRepository } from './incident.repository';
import { IncidentWriteService } from './incident-write.service';
import { IncidentsController } from './incidents.controller';

/** Correlation and the incident write path, and the reads of stored incidents. */
@Module({
  imports: [
    DatabaseModule,
    HubEventsModule,
    MetricsModule,
    RulesModule,
    ZonesModule,
    SnapshotsModule,
  ],
  controllers: [IncidentsController],
  providers: [...realTimeProviders, IncidentRepository, IncidentWriteService, IncidentQueryService],
  exports: [IncidentWriteService, IncidentQueryService, IncidentRepository],
})
export class IncidentsModule {}
