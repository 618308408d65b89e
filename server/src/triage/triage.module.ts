import { Module } from '@nestjs/common';
import { HubEventsModule } from '../common/hub-events.module';
import { DatabaseModule } from '../database/database.module';
import { IncidentsModule } from '../incidents/incidents.module';
import { RulesModule } from '../rules/rules.module';
import { LearningService } from './learning.service';
import { TriageController } from './triage.controller';
import { TriageRepository } from './triage.repository';

/** Learning from false alarms; triage itself is correlation's and the lifecycle's. */
@Module({
  imports: [DatabaseModule, HubEventsModule, IncidentsModule, RulesModule],
  controllers: [TriageController],
  providers: [TriageRepository, LearningService],
})
export class TriageModule {}
