import { Injectable } from '@nestjs/common';
import { IncidentWriteService } from '../incidents/incident-write.service';
import { IngestService } from '../ingest/ingest.service';
import type { MessageHandler } from './deliver';
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
    // SHIM (removed when the write path's callback handler and drain() land): see handle.
    private readonly incidents: IncidentWriteService,
  ) {}

  async start(): Promise<void> {
    this.mqtt.onMessage(this.handle);
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
    await this.drainWritePath();
    await this.mqtt.whenSettled();
    await this.mqtt.close();
  }

  // SHIM until IngestService.handle takes `done` (the write-path half of the same change):
  // `done` after the next batch commit that follows the message. Telemetry is not covered,
  // and a failed batch still answers success.
  private readonly handle: MessageHandler = (topic, payload, done) => {
    Promise.resolve(this.ingest.handle(topic, payload))
      .then(() => this.incidents.flush())
      .then(() => done(), done);
  };

  // SHIM until the write path's drain() lands.
  private drainWritePath(): Promise<void> {
    return this.incidents.flush();
  }
}
