import { Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { DEFAULT_DEVICE_SILENCE_MS } from '@ioc/shared';
import { IncidentWriteService } from '../incidents/incident-write.service';
import { RulesService } from '../rules/rules.service';
import { DevicesService } from './devices.service';

const CHECK_EVERY_MS = 5_000;

/**
 * Device health (docs/contract.md §5): an `offline` status (a device's own or its Last Will) or
 * silence for 5 minutes on the hub's clock marks a device offline, and becomes a
 * `device.offline` event that correlation gathers by zone.
 */
@Injectable()
export class DeviceHealthService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('device-health');
  private timer: NodeJS.Timeout | null = null;
  private silenceMs = DEFAULT_DEVICE_SILENCE_MS;

  constructor(
    private readonly devices: DevicesService,
    private readonly incidents: IncidentWriteService,
    rules: RulesService,
  ) {
    rules.rules$.subscribe((r) => (this.silenceMs = r.deviceSilenceMs));
  }

  onModuleInit(): void {
    this.timer = setInterval(() => void this.checkSilence(Date.now()), CHECK_EVERY_MS);
    this.timer.unref();
  }

  async onStatus(deviceId: string, status: 'online' | 'offline', now: number): Promise<void> {
    const changed = await this.devices.setStatus(deviceId, status, now);
    if (changed && status === 'offline')
      this.raiseOffline(deviceId, now, 'reported offline (status or Last Will)');
  }

  async checkSilence(now: number): Promise<void> {
    // Cluster mode: the leader alone raises silence (docs/scale-out.md).
    if (!this.incidents.isLeading) return;
    for (const device of this.devices.silentSince(now - this.silenceMs)) {
      if (await this.devices.setStatus(device.id, 'offline', now)) {
        this.raiseOffline(device.id, now, `silent for ${Math.round(this.silenceMs / 60_000)} min`);
      }
    }
  }

  private raiseOffline(deviceId: string, now: number, why: string): void {
    const location = this.devices.locationOf(deviceId);
    if (!location) {
      this.logger.warn(
        `device ${deviceId} went offline (${why}) but has no known location: no incident`,
      );
      return;
    }
    this.incidents.submitEvent({
      deviceId,
      id: `offline-${now}`,
      ts: now,
      type: 'device.offline',
      confidence: null,
      severity: null,
      location,
      attributes: { why },
      sourceKind: 'derived',
      source: deviceId,
      zone: this.devices.zoneOf(deviceId),
      receivedAt: now,
    });
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }
}
