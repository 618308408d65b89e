import { io, type Socket } from 'socket.io-client';
import {
  LIVE_NAMESPACE,
  LiveEvent,
  type ClientToServerEvents,
  type Incident,
  type ServerToClientEvents,
} from '@ioc/shared';
import { HubError, HubUnreachableError } from './hub.client';

type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/**
 * A console stand-in on the hub's socket.io namespace `/live` (docs/contract.md §8): it keeps the
 * latest state of every incident pushed to it, and tells listeners when each arrived.
 */
export class LiveWatcher {
  /** Latest state per incident id (highest seq wins; a burst may be coalesced). */
  readonly latest = new Map<string, Incident>();
  pushes = 0;
  private readonly listeners = new Set<(incident: Incident, atMs: number) => void>();

  private constructor(private readonly socket: LiveSocket) {
    socket.on(LiveEvent.incident, (incident) => {
      // Sub-millisecond wall time, comparable with a publisher's `performance` stamps.
      const at = performance.timeOrigin + performance.now();
      this.pushes += 1;
      const known = this.latest.get(incident.id);
      if (!known || incident.seq >= known.seq) this.latest.set(incident.id, incident);
      for (const listener of this.listeners) listener(incident, at);
    });
  }

  /** Connects with the token in the handshake; a refusal or a timeout is a clear error. */
  static async connect(baseUrl: string, token: string, timeoutMs = 10_000): Promise<LiveWatcher> {
    const socket: LiveSocket = io(`${baseUrl.replace(/\/+$/, '')}${LIVE_NAMESPACE}`, {
      auth: { token },
      transports: ['websocket'],
      reconnection: false,
      timeout: timeoutMs,
    });
    try {
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', () => resolve());
        socket.once('connect_error', (error) => reject(error));
      });
    } catch (error) {
      socket.close();
      const message = (error as Error).message;
      if (/unauthori[sz]ed/i.test(message))
        throw new HubError(`the hub refused the /live connection: ${message}`);
      throw new HubUnreachableError(`cannot open ${baseUrl}${LIVE_NAMESPACE} (${message})`);
    }
    return new LiveWatcher(socket);
  }

  onIncident(listener: (incident: Incident, atMs: number) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get connected(): boolean {
    return this.socket.connected;
  }

  close(): void {
    this.listeners.clear();
    this.socket.close();
  }
}
