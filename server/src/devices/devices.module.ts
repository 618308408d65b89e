import { Module } from '@nestjs/common';
import { HubEventsModule } from '../common/hub-events.module';
import { DatabaseModule } from '../database/database.module';
import { IncidentsModule } from '../incidents/incidents.module';
import { RulesModule } from '../rules/rules.module';
import { DeviceHealthService } from './device-health.service';
import { DeviceIdentityService } from './device-identity.service';
import { DeviceRepository } from './device.repository';
import { DevicesController } from './devices.controller';
import { DevicesService } from './devices.service';
import { TelemetryRepository } from './telemetry.repository';

/** The device registry, device health (offline incidents) and stored telemetry. */
@Module({
  imports: [DatabaseModule, HubEventsModule, IncidentsModule, RulesModule],
  controllers: [DevicesController],
  providers: [
    DeviceRepository,
    DevicesService,
    DeviceHealthService,
    DeviceIdentityService,
    TelemetryRepository,
  ],
  exports: [DevicesService, DeviceHealthService, TelemetryRepository],
})
export class DevicesModule {}
