import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { DevicesService } from '../devices/devices.service';
import { IncidentWriteService } from '../incidents/incident-write.service';
import { MqttIngestConsumer } from '../mqtt/mqtt-ingest.consumer';

/**
 * The start-up order: devices, then incidents (correlation state and the duplicate
 * filter), then MQTT. State is loaded from the database before the first message is
 * taken, so a restart neither duplicates nor forgets incidents.
 */
@Injectable()
export class HubStartup implements OnApplicationBootstrap {
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
}
