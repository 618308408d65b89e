import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  decodeJson,
  parseDeviceTopic,
  validateBatch,
  validateBirth,
  validateEvent,
  validateStatus,
  validateTelemetry,
  type RejectionReason,
  type ValidEvent,
} from '@ioc/shared';
import { APP_CONFIG, type AppConfig } from '../config/app.config';
import { DeviceHealthService } from '../devices/device-health.service';
import { DevicesService } from '../devices/devices.service';
import { IncidentWriteService } from '../incidents/incident-write.service';
import { MetricsService } from '../metrics/metrics.service';
import { RejectionsStore } from './rejections.store';
import { TelemetryRulesService } from './telemetry-rules.service';
import { TelemetryWriter } from './telemetry.writer';

/**
 * Turns one MQTT message on a device topic into registry updates, correlated events or
 * stored telemetry. Anything invalid is rejected with a reason, counted and listed; one
 * bad element of an array rejects that element only. Nothing here throws at the broker.
 */
@Injectable()
export class IngestService {
  private readonly logger = new Logger('ingest');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly devices: DevicesService,
    private readonly deviceHealth: DeviceHealthService,
    private readonly telemetryRules: TelemetryRulesService,
    private readonly incidents: IncidentWriteService,
    private readonly telemetry: TelemetryWriter,
    private readonly metrics: MetricsService,
    private readonly rejections: RejectionsStore,
  ) {}

  /**
   * Returns a promise only while the write backlog is full: the message's PUBACK then
   * waits for the database. Otherwise it finishes synchronously (no promise per message).
   */
  handle(topic: string, payload: Buffer, now = Date.now()): Promise<void> | void {
    const parsed = parseDeviceTopic(topic, this.config.mqtt.topicRoot);
    if (!parsed)
      return this.reject(
        topic,
        payload,
        'bad_topic',
        'topic is outside ioc/devices/{deviceId}/{birth|status|events|telemetry}',
      );
    const { deviceId, channel } = parsed;
    this.metrics.countMessage(channel);
    switch (channel) {
      case 'status': {
        const status = validateStatus(payload);
        if (!status.ok) return this.reject(topic, payload, status.reason, status.message);
        return this.deviceHealth.onStatus(deviceId, status.value, now);
      }
      case 'birth': {
        // A retained birth may be cleared with an empty payload; that is not an error.
        if (payload.length === 0) return;
        const json = decodeJson(payload);
        if (!json.ok) return this.reject(topic, payload, json.reason, json.message);
        const birth = validateBirth(json.value);
        if (!birth.ok) return this.reject(topic, payload, birth.reason, birth.message);
        return this.devices.registerBirth(deviceId, birth.value, now);
      }
      case 'events':
        return this.handleEvents(topic, deviceId, payload, now);
      case 'telemetry':
        return this.handleTelemetry(topic, deviceId, payload, now);
    }
  }

  private handleEvents(
    topic: string,
    deviceId: string,
    payload: Buffer,
    now: number,
  ): Promise<void> | void {
    const json = decodeJson(payload);
    if (!json.ok) return this.reject(topic, payload, json.reason, json.message);
    const batch = validateBatch(json.value, (item) => validateEvent(item, now));
    if (!batch.ok) return this.reject(topic, payload, batch.reason, batch.message);
    for (const [index, result] of batch.value.entries()) {
      if (!result.ok) {
        this.reject(
          topic,
          payload,
          result.reason,
          Array.isArray(json.value) ? `[${index}] ${result.message}` : result.message,
        );
        continue;
      }
      this.acceptEvent(topic, deviceId, result.value, payload, now);
    }
    return this.incidents.capacity();
  }

  private acceptEvent(
    topic: string,
    deviceId: string,
    event: ValidEvent,
    payload: Buffer,
    now: number,
  ): void {
    const location = event.location ?? this.devices.locationOf(deviceId);
    if (!location) {
      this.reject(
        topic,
        payload,
        'unknown_device',
        `device ${deviceId} has sent no birth and the event has no location`,
      );
      return;
    }
    this.devices.touch(deviceId, now, location);
    this.incidents.submitEvent({
      deviceId,
      id: event.id,
      ts: event.ts,
      type: event.type,
      confidence: event.confidence ?? null,
      severity: event.severity ?? null,
      location,
      attributes: event.attributes ?? null,
      sourceKind: 'device',
      source: deviceId,
      zone: this.devices.zoneOf(deviceId),
      receivedAt: now,
    });
  }

  private handleTelemetry(topic: string, deviceId: string, payload: Buffer, now: number): void {
    const json = decodeJson(payload);
    if (!json.ok) return this.reject(topic, payload, json.reason, json.message);
    const batch = validateBatch(json.value, (item) => validateTelemetry(item, now));
    if (!batch.ok) return this.reject(topic, payload, batch.reason, batch.message);
    for (const result of batch.value) {
      if (!result.ok) {
        this.reject(topic, payload, result.reason, result.message);
        continue;
      }
      this.devices.touch(deviceId, now);
      this.telemetry.add(deviceId, result.value.ts, result.value.readings);
      this.telemetryRules.observe(deviceId, result.value.ts, result.value.readings, now);
      this.metrics.telemetryAccepted.inc();
    }
  }

  private reject(topic: string, payload: Buffer, reason: RejectionReason, message: string): void {
    this.metrics.reject(reason);
    this.rejections.add(topic, reason, message, payload);
    this.logger.debug(`rejected ${topic}: ${reason}: ${message}`);
  }
}
