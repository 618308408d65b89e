import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { IncidentsModule } from '../incidents/incidents.module';
import { ZonesModule } from '../zones/zones.module';
import { CapFeedController } from './cap-feed.controller';
import { CapController } from './cap.controller';

/** Incidents as CAP 1.2 alerts, and the Atom feed that indexes them (docs/contract.md §7). */
@Module({
  imports: [IncidentsModule, AuthModule, ZonesModule],
  controllers: [CapController, CapFeedController],
})
export class CapModule {}
