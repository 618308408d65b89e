import { Inject, Injectable, Logger } from '@nestjs/common';
import type { RejectionReason, SnapshotUploadResult } from '@ioc/shared';
import { HubEvents } from '../common/hub-events';
import { APP_CONFIG, type AppConfig } from '../config/app.config';
import { MetricsService } from '../metrics/metrics.service';
import { checkImage, snapshotId, tooMany } from '../snapshots/snapshot.policy';
import { toSnapshotRef } from '../snapshots/snapshot-ref';
import { SnapshotRepository } from '../snapshots/snapshot.repository';
import { SNAPSHOT_STORE, type SnapshotStore } from '../snapshots/snapshot.store';
import { SnapshotStoreMonitor } from '../snapshots/snapshot-store.monitor';
import { RejectionsStore } from './rejections.store';

export type SnapshotOutcome =
  | { ok: true; result: SnapshotUploadResult }
  | { ok: false; reason: RejectionReason; message: string };

/**
 * One image of a device's event, from MQTT or HTTP: checked (size, magic bytes, its event
 * stored, how many it has), written durably to the store, then its row committed; only
 * then does the promise resolve, so the PUBACK or the 2xx means stored. A refusal is
 * counted and recorded like any rejected message before the promise resolves. It rejects
 * only when the image could not be stored (disk or database): no acknowledgement then.
 */
@Injectable()
export class SnapshotIntake {
  private readonly logger = new Logger('snapshots');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repository: SnapshotRepository,
    @Inject(SNAPSHOT_STORE) private readonly store: SnapshotStore,
    private readonly rejections: RejectionsStore,
    private readonly metrics: MetricsService,
    private readonly storeMonitor: SnapshotStoreMonitor,
    private readonly hubEvents: HubEvents,
  ) {}

  /** `where`: the topic or route, for the rejection record; `claimed`: an HTTP Content-Type. */
  async accept(
    where: string,
    deviceId: string,
    eventId: string,
    bytes: Buffer,
    claimed?: string,
    now = Date.now(),
  ): Promise<SnapshotOutcome> {
    const check = checkImage(bytes, this.config.snapshots.maxBytes, claimed);
    if (!check.ok) return this.refuse(where, check.reason, check.message, bytes.length);
    if (!this.storeMonitor.available)
      return this.refuse(
        where,
        'snapshot_store_unavailable',
        'the image store (SNAPSHOT_STORE=s3) does not answer: see /health; send the image again later',
        bytes.length,
      );
    const incidentId = await this.repository.incidentOfEvent(deviceId, eventId);
    if (incidentId === undefined)
      return this.refuse(
        where,
        'unknown_event',
        `device ${deviceId} has no stored event ${JSON.stringify(eventId)}: send the event first, then its image`,
        bytes.length,
      );
    const id = snapshotId(deviceId, eventId, bytes);
    const stored = await this.repository.find(id);
    if (!stored && tooMany(await this.repository.countOfEvent(deviceId, eventId)))
      return this.refuse(
        where,
        'too_many_snapshots',
        `event ${JSON.stringify(eventId)} holds the most images one event may have`,
        bytes.length,
      );
    const row = stored ?? {
      id,
      deviceId,
      eventId,
      contentType: check.contentType,
      bytes: bytes.length,
      receivedAt: now,
    };
    // The file before the row: a row always has its image; a crash in between leaves a
    // file the device's resend writes again under the same id.
    if (!stored) await this.store.put(id, bytes);
    const created = stored ? false : await this.repository.insert(row);
    this.metrics.snapshotsStored.inc(created ? 1 : 0);
    const snapshot = toSnapshotRef(row);
    // Consoles showing the incident re-read its frames. An event correlation has not linked
    // yet has no incident to tell: its incident's first push comes after, and that detail
    // lists the image.
    const linked = incidentId ?? (await this.repository.incidentOfEvent(deviceId, eventId));
    if (created && linked)
      this.hubEvents.snapshotAdded$.next({ incidentId: linked, deviceId, eventId, snapshot });
    return { ok: true, result: { snapshot, created } };
  }

  /** A body that was not read whole because it passed the limit (HTTP). */
  tooLarge(where: string, announced: number): Promise<SnapshotOutcome> {
    const { maxBytes } = this.config.snapshots;
    const size = announced > maxBytes ? `${announced} bytes` : `more than ${maxBytes} bytes`;
    return this.refuse(
      where,
      'snapshot_too_large',
      `the image has ${size}; at most ${maxBytes} (SNAPSHOT_MAX_BYTES)`,
      announced,
    );
  }

  private refuse(
    where: string,
    reason: RejectionReason,
    message: string,
    size: number,
  ): Promise<SnapshotOutcome> {
    this.metrics.reject(reason);
    this.logger.debug(`rejected ${where}: ${reason}: ${message}`);
    return new Promise((resolve) =>
      this.rejections.add(where, reason, message, `(binary, ${size} bytes)`, () =>
        resolve({ ok: false, reason, message }),
      ),
    );
  }
}
