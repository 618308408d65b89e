import { Module, type OnModuleInit } from '@nestjs/common';
import { HubEventsModule } from '../common/hub-events.module';
import { realTimeProviders } from '../common/scheduler';
import { DatabaseModule } from '../database/database.module';
import { IncidentsModule } from '../incidents/incidents.module';
import { DeviceHistoryRecorder } from './device-history.recorder';
import { HistoryRepository } from './history.repository';
import { IncidentHistoryCompanion } from './incident-history.companion';
import { SituationController } from './situation.controller';
import { SituationService } from './situation.service';

/** The situation at any moment: the history recorded as the hub pushes, and its reads. */
@Module({
  imports: [DatabaseModule, HubEventsModule, IncidentsModule],
  controllers: [SituationController],
  providers: [
    ...realTimeProviders,
    HistoryRepository,
    IncidentHistoryCompanion,
    DeviceHistoryRecorder,
    SituationService,
  ],
})
export class SituationModule implements OnModuleInit {
  constructor(private readonly history: HistoryRepository) {}

  // Before the write path starts (HubStartup, at bootstrap): an upgraded database's baseline.
  async onModuleInit(): Promise<void> {
    await this.history.seedBaseline();
  }
}
