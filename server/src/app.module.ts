import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { AuthGuard } from './auth/auth.guard';
import { AuthModule } from './auth/auth.module';
import { CapModule } from './cap/cap.module';
import { ClusterModule } from './cluster/cluster.module';
import { HttpExceptionFilter } from './common/http-exception.filter';
import { type AppConfig } from './config/app.config';
import { ConfigModule } from './config/config.module';
import { DevicesModule } from './devices/devices.module';
import { ExpiryModule } from './expiry/expiry.module';
import { FederationModule } from './federation/federation.module';
import { HealthModule } from './health/health.module';
import { IncidentsModule } from './incidents/incidents.module';
import { IngestModule } from './ingest/ingest.module';
import { LifecycleModule } from './lifecycle/lifecycle.module';
import { LiveModule } from './live/live.module';
import { MetricsModule } from './metrics/metrics.module';
import { MqttModule } from './mqtt/mqtt.module';
import { NgsiModule } from './ngsi/ngsi.module';
import { ReportsModule } from './reports/reports.module';
import { RulesModule } from './rules/rules.module';
import { SlaModule } from './sla/sla.module';
import { SituationModule } from './situation/situation.module';
import { RetentionModule } from './retention/retention.module';
import { StartupModule } from './startup/startup.module';
import { StatsModule } from './stats/stats.module';
import { TriageModule } from './triage/triage.module';
import { UnitsModule } from './units/units.module';
import { UsersModule } from './users/users.module';
import { ZonesModule } from './zones/zones.module';
import { WallModule } from './wall/wall.module';

/**
 * The composition root: the domain modules, wired from a validated AppConfig, and the
 * global guard (a token on every route but @Public ones) and error filter.
 */
@Module({})
export class AppModule {
  static forConfig(config: AppConfig): DynamicModule {
    const federation = FederationModule.forConfig(config);
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        ClusterModule,
        AuthModule,
        UsersModule,
        WallModule,
        MetricsModule,
        RulesModule,
        ZonesModule,
        IncidentsModule,
        DevicesModule,
        IngestModule,
        MqttModule,
        LiveModule,
        UnitsModule,
        LifecycleModule,
        SlaModule,
        ExpiryModule,
        StatsModule,
        TriageModule,
        ReportsModule,
        CapModule,
        NgsiModule,
        HealthModule,
        RetentionModule,
        SituationModule,
        StartupModule,
        ...(federation ? [federation] : []),
      ],
      providers: [
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_FILTER, useClass: HttpExceptionFilter },
      ],
    };
  }
}
