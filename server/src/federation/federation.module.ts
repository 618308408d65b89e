import { Module, type DynamicModule, type Provider } from '@nestjs/common';
import type { AppConfig } from '../config/app.config';
import { DatabaseModule } from '../database/database.module';
import { HubEventsModule } from '../common/hub-events.module';
import { realTimeProviders } from '../common/scheduler';
import { IncidentsModule } from '../incidents/incidents.module';
import { IngestModule } from '../ingest/ingest.module';
import { MetricsModule } from '../metrics/metrics.module';
import { MqttModule } from '../mqtt/mqtt.module';
import { DistrictIntake } from './district-intake.service';
import { FederationMetrics } from './federation.metrics';
import { FederationRepository } from './federation.repository';
import { FederationOutboxCompanion } from './federation-outbox.companion';
import { FederationOutboxRepository } from './federation-outbox.repository';
import { UpstreamForwarder } from './upstream-forwarder.service';

/**
 * Federation (docs/federation.md): a district forwards its incidents to its province
 * (UPSTREAM_MQTT_URL), a province accepts the districts it knows (FEDERATION_DISTRICTS).
 * One hub may be both; with neither set the module is not loaded.
 */
@Module({})
export class FederationModule {
  static forConfig(config: AppConfig): DynamicModule | null {
    const providers: Provider[] = [];
    // No upstream, no outbox rows: the companion is only there for a district.
    if (config.federation.upstream)
      providers.push(FederationOutboxRepository, FederationOutboxCompanion, UpstreamForwarder);
    if (config.federation.districts.length > 0) providers.push(DistrictIntake);
    if (providers.length === 0) return null;
    return {
      module: FederationModule,
      imports: [
        DatabaseModule,
        HubEventsModule,
        IncidentsModule,
        IngestModule,
        MetricsModule,
        MqttModule,
      ],
      providers: [...realTimeProviders, FederationRepository, FederationMetrics, ...providers],
    };
  }
}
