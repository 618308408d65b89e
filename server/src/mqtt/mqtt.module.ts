import { Module } from '@nestjs/common';
import { HubEventsModule } from '../common/hub-events.module';
import { DevicesModule } from '../devices/devices.module';
import { MetricsModule } from '../metrics/metrics.module';
import { IncidentsModule } from '../incidents/incidents.module';
import { IngestModule } from '../ingest/ingest.module';
import { IncidentPublisher } from './incident.publisher';
import { MqttConnectionService } from './mqtt-connection.service';
import { MqttIngestConsumer } from './mqtt-ingest.consumer';

/** The broker connection (embedded or external): device messages in, incident changes out. */
@Module({
  imports: [HubEventsModule, IngestModule, IncidentsModule, DevicesModule, MetricsModule],
  providers: [MqttConnectionService, IncidentPublisher, MqttIngestConsumer],
  exports: [MqttConnectionService, MqttIngestConsumer],
})
export class MqttModule {}
