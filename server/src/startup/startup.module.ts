import { Module } from '@nestjs/common';
import { DevicesModule } from '../devices/devices.module';
import { IncidentsModule } from '../incidents/incidents.module';
import { MqttModule } from '../mqtt/mqtt.module';
import { HubStartup } from './hub.startup';

@Module({ imports: [DevicesModule, IncidentsModule, MqttModule], providers: [HubStartup] })
export class StartupModule {}
