import { io, type Socket } from 'socket.io-client';
import {
  LIVE_NAMESPACE,
  type ClientToServerEvents,
  type Incident,
  type ServerToClientEvents,
} from '@ioc/shared';
import { nowMs, parseLaneDevice } from './stream';

interface RunTracking {
  /** Each lane's stored total when the run began. */
  base: Float64Array;
  /** How many of the run's events of each lane have been seen stored. */
  seen: Float64Array;
  /** When each event of the run was seen stored (0: not yet). */
  recvAt: Float64Array;
  count: number;
  delivered: number;
  lastDeliveryAt: number;
  /** Per push: arrival minus its lastSeen, the publish time of the newest event it carries. */
  newest: number[];
}

/**
 * The console stand-in: a socket.io client on /live that follows the benchmark's lane
 * incidents. A push of lane L with eventCount n means the lane's first n events are stored
 * and announced, so it marks every event of the current run up to that one as delivered now.
 */
export class LiveProbe {
  readonly socket: Socket<ServerToClientEvents, ClientToServerEvents>;
  pushes = 0;
  private readonly incidentOf: (string | null)[];
  private readonly offset: Float64Array;
  private readonly lastCount: Float64Array;
  private readonly lastSeq: Float64Array;
  readonly total: Float64Array;
  private run: RunTracking | null = null;

  constructor(
    baseUrl: string,
    token: string,
    readonly block: number,
    readonly lanes: number,
  ) {
    this.incidentOf = new Array<string | null>(lanes).fill(null);
    this.offset = new Float64Array(lanes);
    this.lastCount = new Float64Array(lanes);
    this.lastSeq = new Float64Array(lanes);
    this.total = new Float64Array(lanes);
    this.socket = io(`${baseUrl}${LIVE_NAMESPACE}`, {
      auth: { token },
      transports: ['websocket'],
      reconnection: false,
    });
    this.socket.on('incident', (incident) => this.onIncident(incident));
  }

  async connected(): Promise<void> {
    if (this.socket.connected) return;
    await new Promise<void>((resolve, reject) => {
      this.socket.once('connect', () => resolve());
      this.socket.once('connect_error', (error) => reject(error));
    });
  }

  /** Events of all lanes stored so far, as the pushes tell. */
  storedTotal(): number {
    let sum = 0;
    for (const t of this.total) sum += t;
    return sum;
  }

  beginRun(count: number): void {
    this.run = {
      base: Float64Array.from(this.total),
      seen: new Float64Array(this.lanes),
      recvAt: new Float64Array(count),
      count,
      delivered: 0,
      lastDeliveryAt: 0,
      newest: [],
    };
  }

  get delivered(): number {
    return this.run?.delivered ?? 0;
  }

  get lastDeliveryAt(): number {
    return this.run?.lastDeliveryAt ?? 0;
  }

  /** Ends the run: when each event was seen stored (0 for never), and how many were. */
  endRun(): { recvAt: Float64Array; storedInRun: number; newest: number[] } {
    const run = this.run;
    this.run = null;
    if (!run) return { recvAt: new Float64Array(0), storedInRun: 0, newest: [] };
    let stored = 0;
    for (let lane = 0; lane < this.lanes; lane++)
      stored += (this.total[lane] ?? 0) - (run.base[lane] ?? 0);
    return { recvAt: run.recvAt, storedInRun: stored, newest: run.newest };
  }

  close(): void {
    this.socket.close();
  }

  private onIncident(incident: Incident): void {
    const t = nowMs();
    this.pushes++;
    if (incident.category !== 'traffic') return;
    const source = parseLaneDevice(incident.sources[0] ?? '');
    if (!source || source.block !== this.block || source.lane >= this.lanes) return;
    const lane = source.lane;
    if (this.incidentOf[lane] !== incident.id) {
      // A lane idle past the window opens a new incident: its count continues the lane's total.
      if (this.incidentOf[lane] !== null)
        this.offset[lane] = (this.offset[lane] ?? 0) + (this.lastCount[lane] ?? 0);
      this.incidentOf[lane] = incident.id;
      this.lastSeq[lane] = 0;
    }
    if (incident.seq <= (this.lastSeq[lane] ?? 0)) return;
    this.lastSeq[lane] = incident.seq;
    this.lastCount[lane] = incident.eventCount;
    const total = (this.offset[lane] ?? 0) + incident.eventCount;
    this.total[lane] = total;
    const run = this.run;
    if (!run) return;
    run.newest.push(t - Date.parse(incident.lastSeen));
    const k = total - (run.base[lane] ?? 0);
    let j = run.seen[lane] ?? 0;
    if (k <= j) return;
    for (; j < k; j++) {
      const g = j * this.lanes + lane;
      if (g >= run.count) break;
      run.recvAt[g] = t;
      run.delivered++;
    }
    run.seen[lane] = k;
    run.lastDeliveryAt = t;
  }
}
