import { Module } from '@nestjs/common';
import { HubEventsModule } from '../common/hub-events.module';
import { DatabaseModule } from '../database/database.module';
import { UnitRepository } from './unit.repository';
import { UnitsController } from './units.controller';
import { UnitsService } from './units.service';

/** Response units and their reservations. */
@Module({
  imports: [DatabaseModule, HubEventsModule],
  controllers: [UnitsController],
  providers: [UnitRepository, UnitsService],
  exports: [UnitsService],
})
export class UnitsModule {}
