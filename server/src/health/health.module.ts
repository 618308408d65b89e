import { Module } from '@nestjs/common';
import { DatabaseModule } from '../database/database.module';
import { IncidentsModule } from '../incidents/incidents.module';
import { MqttModule } from '../mqtt/mqtt.module';
import { SnapshotsModule } from '../snapshots/snapshots.module';
import { HealthController } from './health.controller';

/** Readiness (/health) and the console's public settings. */
@Module({
  imports: [DatabaseModule, IncidentsModule, MqttModule, SnapshotsModule],
  controllers: [HealthController],
})
export class HealthModule {}
