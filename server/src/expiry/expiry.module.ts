import { Module } from '@nestjs/common';
import { realTimeProviders } from '../common/scheduler';
import { DatabaseModule } from '../database/database.module';
import { IncidentsModule } from '../incidents/incidents.module';
import { RulesModule } from '../rules/rules.module';
import { ExpiryRepository } from './expiry.repository';
import { ExpirySweeper } from './expiry.sweeper';

/** Noise that ends: quiet low/info incidents and cleared conditions resolve as `expired`. */
@Module({
  imports: [DatabaseModule, IncidentsModule, RulesModule],
  providers: [...realTimeProviders, ExpiryRepository, ExpirySweeper],
})
export class ExpiryModule {}
