import { Inject, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { WebSocketGateway, WebSocketServer, type OnGatewayInit } from '@nestjs/websockets';
import type { Namespace, Socket } from 'socket.io';
import { merge, type Subscription } from 'rxjs';
import { RateLimiterMemory } from 'rate-limiter-flexible';
import {
  LIVE_NAMESPACE,
  LiveEvent,
  ResyncRequestSchema,
  SubscribeRequestSchema,
  type ClientToServerEvents,
  type Incident,
  type LiveAck,
  type ResyncResult,
  type ServerToClientEvents,
  type SessionEnd,
  type SubscribeRequest,
} from '@ioc/shared';
import { TokenService, type Session } from '../auth/token.service';
import { APP_CONFIG, type AppConfig } from '../config/app.config';
import { HubEvents } from '../common/hub-events';
import { IncidentQueryService } from '../incidents/incident-query.service';
import { matchesSubscription } from './live-filter';
import { Semaphore } from './semaphore';

interface SocketData {
  session: Session;
  filter?: SubscribeRequest;
}
type LiveSocket = Socket<
  ClientToServerEvents,
  ServerToClientEvents,
  Record<string, never>,
  SocketData
>;
type LiveNamespace = Namespace<
  ClientToServerEvents,
  ServerToClientEvents,
  Record<string, never>,
  SocketData
>;

const UNFILTERED_ROOM = 'unfiltered';
/** The longest delay setTimeout honours (2^31 − 1 ms); longer ones fire at once. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Incident states one `resync` replays at most; the ack then says `more`. */
const RESYNC_PAGE = 1000;
/** `resync` calls per socket per 10 s, and replays read from the database at once. */
const RESYNC_PER_10S = 20;
const RESYNC_CONCURRENCY = 4;
/** subscribe and resync requests are a few bytes: a large frame is refused, not parsed. */
const MAX_MESSAGE_BYTES = 16 * 1024;

/**
 * socket.io namespace /live (docs/contract.md §8): a token in the handshake, `incident` and
 * `device` pushes, `subscribe` filters and `resync` replays from a seq. Services never
 * see socket.io: they emit on HubEvents and this class broadcasts.
 */
@WebSocketGateway({
  namespace: LIVE_NAMESPACE,
  cors: { origin: false },
  maxHttpBufferSize: MAX_MESSAGE_BYTES,
})
export class LiveGateway implements OnGatewayInit, OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('live');
  private readonly subscriptions: Subscription[] = [];
  /** The open sockets of each account, to cut them when the account changes. */
  private readonly byUser = new Map<string, Set<LiveSocket>>();
  private readonly resyncLimiter = new RateLimiterMemory({ points: RESYNC_PER_10S, duration: 10 });
  private readonly resyncReads = new Semaphore(RESYNC_CONCURRENCY);

  @WebSocketServer() private namespace!: LiveNamespace;
  /** Kept: `namespace.to(room)` builds a new operator and room set on every call. */
  private unfiltered: ReturnType<LiveNamespace['to']> | null = null;

  constructor(
    private readonly tokens: TokenService,
    private readonly hubEvents: HubEvents,
    private readonly incidents: IncidentQueryService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  afterInit(namespace: LiveNamespace): void {
    this.unfiltered = namespace.to(UNFILTERED_ROOM);
    // Refuse the connection itself (connect_error on the client) without a valid token,
    // and past the connection caps.
    namespace.use((socket, next) => {
      const auth = socket.handshake.auth as { token?: unknown };
      this.tokens.session(typeof auth.token === 'string' ? auth.token : null).then(
        (session) => next(this.admit(socket, session)),
        () => next(new Error('unavailable: try again')),
      );
    });
    namespace.on('connection', (socket: LiveSocket) => this.onConnection(socket));
  }

  private admit(socket: LiveSocket, session: Session | null): Error | undefined {
    if (!session) return new Error('unauthorized: a valid token is required in auth.token');
    const { maxConnections, maxConnectionsPerUser } = this.config.live;
    if (this.namespace.sockets.size >= maxConnections)
      return new Error('too many connections: the hub is full, try again later');
    if ((this.byUser.get(session.user.username)?.size ?? 0) >= maxConnectionsPerUser)
      return new Error(`too many connections for ${session.user.username}: close another console`);
    socket.data.session = session;
    return undefined;
  }

  /** Tracks the socket under its account and ends it when its token expires. */
  private watchSession(socket: LiveSocket): void {
    const { session } = socket.data;
    const username = session.user.username;
    const sockets = this.byUser.get(username) ?? new Set<LiveSocket>();
    sockets.add(socket);
    this.byUser.set(username, sockets);
    let expiry: ReturnType<typeof setTimeout>;
    // setTimeout fires at once past ~24.8 days, and a wall token lives a year: wait in steps.
    const armExpiry = (): void => {
      const left = session.expiresAt - Date.now();
      expiry =
        left > MAX_TIMER_MS
          ? setTimeout(armExpiry, MAX_TIMER_MS)
          : setTimeout(() => this.endSession(socket, 'expired'), Math.max(0, left));
    };
    armExpiry();
    socket.once('disconnect', () => {
      clearTimeout(expiry);
      void this.resyncLimiter.delete(socket.id);
      sockets.delete(socket);
      if (sockets.size === 0 && this.byUser.get(username) === sockets) this.byUser.delete(username);
    });
  }

  /** An account changed: its sockets whose session no longer holds are closed. */
  private recheckAccount(username: string): void {
    for (const socket of this.byUser.get(username) ?? []) {
      const reason = this.tokens.endReason(socket.data.session);
      if (reason) this.endSession(socket, reason);
    }
  }

  private endSession(socket: LiveSocket, reason: SessionEnd['reason']): void {
    if (!socket.connected) return;
    socket.emit(LiveEvent.session, { reason });
    socket.disconnect(true);
  }

  onModuleInit(): void {
    this.subscriptions.push(
      this.tokens.accountChanged$.subscribe((username) => this.recheckAccount(username)),
      merge(this.hubEvents.incidentChanged$, this.hubEvents.peerIncidentChanged$).subscribe(
        (incident) => this.broadcastIncident(incident),
      ),
      merge(this.hubEvents.deviceChanged$, this.hubEvents.peerDeviceChanged$).subscribe((device) =>
        this.namespace?.emit(LiveEvent.device, device),
      ),
      merge(this.hubEvents.unitChanged$, this.hubEvents.peerUnitChanged$).subscribe((unit) =>
        this.namespace?.emit(LiveEvent.unit, unit),
      ),
      // To every console: a few bytes, and the console re-reads only an incident it shows.
      merge(this.hubEvents.snapshotAdded$, this.hubEvents.peerSnapshotAdded$).subscribe((added) =>
        this.namespace?.emit(LiveEvent.snapshot, added),
      ),
      // To every console, unfiltered: a console resyncs district incidents with GET ?district=*.
      this.hubEvents.districtIncidentChanged$.subscribe((incident) =>
        this.namespace?.emit(LiveEvent.districtIncident, incident),
      ),
    );
  }

  /** Sends a payload without socket.io's per-client work where possible. */
  broadcastStats(stats: Parameters<ServerToClientEvents['stats']>[0]): void {
    this.namespace?.emit(LiveEvent.stats, stats);
  }

  private onConnection(socket: LiveSocket): void {
    this.watchSession(socket);
    void socket.join(UNFILTERED_ROOM);
    socket.on(LiveEvent.subscribe, (request, ack) => {
      const parsed = SubscribeRequestSchema.safeParse(request);
      if (!parsed.success)
        return reply(ack, {
          ok: false,
          error: `invalid subscribe: ${parsed.error.issues[0]?.message ?? ''}`,
        });
      const filter = parsed.data;
      const unfiltered = !filter.bbox && !filter.categories && !filter.minSeverity;
      socket.data.filter = unfiltered ? undefined : filter;
      if (unfiltered) void socket.join(UNFILTERED_ROOM);
      else void socket.leave(UNFILTERED_ROOM);
      reply(ack, { ok: true, data: filter });
    });
    socket.on(LiveEvent.resync, (request, ack) => {
      const parsed = ResyncRequestSchema.safeParse(request);
      if (!parsed.success)
        return reply(ack, { ok: false, error: 'resync needs {sinceSeq: integer ≥ 0}' });
      this.limitedResync(socket, parsed.data.sinceSeq).then(
        (result) => reply(ack, { ok: true, data: result }),
        (error: unknown) => {
          if (error instanceof ResyncRefused)
            return reply(ack, { ok: false, error: error.message });
          this.logger.warn(`resync failed: ${String(error)}`);
          reply(ack, { ok: false, error: 'resync failed; try again' });
        },
      );
    });
  }

  private async limitedResync(socket: LiveSocket, sinceSeq: number): Promise<ResyncResult> {
    try {
      await this.resyncLimiter.consume(socket.id);
    } catch {
      throw new ResyncRefused(`too many resyncs: at most ${RESYNC_PER_10S} per 10 s`);
    }
    return this.resyncReads.run(() => this.resync(socket, sinceSeq));
  }

  /**
   * Replays the incident states changed after sinceSeq, oldest first, then acks: one page
   * at most, with `more` when the console should ask again from `lastSeq`.
   */
  private async resync(socket: LiveSocket, sinceSeq: number): Promise<ResyncResult> {
    let cursor = sinceSeq;
    const page = await this.incidents.changedSince(cursor, RESYNC_PAGE);
    for (const incident of page) {
      if (!socket.connected) break;
      if (matchesSubscription(incident, socket.data.filter))
        socket.emit(LiveEvent.incident, incident);
      cursor = incident.seq;
    }
    return { replayed: page.length, lastSeq: cursor, more: page.length >= RESYNC_PAGE };
  }

  private broadcastIncident(incident: Incident): void {
    if (!this.namespace || !this.unfiltered) return;
    this.unfiltered.emit(LiveEvent.incident, incident);
    for (const socket of this.namespace.sockets.values()) {
      if (socket.data.filter && matchesSubscription(incident, socket.data.filter))
        socket.emit(LiveEvent.incident, incident);
    }
  }

  onApplicationShutdown(): void {
    for (const s of this.subscriptions) s.unsubscribe();
  }
}

class ResyncRefused extends Error {}

function reply<T>(ack: ((result: LiveAck<T>) => void) | undefined, result: LiveAck<T>): void {
  if (typeof ack === 'function') ack(result);
}
