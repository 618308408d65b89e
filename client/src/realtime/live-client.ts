import {
  DeviceSchema,
  IncidentSchema,
  LIVE_NAMESPACE,
  LiveEvent,
  LiveSnapshotSchema,
  SessionEndSchema,
  type ClientToServerEvents,
  type Device,
  type Incident,
  type LiveSnapshot,
  type LiveStats,
  type ResyncResult,
  type ServerToClientEvents,
  type SessionEnd,
  type Unit,
  UnitSchema,
} from '@ioc/shared';
import { io, type Socket } from 'socket.io-client';
import type { ConnectionStatus } from '../state/connection-state';
import { parseInbound, parseResyncAck, parseStats } from './inbound';

export type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
export type SocketFactory = (token: string) => LiveSocket;

/** Same origin, namespace `/live`, token in the handshake (docs/contract.md §8). */
export const openLiveSocket: SocketFactory = (token) =>
  io(LIVE_NAMESPACE, {
    auth: { token },
    transports: ['websocket'],
    // A fresh manager per session, so a new sign-in never reuses the previous token.
    forceNew: true,
  });

export interface LiveHandlers {
  incident(incident: Incident): void;
  device(device: Device): void;
  stats(stats: LiveStats): void;
  /** A response unit changed. */
  unit?(unit: Unit): void;
  /** An image was stored for an event of this incident (issue 19): re-read its frames. */
  snapshot?(added: LiveSnapshot): void;
  /** At a province: a district's incident changed (docs/federation.md). */
  districtIncident?(incident: Incident): void;
  status(status: ConnectionStatus): void;
  /** The highest seq the console holds; sent with every resync. */
  lastSeq(): number;
  resynced(result: ResyncResult): void;
  /** The hub refused the token: the session is over. */
  rejected(message: string): void;
  /** The hub ended the session (token expired, account changed): sign in again. */
  ended?(reason: SessionEnd['reason']): void;
}

const SERVER_KICK_RETRY_MS = { first: 1000, max: 30_000 };
/** A refused resync (the hub's rate limit) is asked again after this long. */
const RESYNC_RETRY_MS = 2000;

/**
 * The console's live link. On every (re)connect it asks for a replay of what happened
 * since the last seq it holds, so a dropped link never leaves a gap.
 */
export class LiveClient {
  private socket: LiveSocket | null = null;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private retryDelay = SERVER_KICK_RETRY_MS.first;
  private sessionEnded = false;

  constructor(
    private readonly handlers: LiveHandlers,
    private readonly openSocket: SocketFactory = openLiveSocket,
  ) {}

  start(token: string): void {
    this.stop();
    const socket = this.openSocket(token);
    this.socket = socket;
    this.sessionEnded = false;
    this.handlers.status('connecting');

    socket.on(LiveEvent.session, (payload: unknown) => {
      // The hub closes the socket next: do not reconnect with a token it has refused.
      this.sessionEnded = true;
      const end = parseInbound(SessionEndSchema, payload, 'session');
      this.handlers.ended?.(end?.reason ?? 'revoked');
    });
    socket.on('connect', () => {
      this.retryDelay = SERVER_KICK_RETRY_MS.first;
      this.handlers.status('connected');
      this.resync(socket);
    });
    socket.on('disconnect', (reason) => {
      this.handlers.status('disconnected');
      // The client reconnects by itself except after a server-side disconnect.
      if (reason === 'io server disconnect' && !this.sessionEnded) this.retryLater(socket);
    });
    socket.on('connect_error', (error) => {
      // `active` stays true for network errors (the client keeps retrying) and turns
      // false when the namespace middleware refused the handshake, i.e. the token.
      if (socket.active) this.handlers.status('disconnected');
      else if (isBusy(error.message)) {
        // The hub is full or briefly unavailable, the token is fine: try again later.
        this.handlers.status('disconnected');
        this.retryLater(socket);
      } else this.handlers.rejected(error.message);
    });

    socket.on(LiveEvent.incident, (payload: unknown) => {
      const incident = parseInbound(IncidentSchema, payload, 'incident');
      if (incident) this.handlers.incident(incident);
    });
    socket.on(LiveEvent.districtIncident, (payload: unknown) => {
      const incident = parseInbound(IncidentSchema, payload, 'district incident');
      if (incident) this.handlers.districtIncident?.(incident);
    });
    socket.on(LiveEvent.device, (payload: unknown) => {
      const device = parseInbound(DeviceSchema, payload, 'device');
      if (device) this.handlers.device(device);
    });
    socket.on(LiveEvent.unit, (payload: unknown) => {
      const unit = parseInbound(UnitSchema, payload, 'unit');
      if (unit) this.handlers.unit?.(unit);
    });
    socket.on(LiveEvent.snapshot, (payload: unknown) => {
      const added = parseInbound(LiveSnapshotSchema, payload, 'snapshot');
      if (added) this.handlers.snapshot?.(added);
    });
    socket.on(LiveEvent.stats, (payload: unknown) => {
      const stats = parseStats(payload);
      if (stats) this.handlers.stats(stats);
    });
  }

  stop(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    if (!this.socket) return;
    this.socket.removeAllListeners();
    this.socket.disconnect();
    this.socket = null;
  }

  /** Resyncs page by page while the hub says `more`; a refused resync is asked again later. */
  private resync(socket: LiveSocket): void {
    socket.emit(LiveEvent.resync, { sinceSeq: this.handlers.lastSeq() }, (ack: unknown) => {
      const result = parseResyncAck(ack);
      if (result?.ok) {
        this.handlers.resynced(result.data);
        if (result.data.more && this.socket === socket) this.resync(socket);
        return;
      }
      console.warn('resync was not acknowledged', result ?? ack);
      if (result && this.retryTimer === null)
        this.retryTimer = setTimeout(() => {
          this.retryTimer = null;
          if (this.socket === socket && socket.connected) this.resync(socket);
        }, RESYNC_RETRY_MS);
    });
  }

  private retryLater(socket: LiveSocket): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (this.socket === socket) socket.connect();
    }, this.retryDelay);
    this.retryDelay = Math.min(this.retryDelay * 2, SERVER_KICK_RETRY_MS.max);
  }
}

/** A handshake refused for load (connection caps, a failed lookup), not for the token. */
function isBusy(message: string): boolean {
  return message.startsWith('too many connections') || message.startsWith('unavailable');
}
