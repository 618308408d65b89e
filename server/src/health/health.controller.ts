import { ApiPrefix } from '@ioc/shared';
import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../auth/auth.decorators';
import { APP_CONFIG, type AppConfig } from '../config/app.config';
import { DatabaseHealthProbe } from '../database/database-health.probe';
import { IncidentWriteService } from '../incidents/incident-write.service';
import { MqttConnectionService } from '../mqtt/mqtt-connection.service';
import { SnapshotStoreMonitor } from '../snapshots/snapshot-store.monitor';

@ApiTags('health')
@Controller()
export class HealthController {
  constructor(
    private readonly mqtt: MqttConnectionService,
    private readonly database: DatabaseHealthProbe,
    private readonly incidents: IncidentWriteService,
    private readonly snapshotStore: SnapshotStoreMonitor,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Public()
  @Get(ApiPrefix.health)
  @ApiOperation({
    summary: '200 when the hub is ready (MQTT connected, database reachable), 503 otherwise',
  })
  async health(@Res() response: Response): Promise<void> {
    const mqtt = this.mqtt.connected ? 'up' : 'down';
    // Reachable now, and the write loop is not retrying a failed commit (a refused row
    // does not count: it is rejected, and the rest written).
    const db = (await this.database.reachable()) && this.incidents.databaseHealthy ? 'up' : 'down';
    const ok = mqtt === 'up' && db === 'up';
    response.status(ok ? 200 : 503).json({
      status: ok ? 'ok' : 'unavailable',
      mqtt,
      db,
      broker: this.config.mqtt.url ? 'external' : 'embedded',
      database: this.config.database.kind,
      // Cluster mode: whether this instance correlates and writes incidents (alone: always).
      leader: this.incidents.isLeading,
      // Images only: events still flow while the bucket is away, so it does not make a 503.
      snapshotStore: this.snapshotStore.available ? 'up' : 'down',
    });
  }

  /** What the console needs before login: map settings. No secrets here. */
  @Public()
  @Get(ApiPrefix.config)
  @ApiOperation({ summary: 'Console settings (map tiles), no token needed' })
  consoleConfig(): { tileUrl: string | null; tileAttribution: string | null } {
    return { tileUrl: this.config.map.tileUrl, tileAttribution: this.config.map.tileAttribution };
  }
}
