import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { IncidentsModule } from '../incidents/incidents.module';
import { ReportsController } from './reports.controller';
import { ReportsService } from './reports.service';

/** Citizen reports, correlated like device events. */
@Module({
  imports: [AuthModule, IncidentsModule],
  controllers: [ReportsController],
  providers: [ReportsService],
})
export class ReportsModule {}
