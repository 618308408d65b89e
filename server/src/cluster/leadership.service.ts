import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { Client } from 'pg';
import { BehaviorSubject } from 'rxjs';
import { APP_CONFIG, type AppConfig } from '../config/app.config';
import type { TransactionFence } from '../database/postgres-batch-writer';

/** Advisory lock keys (one pair per database, so clusters on other databases never meet). */
const LOCK_SPACE = 0x10c;
const LEAD_KEY = 1;
const FENCE_KEY = 2;
/** How often a stand-by tries to take the lead (failover is within this plus the takeover). */
export const CAMPAIGN_EVERY_MS = 250;

const NOT_LEADING = 'this instance no longer leads the cluster: its write was refused';

/**
 * Which instance correlates and writes incidents (docs/scale-out.md). One process alone
 * (no REDIS_URL) always leads. In cluster mode the leader is the holder of a PostgreSQL
 * advisory lock taken on a connection of its own, outside the pool: `kill -9` closes that
 * socket, PostgreSQL frees the lock, and a stand-by takes it at its next try. A leader that
 * loses the connection stops at once (the process exits; its supervisor restarts it as a
 * stand-by), and `fence` makes a transaction it still had in flight fail rather than commit
 * after a successor has started.
 */
@Injectable()
export class Leadership implements OnApplicationShutdown {
  private readonly logger = new Logger('leadership');
  private readonly leading$ = new BehaviorSubject<boolean>(false);
  /** The lock is ours; `leading$` follows once the state is loaded (confirm()). */
  readonly acquired$ = new BehaviorSubject<boolean>(false);
  private client: Client | null = null;
  private lockPid = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private stopped = false;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    if (!config.cluster) this.leading$.next(true);
  }

  get clustered(): boolean {
    return this.config.cluster !== null;
  }

  get isLeader(): boolean {
    return this.leading$.value;
  }

  /** Emits true once this instance leads (at once when it runs alone). */
  get changes(): BehaviorSubject<boolean> {
    return this.leading$;
  }

  /** The new leader has loaded what it needs: its timers and writes may start. */
  confirm(): void {
    if (this.acquired$.value) this.leading$.next(true);
  }

  /** Starts trying to take the lead (cluster mode); call once the instance is ready. */
  campaign(): void {
    if (!this.clustered || this.stopped) return;
    void this.tryLead();
  }

  /**
   * First statement of every transaction of a leader: a shared hold on the fence key (a new
   * leader waits for it before it reads anything), then proof that our lock connection
   * still holds the lead. A stale leader's transaction throws here and commits nothing.
   */
  readonly fence: TransactionFence = async (query) => {
    await query('SELECT pg_advisory_xact_lock_shared($1, $2)', [LOCK_SPACE, FENCE_KEY]);
    const held: unknown = await query(
      `SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND classid = $1 AND objid = $2
         AND objsubid = 2 AND pid = $3 AND granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
      [LOCK_SPACE, LEAD_KEY, this.lockPid],
    );
    if (!Array.isArray(held) || held.length === 0) throw new Error(NOT_LEADING);
  };

  private async tryLead(): Promise<void> {
    this.timer = null;
    try {
      const client = await this.connection();
      const rows = await client.query<{ locked: boolean }>(
        'SELECT pg_try_advisory_lock($1, $2) AS locked',
        [LOCK_SPACE, LEAD_KEY],
      );
      if (rows.rows[0]?.locked) {
        // Wait for every transaction a previous leader still has in flight to end.
        await client.query('SELECT pg_advisory_lock($1, $2)', [LOCK_SPACE, FENCE_KEY]);
        await client.query('SELECT pg_advisory_unlock($1, $2)', [LOCK_SPACE, FENCE_KEY]);
        this.logger.log(
          'this instance now leads the cluster (correlation, timers, incident writes)',
        );
        this.acquired$.next(true);
        return;
      }
    } catch (error) {
      this.logger.warn(`could not try for the lead: ${String(error)}`);
      this.dropConnection();
    }
    if (!this.stopped) this.timer = setTimeout(() => void this.tryLead(), CAMPAIGN_EVERY_MS);
  }

  private async connection(): Promise<Client> {
    if (this.client) return this.client;
    const client = new Client({ connectionString: (this.config.database as { url: string }).url });
    client.on('error', (error) => this.lost(error));
    client.on('end', () => this.lost(new Error('connection closed')));
    await client.connect();
    const pid = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    this.lockPid = pid.rows[0]!.pid;
    this.client = client;
    return client;
  }

  /** The lock connection is gone: a leader stops at once, a stand-by tries again later. */
  private lost(error: Error): void {
    if (this.stopped) return;
    if (this.acquired$.value) {
      this.logger.error(
        `lost the lead (${error.message}): stopping so that another instance takes over`,
      );
      process.exit(1);
    }
    this.dropConnection();
  }

  private dropConnection(): void {
    const client = this.client;
    this.client = null;
    client?.removeAllListeners('end');
    void client?.end().catch(() => undefined);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    const client = this.client;
    this.client = null;
    client?.removeAllListeners('end');
    client?.removeAllListeners('error');
    client?.on('error', () => undefined);
    // Ending the session frees the lock: a stand-by takes over at its next try.
    await client?.end().catch(() => undefined);
  }
}
