import { Module } from '@nestjs/common';
import { CapController } from '../cap/cap.controller';
import { LifecycleController } from '../lifecycle/lifecycle.controller';
import { LifecycleService } from '../lifecycle/lifecycle.service';
import { ReportsController } from '../reports/reports.controller';
import { ReportsService } from '../reports/reports.service';
import { SlaEscalator } from '../sla/sla.escalator';
import { SlaRepository } from '../sla/sla.repository';
import { StatsController } from '../stats/stats.controller';
import { StatsRepository } from '../stats/stats.repository';
import { StatsService } from '../stats/stats.service';
import { UnitRepository } from '../units/unit.repository';
import { UnitsController } from '../units/units.controller';
import { UnitsService } from '../units/units.service';
import { UsersController } from '../users/users.controller';

/**
 * The dispatcher workflow: lifecycle transitions and notes, response units,
 * account management, SLA escalation, stats, citizen reports and CAP.
 *
 * It builds on the core services of AppModule (IncidentsService, HubEvents, RulesService,
 * TokenService, UsersService): AppModule.forConfig is a global module exporting them, so
 * this module injects the very same instances without importing AppModule back. The
 * global guard and error filter (APP_GUARD, APP_FILTER) apply to these controllers too.
 */
@Module({
  controllers: [
    LifecycleController,
    UnitsController,
    UsersController,
    StatsController,
    ReportsController,
    CapController,
  ],
  providers: [
    LifecycleService,
    UnitRepository,
    UnitsService,
    SlaRepository,
    SlaEscalator,
    StatsRepository,
    StatsService,
    ReportsService,
  ],
  exports: [UnitsService],
})
export class DispatchModule {}
