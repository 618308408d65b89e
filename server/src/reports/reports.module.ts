import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { realTimeProviders } from '../common/scheduler';
import { DatabaseModule } from '../database/database.module';
import { IncidentsModule } from '../incidents/incidents.module';
import { MetricsModule } from '../metrics/metrics.module';
import { CitizenNotifier } from './citizen-notifier';
import { IncidentReportsController } from './incident-reports.controller';
import { ReportRepository } from './report.repository';
import { ReportsController } from './reports.controller';
import { ReportsService } from './reports.service';
import { WebhookDeliveryWorker } from './webhook-delivery.worker';
import { WebhookOutboxRepository } from './webhook-outbox.repository';
import { WebhookSender } from './webhook.sender';

/**
 * Citizen reports, correlated like device events; their tracking codes, and the webhooks
 * that tell each citizen app of every change (docs/contract.md §7).
 */
@Module({
  imports: [AuthModule, DatabaseModule, IncidentsModule, MetricsModule],
  controllers: [ReportsController, IncidentReportsController],
  providers: [
    ...realTimeProviders,
    ReportsService,
    ReportRepository,
    WebhookOutboxRepository,
    WebhookSender,
    WebhookDeliveryWorker,
    CitizenNotifier,
  ],
})
export class ReportsModule {}
