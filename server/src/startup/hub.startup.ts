import {
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { timed } from '../common/timed';
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
  private readonly logger = new Logger('startup');

  constructor(
    private readonly devices: DevicesService,
    private readonly incidents: IncidentWriteService,
    private readonly mqttIngest: MqttIngestConsumer,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // Each step timed in the log: a restart with a large fleet is measured by them
    // (docs/benchmarks.md, "10,000 provisioned devices reconnecting").
    const steps = await timed([
      ['devices', () => this.devices.load()],
      ['incidents', () => this.incidents.start()],
      ['mqtt', () => this.mqttIngest.start()],
    ]);
    this.logger.log(`started: ${steps}`);
  }

  async beforeApplicationShutdown(): Promise<void> {
    const steps = await this.mqttIngest.stop((step) => this.logger.log(`stopping: ${step}`));
    this.logger.log(`transport stopped: ${steps}`);
  }
}
