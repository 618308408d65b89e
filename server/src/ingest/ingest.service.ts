import { bearingRay } from './bearing-ray';
import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  decodeJson,
  parseDeviceTopic,
  parseSnapshotTopic,
  validateBatch,
  validateBirth,
  validateEvent,
  validateStatus,
  validateTelemetry,
  type RejectionReason,
} from '@ioc/shared';
import { APP_CONFIG, type AppConfig } from '../config/app.config';
import { DeviceHealthService } from '../devices/device-health.service';
import { DevicesService } from '../devices/devices.service';
import { GroupCommit, type Done } from '../database/group-commit';
import { IncidentWriteService, type EventSubmission } from '../incidents/incident-write.service';
import { MetricsService } from '../metrics/metrics.service';
import { RejectionsStore } from './rejections.store';
import { SnapshotIntake } from './snapshot-intake';
import { TelemetryRulesService } from './telemetry-rules.service';
import { TelemetryWriter } from './telemetry.writer';

/**
 * Turns one MQTT message on a device topic into registry updates, stored events (then
 * correlated) or stored telemetry. Anything invalid is rejected with a reason, counted,
 * stored and listed; one bad element of an array rejects that element only. `done` runs
 * exactly once, after the commit that holds everything the message carried (its events,
 * readings or rejections): that is when the transport may acknowledge it. Nothing here
 * throws at the broker.
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
    private readonly group: GroupCommit,
    private readonly snapshots: SnapshotIntake,
  ) {}

  /** The MessageHandler of mqtt/deliver.ts: `done` is the transport's PUBACK, after the commit. */
  handle(topic: string, payload: Buffer, done: Done, now = Date.now()): void {
    this.dispatch(topic, payload, done, now);
  }

  private dispatch(topic: string, payload: Buffer, done: Done, now: number): void {
    const snapshot = parseSnapshotTopic(topic, this.config.mqtt.topicRoot);
    if (snapshot)
      return this.handleSnapshot(topic, snapshot.deviceId, snapshot.eventId, payload, done, now);
    const parsed = parseDeviceTopic(topic, this.config.mqtt.topicRoot);
    if (!parsed)
      return this.reject(
        topic,
        payload,
        'bad_topic',
        'topic is outside ioc/devices/{deviceId}/{birth|status|events|telemetry|snapshots/{eventId}}',
        done,
      );
    const { deviceId, channel } = parsed;
    this.metrics.countMessage(channel);
    // Device identity: the embedded broker admits provisioned devices only; behind an
    // external broker this keeps anyone else from growing the registry (docs/security.md).
    if (!this.config.mqtt.allowAnonymous && !this.devices.isProvisioned(deviceId))
      return this.reject(
        topic,
        payload,
        'unknown_device',
        `device ${deviceId} is not provisioned (POST /api/devices)`,
        done,
      );
    switch (channel) {
      case 'status': {
        const status = validateStatus(payload);
        if (!status.ok) return this.reject(topic, payload, status.reason, status.message, done);
        return settle(this.deviceHealth.onStatus(deviceId, status.value, now), done);
      }
      case 'birth': {
        // A retained birth may be cleared with an empty payload; that is not an error.
        if (payload.length === 0) return done();
        const json = decodeJson(payload);
        if (!json.ok) return this.reject(topic, payload, json.reason, json.message, done);
        const birth = validateBirth(json.value);
        if (!birth.ok) return this.reject(topic, payload, birth.reason, birth.message, done);
        return settle(this.devices.registerBirth(deviceId, birth.value, now), done);
      }
      case 'events':
        return this.handleEvents(topic, deviceId, payload, now, done);
      case 'telemetry':
        return this.handleTelemetry(topic, deviceId, payload, now, done);
    }
  }

  /** An image of an event: acknowledged once stored, or once its refusal is recorded. */
  private handleSnapshot(
    topic: string,
    deviceId: string,
    eventId: string,
    payload: Buffer,
    done: Done,
    now: number,
  ): void {
    if (!this.config.mqtt.allowAnonymous && !this.devices.isProvisioned(deviceId))
      return this.reject(
        topic,
        Buffer.alloc(0),
        'unknown_device',
        `device ${deviceId} is not provisioned (POST /api/devices)`,
        done,
      );
    this.snapshots.accept(topic, deviceId, eventId, payload, undefined, now).then(
      () => done(),
      (error: unknown) => done(error instanceof Error ? error : new Error(String(error))),
    );
  }

  private handleEvents(
    topic: string,
    deviceId: string,
    payload: Buffer,
    now: number,
    done: Done,
  ): void {
    const json = decodeJson(payload);
    if (!json.ok) return this.reject(topic, payload, json.reason, json.message, done);
    const batch = validateBatch(json.value, (item) => validateEvent(item, now));
    if (!batch.ok) return this.reject(topic, payload, batch.reason, batch.message, done);
    // One `done` for the message: its events' commit, and its rejections' (often the same).
    const all = countdown(done);
    const accepted: EventSubmission[] = [];
    for (const [index, result] of batch.value.entries()) {
      const where = Array.isArray(json.value) ? `[${index}] ` : '';
      if (!result.ok) {
        this.reject(topic, payload, result.reason, `${where}${result.message}`, all.part());
        continue;
      }
      const event = result.value;
      const location = event.location ?? this.devices.locationOf(deviceId);
      if (!location) {
        this.reject(
          topic,
          payload,
          'unknown_device',
          `${where}device ${deviceId} has sent no birth and the event has no location`,
          all.part(),
        );
        continue;
      }
      this.devices.touch(deviceId, now, location);
      accepted.push({
        deviceId,
        id: event.id,
        ts: event.ts,
        type: event.type,
        confidence: event.confidence ?? null,
        severity: event.severity ?? null,
        location,
        attributes: event.attributes ?? null,
        ray: bearingRay(event, deviceId, location),
        sourceKind: 'device',
        source: deviceId,
        zone: this.devices.zoneOf(deviceId),
        receivedAt: now,
      });
    }
    if (accepted.length > 0)
      this.incidents.submitEvents(accepted, {
        done: all.part(),
        onRefused: (event, error, refusedDone) =>
          this.reject(
            topic,
            payload,
            'storage_refused',
            `event ${JSON.stringify(event.id)}: the database refused it: ${error.message}`,
            refusedDone,
          ),
      });
    all.close();
  }

  private handleTelemetry(
    topic: string,
    deviceId: string,
    payload: Buffer,
    now: number,
    done: Done,
  ): void {
    const json = decodeJson(payload);
    if (!json.ok) return this.reject(topic, payload, json.reason, json.message, done);
    const batch = validateBatch(json.value, (item) => validateTelemetry(item, now));
    if (!batch.ok) return this.reject(topic, payload, batch.reason, batch.message, done);
    const all = countdown(done);
    const readings: { deviceId: string; ts: number; values: Record<string, number | undefined> }[] =
      [];
    for (const result of batch.value) {
      if (!result.ok) {
        this.reject(topic, payload, result.reason, result.message, all.part());
        continue;
      }
      this.devices.touch(deviceId, now);
      readings.push({ deviceId, ts: result.value.ts, values: result.value.readings });
      this.telemetryRules.observe(deviceId, result.value.ts, result.value.readings, now);
      this.metrics.telemetryAccepted.inc();
    }
    if (readings.length > 0)
      this.telemetry.add(readings, all.part(), (error, refusedDone) =>
        this.reject(
          topic,
          payload,
          'storage_refused',
          `the database refused these readings: ${error.message}`,
          refusedDone,
        ),
      );
    all.close();
  }

  private reject(
    topic: string,
    payload: Buffer,
    reason: RejectionReason,
    message: string,
    done: Done,
  ): void {
    this.metrics.reject(reason);
    this.rejections.add(topic, reason, message, payload, done);
    this.logger.debug(`rejected ${topic}: ${reason}: ${message}`);
  }
}

/** Calls `done` with a promise's outcome (births and statuses: rare, written on their own). */
function settle(work: Promise<unknown>, done: Done): void {
  work.then(
    () => done(),
    (error: unknown) => done(error instanceof Error ? error : new Error(String(error))),
  );
}

/**
 * One `done` from several parts: it runs once every part has run and close() was called,
 * with the first error any part had.
 */
function countdown(done: Done): { part(): Done; close(): void } {
  let open = 1;
  let failure: Error | undefined;
  const one: Done = (error) => {
    failure ??= error;
    if (--open === 0) done(failure);
  };
  return {
    part: () => {
      open++;
      return one;
    },
    close: () => one(),
  };
}
