import { Global, Module } from '@nestjs/common';
import { HubEventsModule } from '../common/hub-events.module';
import { DatabaseModule } from '../database/database.module';
import { DevicesModule } from '../devices/devices.module';
import { IncidentsModule } from '../incidents/incidents.module';
import { ClusterService } from './cluster.service';
import { Leadership } from './leadership.service';

/** Several instances (docs/scale-out.md); Leadership is global so timers can ask it. */
@Global()
@Module({
  imports: [DatabaseModule, DevicesModule, HubEventsModule, IncidentsModule],
  providers: [Leadership, ClusterService],
  exports: [Leadership, ClusterService],
})
export class ClusterModule {}
