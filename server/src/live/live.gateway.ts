import { Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { WebSocketGateway, WebSocketServer, type OnGatewayInit } from '@nestjs/websockets';
import type { Namespace, Socket } from 'socket.io';
import type { Subscription } from 'rxjs';
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
  type SubscribeRequest,
  type User,
} from '@ioc/shared';
import { TokenService } from '../auth/token.service';
import { HubEvents } from '../common/hub-events';
import { IncidentQueryService } from '../incidents/incident-query.service';
import { matchesSubscription } from './live-filter';

interface SocketData {
  user: User;
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
const RESYNC_PAGE = 1000;

/**
 * socket.io namespace /live (docs/contract.md §8): a token in the handshake, `incident` and
 * `device` pushes, `subscribe` filters and `resync` replays from a seq. Services never
 * see socket.io: they emit on HubEvents and this class broadcasts.
 */
@WebSocketGateway({ namespace: LIVE_NAMESPACE, cors: { origin: false } })
export class LiveGateway implements OnGatewayInit, OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('live');
  private readonly subscriptions: Subscription[] = [];

  @WebSocketServer() private namespace!: LiveNamespace;
  /** Kept: `namespace.to(room)` builds a new operator and room set on every call. */
  private unfiltered: ReturnType<LiveNamespace['to']> | null = null;

  constructor(
    private readonly tokens: TokenService,
    private readonly hubEvents: HubEvents,
    private readonly incidents: IncidentQueryService,
  ) {}

  afterInit(namespace: LiveNamespace): void {
    this.unfiltered = namespace.to(UNFILTERED_ROOM);
    // Refuse the connection itself (connect_error on the client) without a valid token.
    namespace.use((socket, next) => {
      const auth = socket.handshake.auth as { token?: unknown };
      const user = this.tokens.verify(typeof auth.token === 'string' ? auth.token : null);
      if (!user) return next(new Error('unauthorized: a valid token is required in auth.token'));
      socket.data.user = user;
      next();
    });
    namespace.on('connection', (socket: LiveSocket) => this.onConnection(socket));
  }

  onModuleInit(): void {
    this.subscriptions.push(
      this.hubEvents.incidentChanged$.subscribe((incident) => this.broadcastIncident(incident)),
      this.hubEvents.deviceChanged$.subscribe((device) =>
        this.namespace?.emit(LiveEvent.device, device),
      ),
      this.hubEvents.unitChanged$.subscribe((unit) => this.namespace?.emit(LiveEvent.unit, unit)),
    );
  }

  /** Sends a payload without socket.io's per-client work where possible. */
  broadcastStats(stats: Parameters<ServerToClientEvents['stats']>[0]): void {
    this.namespace?.emit(LiveEvent.stats, stats);
  }

  private onConnection(socket: LiveSocket): void {
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
      this.resync(socket, parsed.data.sinceSeq).then(
        (result) => reply(ack, { ok: true, data: result }),
        (error: unknown) => {
          this.logger.warn(`resync failed: ${String(error)}`);
          reply(ack, { ok: false, error: 'resync failed; try again' });
        },
      );
    });
  }

  /** Replays every incident state changed after sinceSeq, oldest first, then acks. */
  private async resync(socket: LiveSocket, sinceSeq: number): Promise<ResyncResult> {
    let cursor = sinceSeq;
    let replayed = 0;
    for (;;) {
      const page = await this.incidents.changedSince(cursor, RESYNC_PAGE);
      for (const incident of page) {
        if (matchesSubscription(incident, socket.data.filter))
          socket.emit(LiveEvent.incident, incident);
        cursor = incident.seq;
        replayed++;
      }
      if (page.length < RESYNC_PAGE) break;
    }
    return { replayed, lastSeq: cursor };
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

function reply<T>(ack: ((result: LiveAck<T>) => void) | undefined, result: LiveAck<T>): void {
  if (typeof ack === 'function') ack(result);
}
