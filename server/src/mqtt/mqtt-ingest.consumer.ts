import { Injectable } from '@nestjs/common';
import { timed } from '../common/timed';
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
   * database closes after this (DatabaseModule shuts down last). Resolves with each step's
   * duration, for the log; `each` hears of each as it ends.
   */
  async stop(each?: (step: string) => void): Promise<string> {
    this.mqtt.stopIntake();
    return timed(
      [
        ['drain', () => this.incidents.drain()],
        ['settle', () => this.mqtt.whenSettled()],
        ['close', () => this.mqtt.close()],
      ],
      each,
    );
  }
}
