import { Leadership } from '../cluster/leadership.service';
import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
  Optional,
} from '@nestjs/common';
import mqtt, { type MqttClient } from 'mqtt';
import type { Subscription } from 'rxjs';
import { topics, type FederatedIncident, type Incident } from '@ioc/shared';
import { HubEvents } from '../common/hub-events';
import { APP_CONFIG, type AppConfig, type FederationConfig } from '../config/app.config';
import { FederationMetrics } from './federation.metrics';
import { FederationOutboxRepository } from './federation-outbox.repository';

/** Outbox rows read and published per round; they are deleted after each round. */
const BATCH = 200;
const RECONNECT_MIN_MS = 500;
const RECONNECT_MAX_MS = 30_000;

type Upstream = NonNullable<FederationConfig['upstream']>;

/**
 * District side of federation (docs/federation.md). Every incident change at or above
 * FEDERATION_MIN_SEVERITY is in `federation_outbox`, written in the change's own
 * transaction (FederationOutboxCompanion) with its hub-wide `seq`. Each round reads the
 * oldest rows, publishes them in seq order with QoS 1 on one connection, and deletes them
 * only once every PUBACK is in. A cut link or a restart therefore loses nothing: what was
 * not acknowledged is read again and replayed, every state in order, when the link returns.
 */
@Injectable()
export class UpstreamForwarder implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('federation');
  private readonly upstream: Upstream;
  private client: MqttClient | null = null;
  private subscription: Subscription | null = null;
  private pumping = false;
  private again = false;
  private stopped = false;
  private retryMs = RECONNECT_MIN_MS;
  private retryTimer: NodeJS.Timeout | null = null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly hubEvents: HubEvents,
    private readonly outbox: FederationOutboxRepository,
    private readonly metrics: FederationMetrics,
    @Optional() private readonly leadership: Leadership | null = null,
  ) {
    if (!config.federation.upstream) throw new Error('UpstreamForwarder needs UPSTREAM_MQTT_URL');
    this.upstream = config.federation.upstream;
  }

  onApplicationBootstrap(): void {
    this.subscription = this.hubEvents.incidentChanged$.subscribe(() => this.pump());
    // Cluster mode: one link upstream, from the leader (docs/scale-out.md).
    if (!this.leadership) this.connect();
    else
      this.subscription.add(
        this.leadership.changes.subscribe((leading) => {
          if (leading && !this.client) this.connect();
        }),
      );
  }

  /**
   * One client per connection, never mqtt.js's own reconnect: a new client starts with an
   * empty store, so nothing of the previous connection is resent behind newer states; the
   * outbox decides what is sent again.
   */
  private connect(): void {
    if (this.stopped) return;
    const { url, username, password, hubId } = this.upstream;
    const client = mqtt.connect(url, {
      clientId: `ioc-district-${hubId}`,
      ...(username ? { username } : {}),
      ...(password ? { password } : {}),
      clean: true,
      reconnectPeriod: 0,
      connectTimeout: 10_000,
      keepalive: 15,
    });
    this.client = client;
    client.on('connect', () => {
      this.retryMs = RECONNECT_MIN_MS;
      this.metrics.linkUp.set(1);
      this.logger.log(`connected to the province at ${redact(url)} as ${hubId}`);
      this.pump();
    });
    client.on('close', () => {
      if (this.client !== client) return;
      this.client = null;
      this.metrics.linkUp.set(0);
      // Fails the publishes still waiting for a PUBACK: their round ends, the cursor stays.
      client.end(true);
      if (this.stopped) return;
      this.logger.warn(`link to the province down; next attempt in ${this.retryMs} ms`);
      this.retryTimer = setTimeout(() => this.connect(), this.retryMs);
      this.retryMs = Math.min(this.retryMs * 2, RECONNECT_MAX_MS);
    });
    client.on('error', (error) => this.logger.warn(`upstream MQTT error: ${error.message}`));
  }

  /** Runs rounds until the outbox is empty; one pump at a time. */
  private pump(): void {
    if (this.stopped) return;
    if (this.pumping) {
      this.again = true;
      return;
    }
    this.pumping = true;
    this.again = false;
    this.rounds()
      .catch((error: unknown) => this.logger.warn(`forwarding paused: ${String(error)}`))
      .finally(() => {
        this.pumping = false;
        if (this.again) this.pump();
      });
  }

  private async rounds(): Promise<void> {
    const { hubId, hubName } = this.upstream;
    const root = this.config.mqtt.topicRoot;
    for (;;) {
      const client = this.client;
      if (this.stopped || !client?.connected) return;
      const rows = await this.outbox.oldest(BATCH);
      this.metrics.pending.set(await this.outbox.count());
      const last = rows[rows.length - 1];
      if (!last) return;
      // One connection keeps publish order; rows are deleted only when all are acknowledged.
      await untilClosed(
        client,
        Promise.all(
          rows.map((row) => {
            const incident = JSON.parse(row.body) as Incident;
            const payload: FederatedIncident = { ...incident, hubId, hubName };
            return client.publishAsync(
              topics.federationIncident(hubId, row.incidentId, root),
              JSON.stringify(payload),
              { qos: 1 },
            );
          }),
        ),
      );
      await this.outbox.acknowledged(last.seq);
      this.metrics.forwarded.inc(rows.length);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    this.subscription?.unsubscribe();
    if (this.retryTimer) clearTimeout(this.retryTimer);
    const client = this.client;
    this.client = null;
    await client?.endAsync(true);
  }
}

/** `work`, or a rejection as soon as the connection closes (its PUBACKs will never come). */
async function untilClosed<T>(client: MqttClient, work: Promise<T>): Promise<T> {
  let onClose = (): void => undefined;
  const closed = new Promise<never>((_, reject) => {
    onClose = () => reject(new Error('link to the province lost before every PUBACK'));
    client.once('close', onClose);
  });
  try {
    return await Promise.race([work, closed]);
  } finally {
    client.removeListener('close', onClose);
  }
}

/** The URL without its password, for logs. */
function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(invalid URL)';
  }
}
