import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { HubEventsModule } from '../common/hub-events.module';
import { DevicesModule } from '../devices/devices.module';
import { IncidentsModule } from '../incidents/incidents.module';
import { MetricsModule } from '../metrics/metrics.module';
import { LiveGateway } from './live.gateway';
import { StatsBroadcaster } from './stats.broadcaster';

/** The consoles' socket.io namespace: live changes, resync and stats. */
@Module({
  imports: [AuthModule, HubEventsModule, DevicesModule, IncidentsModule, MetricsModule],
  providers: [LiveGateway, StatsBroadcaster],
})
export class LiveModule {}
