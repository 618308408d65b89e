import { Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import {
  DEVICE_CHANNELS,
  REJECTION_REASONS,
  SEVERITIES,
  type DeviceChannel,
  type RejectionReason,
} from '@ioc/shared';
import { RETENTION_TABLES } from '../retention/retention.policy';
import { MQTT_AUTH_FAILURE_REASONS, type MqttAuthFailureReason } from '../mqtt/mqtt-acl';

/** Prometheus metrics of docs/contract.md §7, in one registry per hub process. */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();

  readonly eventsAccepted = new Counter({
    name: 'ioc_events_accepted_total',
    help: 'Events accepted and correlated',
    registers: [this.registry],
  });
  /** Citizen-app webhook attempts: `delivered`, `failed` (to be retried), `dead` (given up). */
  readonly citizenWebhooks = new Counter({
    name: 'ioc_citizen_webhooks_total',
    help: 'Citizen-app webhook notifications by outcome: delivered, failed (retried), dead (dead-lettered)',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });
  /** Stored but opening nothing: under a device's raised confidence bar (learning). */
  readonly eventsSuppressed = new Counter({
    name: 'ioc_events_suppressed_total',
    help: 'Events stored but correlated to no incident, by reason',
    labelNames: ['reason'],
    registers: [this.registry],
  });
  readonly eventsDuplicate = new Counter({
    name: 'ioc_events_duplicate_total',
    help: 'Events dropped as repeats of a (deviceId, id) already seen',
    registers: [this.registry],
  });
  readonly eventsRejected = new Counter({
    name: 'ioc_events_rejected_total',
    help: 'Inbound MQTT messages or batch elements rejected, by reason',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });
  readonly telemetryAccepted = new Counter({
    name: 'ioc_telemetry_accepted_total',
    help: 'Telemetry reading sets accepted',
    registers: [this.registry],
  });
  readonly incidentChanges = new Counter({
    name: 'ioc_incident_changes_total',
    help: 'Incident changes persisted and published (each raises seq)',
    registers: [this.registry],
  });
  readonly mqttMessages = new Counter({
    name: 'ioc_mqtt_messages_total',
    help: 'MQTT messages received on device topics',
    labelNames: ['channel'] as const,
    registers: [this.registry],
  });
  readonly openIncidents = new Gauge({
    name: 'ioc_open_incidents',
    help: 'Incidents not yet resolved, by severity',
    labelNames: ['severity'] as const,
    registers: [this.registry],
  });
  readonly pendingWrites = new Gauge({
    name: 'ioc_ingest_pending_events',
    help: 'Accepted events waiting for the next database batch',
    registers: [this.registry],
  });
  readonly rulesReloads = new Counter({
    name: 'ioc_rules_reloads_total',
    help: 'Rules file loads, by outcome (ok, refused)',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });
  readonly mqttAuthFailures = new Counter({
    name: 'ioc_mqtt_auth_failures_total',
    help: 'Embedded broker refusals at the door: logins, publishes and subscriptions outside the ACL, oversized packets; by reason',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });
  readonly batchSeconds = new Histogram({
    name: 'ioc_db_batch_seconds',
    help: 'Time to persist one batch of events and incident changes',
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });

  readonly retentionDeleted = new Counter({
    name: 'ioc_retention_deleted_total',
    help: 'Rows deleted by retention (RETENTION_DAYS), by table: events, telemetry, rejections',
    labelNames: ['table'] as const,
    registers: [this.registry],
  });
  readonly snapshotsStored = new Counter({
    name: 'ioc_snapshots_stored_total',
    help: 'Event images stored (MQTT and HTTP; a resend of a stored one is not counted)',
    registers: [this.registry],
  });
  readonly snapshotsDeleted = new Counter({
    name: 'ioc_snapshots_deleted_total',
    help: 'Event images deleted by retention with their events',
    registers: [this.registry],
  });
  readonly retentionRuns = new Counter({
    name: 'ioc_retention_runs_total',
    help: 'Retention passes completed over every table',
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'ioc_' });
    // Every reason and severity appears from the start, so dashboards see zeros, not gaps.
    for (const reason of REJECTION_REASONS) this.eventsRejected.labels(reason).inc(0);
    for (const reason of MQTT_AUTH_FAILURE_REASONS) this.mqttAuthFailures.labels(reason).inc(0);
    for (const severity of SEVERITIES) this.openIncidents.labels(severity).set(0);
    for (const table of RETENTION_TABLES) this.retentionDeleted.labels(table).inc(0);
  }

  /** One counter child per channel, looked up once: `labels()` hashes its arguments on every call. */
  private readonly messagesByChannel = new Map(
    DEVICE_CHANNELS.map((channel) => [channel, this.mqttMessages.labels(channel)]),
  );

  countMessage(channel: DeviceChannel): void {
    this.messagesByChannel.get(channel)?.inc();
  }

  countMqttAuthFailure(reason: MqttAuthFailureReason): void {
    this.mqttAuthFailures.labels(reason).inc();
  }

  reject(reason: RejectionReason, count = 1): void {
    this.eventsRejected.labels(reason).inc(count);
  }
}
