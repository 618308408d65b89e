import { Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import type { Device, Incident, LiveSnapshot, Unit } from '@ioc/shared';

/** What one instance tells the others' consoles (one Redis channel per cluster). */
export type PeerMessage =
  | { kind: 'incident'; data: Incident }
  | { kind: 'device'; data: Device }
  | { kind: 'unit'; data: Unit }
  | { kind: 'snapshot'; data: LiveSnapshot }
  /** A device row committed by the sender: every registry reads it back from PostgreSQL. */
  | { kind: 'deviceStored'; id: string; revoked: boolean };

/** How long the leader's advertised URL outlives its last refresh. */
const LEADER_KEY_TTL_MS = 3000;

/**
 * The cluster's Redis (docs/scale-out.md): a pub/sub channel that carries every committed
 * change to every instance's consoles, and the key where the leader advertises the URL
 * the others forward incident changes to. Nothing durable lives here: a console that
 * missed a message resyncs from PostgreSQL.
 */
export class ClusterBus {
  private readonly logger = new Logger('cluster-bus');
  readonly instanceId = randomUUID();
  private readonly publisher: Redis;
  private readonly subscriber: Redis;

  constructor(
    url: string,
    private readonly prefix: string,
  ) {
    const options = { lazyConnect: true, maxRetriesPerRequest: 2 };
    this.publisher = new Redis(url, options);
    this.subscriber = new Redis(url, options);
    for (const client of [this.publisher, this.subscriber])
      client.on('error', (error: Error) => this.logger.warn(`Redis: ${error.message}`));
  }

  private get channel(): string {
    return `${this.prefix}:live`;
  }

  private get leaderKey(): string {
    return `${this.prefix}:leader`;
  }

  async open(onMessage: (message: PeerMessage) => void): Promise<void> {
    await Promise.all([this.publisher.connect(), this.subscriber.connect()]);
    this.subscriber.on('message', (_channel: string, text: string) => {
      let parsed: { from?: unknown } & PeerMessage;
      try {
        parsed = JSON.parse(text) as { from?: unknown } & PeerMessage;
      } catch {
        return;
      }
      if (parsed.from !== this.instanceId) onMessage(parsed);
    });
    await this.subscriber.subscribe(this.channel);
  }

  publish(message: PeerMessage): void {
    const text = JSON.stringify({ from: this.instanceId, ...message });
    this.publisher.publish(this.channel, text).catch((error: unknown) => {
      // The consoles of other instances miss this push; they converge at their next resync.
      this.logger.warn(`could not publish a ${message.kind} change: ${String(error)}`);
    });
  }

  async advertiseLeader(url: string): Promise<void> {
    await this.publisher.set(this.leaderKey, url, 'PX', LEADER_KEY_TTL_MS);
  }

  async leaderUrl(): Promise<string | null> {
    return this.publisher.get(this.leaderKey);
  }

  async close(): Promise<void> {
    await Promise.all(
      [this.publisher, this.subscriber].map((client) =>
        client.quit().then(
          () => undefined,
          () => client.disconnect(),
        ),
      ),
    );
  }
}
