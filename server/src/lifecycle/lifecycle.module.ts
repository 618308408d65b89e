import { Module } from '@nestjs/common';
import { IncidentsModule } from '../incidents/incidents.module';
import { UnitsModule } from '../units/units.module';
import { LifecycleController } from './lifecycle.controller';
import { LifecycleService } from './lifecycle.service';

/** Dispatcher actions on incidents: transitions and notes. */
@Module({
  imports: [IncidentsModule, UnitsModule],
  controllers: [LifecycleController],
  providers: [LifecycleService],
})
export class LifecycleModule {}
