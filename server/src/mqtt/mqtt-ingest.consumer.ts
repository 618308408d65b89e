import { Injectable } from '@nestjs/common';
import { IncidentWriteService } from '../incidents/incident-write.service';
import { IngestService } from '../ingest/ingest.service';
import { MqttConnectionService } from './mqtt-connection.service';

/**
 * Feeds device messages from the broker to ingest; started by HubStartup once state is
 * loaded, and stopped by it first on shutdown.
 */
@Injectable()
export class MqttIngestConsumer {
  constructor(
    private readonly mqtt: MqttConnectionService,
    private readonly ingest: IngestService,
    private readonly incidents: IncidentWriteService,
  ) {}

  async start(): Promise<void> {
    this.mqtt.onMessage((topic, payload, done) => this.ingest.handle(topic, payload, done));
    await this.mqtt.start();
  }

  /**
   * The transport's part of a graceful shutdown, in order: take no more messages, let the
   * write path commit what it holds (which acknowledges it), wait until every message handed
   * over is acknowledged or refused, then close the broker or the connection to it. The
   * database closes after this (DatabaseModule shuts down last).
   */
  async stop(): Promise<void> {
    this.mqtt.stopIntake();
    await this.incidents.drain();
    await this.mqtt.whenSettled();
    await this.mqtt.close();
  }
}
