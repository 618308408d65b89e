import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { DevicesService } from '../devices/devices.service';
import { IncidentsService } from '../incidents/incidents.service';
import { IngestService } from '../ingest/ingest.service';
import { MqttConnectionService } from './mqtt-connection.service';

/**
 * Start-up order matters: state is loaded from the database before the first MQTT
 * message is taken, so a restart neither duplicates nor forgets incidents.
 */
@Injectable()
export class MqttIngestConsumer implements OnApplicationBootstrap {
  constructor(
    private readonly mqtt: MqttConnectionService,
    private readonly ingest: IngestService,
    private readonly devices: DevicesService,
    private readonly incidents: IncidentsService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.devices.load();
    await this.incidents.start();
    this.mqtt.onMessage((topic, payload) => this.ingest.handle(topic, payload));
    await this.mqtt.start();
  }
}
