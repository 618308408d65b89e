import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import {
  checkStructure,
  decodeJson,
  FederatedIncidentSchema,
  parseFederationTopic,
  type FederatedIncident,
  type RejectionReason,
} from '@ioc/shared';
import { HubEvents } from '../common/hub-events';
import { APP_CONFIG, type AppConfig } from '../config/app.config';
import { IncidentQueryService } from '../incidents/incident-query.service';
import { RejectionsStore } from '../ingest/rejections.store';
import { MetricsService } from '../metrics/metrics.service';
import { MqttConnectionService } from '../mqtt/mqtt-connection.service';
import { refusalOf } from './federation-rules';
import { FederationMetrics } from './federation.metrics';
import { FederationRepository } from './federation.repository';

/**
 * Province side of federation (docs/federation.md): district incidents arrive on
 * `{root}/federation/{hubId}/incidents/{id}`. A message from a district the province does
 * not know, or speaking for another district, is refused as `unknown_district` (counted
 * and listed like a device rejection). An accepted state is stored apart from the
 * province's own incidents, only if newer than the stored one, before its PUBACK; then
 * it is announced to consoles. Messages are applied one at a time, in arrival order.
 */
@Injectable()
export class DistrictIntake implements OnModuleInit {
  private readonly logger = new Logger('federation');
  private readonly known: ReadonlySet<string>;
  private queue: Promise<void> = Promise.resolve();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly mqtt: MqttConnectionService,
    private readonly repository: FederationRepository,
    private readonly query: IncidentQueryService,
    private readonly hubEvents: HubEvents,
    private readonly rejections: RejectionsStore,
    private readonly hubMetrics: MetricsService,
    private readonly metrics: FederationMetrics,
  ) {
    this.known = new Set(config.federation.districts.map((d) => d.id));
  }

  onModuleInit(): void {
    this.mqtt.onFederationMessage((topic, payload, done) => {
      this.queue = this.queue.then(() =>
        this.handle(topic, payload).then(
          () => done(),
          (error: unknown) => {
            this.logger.warn(`district incident not stored: ${String(error)}`);
            done(error instanceof Error ? error : new Error(String(error)));
          },
        ),
      );
    });
  }

  private async handle(topic: string, payload: Buffer): Promise<void> {
    const parsedTopic = parseFederationTopic(topic, this.config.mqtt.topicRoot);
    if (!parsedTopic) return this.refuse(topic, 'bad_topic', 'not a federation topic', payload);
    const decoded = decodeJson(payload);
    const checked = decoded.ok ? checkStructure(decoded.value) : decoded;
    if (!checked.ok) return this.refuse(topic, checked.reason, checked.message, payload);
    const parsed = FederatedIncidentSchema.safeParse(checked.value);
    if (!parsed.success)
      return this.refuse(topic, 'invalid_field', 'not a federated incident', payload);
    const incident: FederatedIncident = parsed.data;
    const refusal = refusalOf(parsedTopic.hubId, incident.hubId, this.known);
    if (refusal)
      return this.refuse(
        topic,
        refusal,
        `district ${incident.hubId} is not accepted here`,
        payload,
      );
    if (incident.id !== parsedTopic.incidentId)
      return this.refuse(topic, 'invalid_field', 'id differs from the topic', payload);
    const stored = await this.repository.applyDistrictIncident(parsedTopic.hubId, incident);
    if (!stored) {
      this.metrics.stale.labels(parsedTopic.hubId).inc();
      return;
    }
    this.metrics.applied.labels(parsedTopic.hubId).inc();
    this.hubEvents.districtIncidentChanged$.next(this.query.districtIncident(stored));
  }

  private refuse(
    topic: string,
    reason: RejectionReason,
    message: string,
    payload: Buffer,
  ): Promise<void> {
    this.hubMetrics.reject(reason);
    return new Promise((resolve, reject) =>
      this.rejections.add(topic, reason, message, payload, (error?: Error) =>
        error ? reject(error) : resolve(),
      ),
    );
  }
}
