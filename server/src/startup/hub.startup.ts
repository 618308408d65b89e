import {
  Injectable,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { DevicesService } from '../devices/devices.service';
import { IncidentWriteService } from '../incidents/incident-write.service';
import { MqttIngestConsumer } from '../mqtt/mqtt-ingest.consumer';

/**
 * The start-up order: devices, then incidents (correlation state and the duplicate
 * filter), then MQTT. State is loaded from the database before the first message is
 * taken, so a restart neither duplicates nor forgets incidents.
 *
 * The shutdown order is the reverse, and starts before any other module's shutdown hook
 * (beforeApplicationShutdown runs ahead of every onApplicationShutdown): MQTT stops taking
 * messages, what is in hand is committed and acknowledged, the broker closes; only then
 * do the other modules stop and the database close (main.ts bounds the whole in time).
 */
@Injectable()
export class HubStartup implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(
    private readonly devices: DevicesService,
    private readonly incidents: IncidentWriteService,
    private readonly mqttIngest: MqttIngestConsumer,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.devices.load();
    await this.incidents.start();
    await this.mqttIngest.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.mqttIngest.stop();
  }
}
