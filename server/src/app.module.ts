import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { AuthController } from './auth/auth.controller';
import { AuthGuard } from './auth/auth.guard';
import { TokenService } from './auth/token.service';
import { UsersService } from './auth/users.service';
import { HttpExceptionFilter } from './common/http-exception.filter';
import { HubEvents } from './common/hub-events';
import { APP_CONFIG, type AppConfig } from './config/app.config';
import { DatabaseModule } from './database/database.module';
import { DevicesController } from './devices/devices.controller';
import { DispatchModule } from './dispatch/dispatch.module';
import { DeviceHealthService } from './devices/device-health.service';
import { DevicesService } from './devices/devices.service';
import { TelemetryRepository } from './devices/telemetry.repository';
import { HealthController } from './health/health.controller';
import { IncidentRepository } from './incidents/incident.repository';
import { IncidentsController } from './incidents/incidents.controller';
import { IncidentsService } from './incidents/incidents.service';
import { IngestController } from './ingest/ingest.controller';
import { IngestService } from './ingest/ingest.service';
import { RejectionsStore } from './ingest/rejections.store';
import { TelemetryRulesService } from './ingest/telemetry-rules.service';
import { TelemetryWriter } from './ingest/telemetry.writer';
import { LiveGateway } from './live/live.gateway';
import { StatsBroadcaster } from './live/stats.broadcaster';
import { RulesController } from './rules/rules.controller';
import { RulesService } from './rules/rules.service';
import { MetricsController } from './metrics/metrics.controller';
import { MetricsService } from './metrics/metrics.service';
import { IncidentPublisher } from './mqtt/incident.publisher';
import { MqttConnectionService } from './mqtt/mqtt-connection.service';
import { MqttIngestConsumer } from './mqtt/mqtt-ingest.consumer';

/** The composition root: one module, wired from a validated AppConfig. */
@Module({})
export class AppModule {
  static forConfig(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      // Global, exporting the core services, so feature modules (DispatchModule) share these instances.
      global: true,
      exports: [
        HubEvents,
        MetricsService,
        RulesService,
        TokenService,
        UsersService,
        IncidentsService,
      ],
      imports: [
        {
          module: ConfigHolder,
          providers: [{ provide: APP_CONFIG, useValue: config }],
          exports: [APP_CONFIG],
          global: true,
        },
        DatabaseModule,
        DispatchModule,
      ],
      controllers: [
        AuthController,
        IncidentsController,
        DevicesController,
        IngestController,
        HealthController,
        MetricsController,
        RulesController,
      ],
      providers: [
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_FILTER, useClass: HttpExceptionFilter },
        HubEvents,
        MetricsService,
        RulesService,
        TokenService,
        UsersService,
        DevicesService,
        TelemetryRepository,
        IncidentRepository,
        IncidentsService,
        RejectionsStore,
        TelemetryWriter,
        TelemetryRulesService,
        DeviceHealthService,
        IngestService,
        MqttConnectionService,
        IncidentPublisher,
        MqttIngestConsumer,
        LiveGateway,
        StatsBroadcaster,
      ],
    };
  }
}

@Module({})
class ConfigHolder {}
