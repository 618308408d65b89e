import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import type { Subscription } from 'rxjs';
import { HubEvents } from '../common/hub-events';
import { DevicesService } from '../devices/devices.service';
import { APP_CONFIG, type AppConfig } from '../config/app.config';
import { BATCH_WRITER, type BatchWriter } from '../database/batch-writer';
import { PostgresBatchWriter } from '../database/postgres-batch-writer';
import { IncidentWriteService } from '../incidents/incident-write.service';
import { ClusterBus, type PeerMessage } from './cluster-bus';
import { LeaderForwarding } from './leader-forwarding';
import { Leadership } from './leadership.service';

const ADVERTISE_EVERY_MS = 1000;

/**
 * Cluster mode (REDIS_URL set; docs/scale-out.md): joins the write path to the cluster,
 * campaigns for the lead, and when it wins, fences the writer, loads correlation state and
 * advertises this instance as the one incident changes are forwarded to. Every change
 * committed here goes to the other instances' consoles through the bus. Alone, it does
 * nothing.
 */
@Injectable()
export class ClusterService implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('cluster');
  private readonly bus: ClusterBus | null;
  readonly forwarding: LeaderForwarding | null;
  private readonly subscriptions: Subscription[] = [];
  private advertiser: ReturnType<typeof setInterval> | null = null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly leadership: Leadership,
    private readonly incidents: IncidentWriteService,
    private readonly events: HubEvents,
    private readonly devices: DevicesService,
    @Inject(BATCH_WRITER) private readonly writer: BatchWriter,
  ) {
    const cluster = config.cluster;
    this.bus = cluster ? new ClusterBus(cluster.redisUrl, cluster.keyPrefix) : null;
    this.forwarding = this.bus
      ? new LeaderForwarding(this.bus, () => this.incidents.isLeading)
      : null;
  }

  // Before HubStartup's bootstrap hook starts the write path.
  onModuleInit(): void {
    if (this.bus) this.incidents.joinCluster();
  }

  async onApplicationBootstrap(): Promise<void> {
    const bus = this.bus;
    if (!bus) return;
    await bus.open((message) => this.fromPeer(message));
    this.subscriptions.push(
      this.events.incidentChanged$.subscribe((data) => bus.publish({ kind: 'incident', data })),
      this.events.deviceChanged$.subscribe((data) => bus.publish({ kind: 'device', data })),
      this.events.unitChanged$.subscribe((data) => bus.publish({ kind: 'unit', data })),
      this.events.snapshotAdded$.subscribe((data) => bus.publish({ kind: 'snapshot', data })),
      // The row, not its digest, stays in PostgreSQL: the others read it back from there.
      this.events.deviceStored$.subscribe((id) =>
        bus.publish({ kind: 'deviceStored', id, revoked: false }),
      ),
      this.events.deviceCredentialsRevoked$.subscribe((id) =>
        bus.publish({ kind: 'deviceStored', id, revoked: true }),
      ),
      this.leadership.acquired$.subscribe((acquired) => {
        if (acquired) void this.lead();
      }),
    );
    this.logger.log(
      `cluster mode: instance ${bus.instanceId} (${this.config.cluster!.advertiseUrl}) stands by for the lead`,
    );
    this.leadership.campaign();
  }

  private fromPeer(message: PeerMessage): void {
    switch (message.kind) {
      case 'incident':
        this.incidents.observeSeq(message.data.seq);
        this.events.peerIncidentChanged$.next(message.data);
        return;
      case 'device':
        this.events.peerDeviceChanged$.next(message.data);
        return;
      case 'unit':
        this.events.peerUnitChanged$.next(message.data);
        return;
      case 'snapshot':
        this.events.peerSnapshotAdded$.next(message.data);
        return;
      case 'deviceStored':
        void this.devices.refresh(message.id).then(
          () => {
            if (message.revoked) this.events.peerDeviceRevoked$.next(message.id);
          },
          (error: unknown) =>
            this.logger.warn(`could not read device ${message.id} back: ${String(error)}`),
        );
        return;
    }
  }

  private async lead(): Promise<void> {
    const started = Date.now();
    if (this.writer instanceof PostgresBatchWriter) this.writer.setFence(this.leadership.fence);
    try {
      await this.incidents.lead();
    } catch (error) {
      // Without its state this instance cannot correlate: let another one lead.
      this.logger.error(`could not take over correlation: ${String(error)}; stopping`);
      process.exit(1);
    }
    this.leadership.confirm();
    const advertise = (): void =>
      void this.bus!.advertiseLeader(this.config.cluster!.advertiseUrl).catch((error: unknown) =>
        this.logger.warn(`could not advertise the lead: ${String(error)}`),
      );
    advertise();
    this.advertiser = setInterval(advertise, ADVERTISE_EVERY_MS);
    this.logger.log(`leading: correlation resumed in ${Date.now() - started} ms`);
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.advertiser) clearInterval(this.advertiser);
    for (const subscription of this.subscriptions) subscription.unsubscribe();
    await this.bus?.close();
  }
}
