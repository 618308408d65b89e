import { Injectable } from '@nestjs/common';
import { IngestService } from '../ingest/ingest.service';
import { MqttConnectionService } from './mqtt-connection.service';

/** Feeds device messages from the broker to ingest; started by HubStartup once state is loaded. */
@Injectable()
export class MqttIngestConsumer {
  constructor(
    private readonly mqtt: MqttConnectionService,
    private readonly ingest: IngestService,
  ) {}

  async start(): Promise<void> {
    this.mqtt.onMessage((topic, payload) => this.ingest.handle(topic, payload));
    await this.mqtt.start();
  }
}
