import { Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { SEVERITIES, type LiveStats } from '@ioc/shared';
import { DevicesService } from '../devices/devices.service';
import { IncidentWriteService } from '../incidents/incident-write.service';
import { MetricsService } from '../metrics/metrics.service';
import { LiveGateway } from './live.gateway';

/** Pushes `stats` to every console about once a second (docs/contract.md §8). */
@Injectable()
export class StatsBroadcaster implements OnModuleInit, OnApplicationShutdown {
  private timer: NodeJS.Timeout | null = null;
  private lastAccepted = 0;
  private lastAt = Date.now();

  constructor(
    private readonly gateway: LiveGateway,
    private readonly metrics: MetricsService,
    private readonly devices: DevicesService,
    private readonly incidents: IncidentWriteService,
  ) {}

  onModuleInit(): void {
    this.timer = setInterval(() => void this.tick(), 1000);
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    const now = Date.now();
    const accepted = (await this.metrics.eventsAccepted.get()).values[0]?.value ?? 0;
    const eventsPerSecond =
      ((accepted - this.lastAccepted) * 1000) / Math.max(1, now - this.lastAt);
    this.lastAccepted = accepted;
    this.lastAt = now;
    const openBySeverity: Record<string, number> = {};
    for (const s of SEVERITIES)
      openBySeverity[s] =
        (await this.metrics.openIncidents.get()).values.find((v) => v.labels.severity === s)
          ?.value ?? 0;
    const devices = this.devices.list();
    const stats: LiveStats = {
      at: new Date(now).toISOString(),
      openBySeverity,
      eventsPerSecond: Math.round(eventsPerSecond * 10) / 10,
      devicesOnline: devices.filter((d) => d.status === 'online').length,
      devicesOffline: devices.filter((d) => d.status === 'offline').length,
      lastSeq: this.incidents.currentSeq,
    };
    this.gateway.broadcastStats(stats);
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }
}
