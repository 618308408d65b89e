import { Module } from '@nestjs/common';
import { DatabaseModule } from '../database/database.module';
import { IncidentsModule } from '../incidents/incidents.module';
import { RulesModule } from '../rules/rules.module';
import { SlaEscalator } from './sla.escalator';
import { SlaRepository } from './sla.repository';

/** Escalation of incidents left unacknowledged or unresolved too long. */
@Module({
  imports: [DatabaseModule, IncidentsModule, RulesModule],
  providers: [SlaRepository, SlaEscalator],
})
export class SlaModule {}
