import type { MqttClient } from 'mqtt';
import { io } from 'socket.io-client';
import {
  LIVE_NAMESPACE,
  topics,
  type Incident,
  type IncidentList,
  type LiveAck,
  type ResyncResult,
} from '@ioc/shared';
import { connectMqtt, type LiveSocket } from '../support/clients';
import { expectEventually } from '../support/eventually';
import { HubProcess } from '../support/hub-process';

// A reconnect storm (docs/security.md): 100 console sockets, each dropped and reconnected
// 100 times while events flow. Every console resyncs from the last seq it holds after each
// drop, as the console does, and all must end at the hub's seq with every incident.

const CONSOLES = Number(process.env.STORM_CONSOLES ?? 100);
const DROPS = Number(process.env.STORM_DROPS ?? 100);
const PLACES = 40;

/** A console's view: the latest state of each incident, and the last seq it holds. */
class StormConsole {
  readonly incidents = new Map<string, Incident>();
  lastSeq = 0;
  drops = 0;
  error: string | null = null;
  readonly socket: LiveSocket;
  private finished: (() => void) | null = null;
  readonly done: Promise<void>;

  constructor(baseUrl: string, token: string) {
    this.done = new Promise((resolve) => (this.finished = resolve));
    this.socket = io(`${baseUrl}${LIVE_NAMESPACE}`, {
      auth: { token },
      transports: ['websocket'],
      forceNew: true,
      reconnectionDelay: 5,
      reconnectionDelayMax: 50,
      randomizationFactor: 0.5,
    });
    this.socket.on('incident', (incident) => this.keep(incident));
    this.socket.on('connect', () => void this.resyncThenDrop());
    // Refused at the handshake (the hub still counts a dropped socket it has not seen
    // close): the client does not retry that by itself, so this console does, as the
    // console app does for a full hub.
    this.socket.on('connect_error', () => {
      if (!this.socket.active) setTimeout(() => this.socket.connect(), 50);
    });
  }

  private keep(incident: Incident): void {
    const held = this.incidents.get(incident.id);
    if (!held || held.seq < incident.seq) this.incidents.set(incident.id, incident);
    this.lastSeq = Math.max(this.lastSeq, incident.seq);
  }

  /** Resyncs page by page, as the console does, then drops the link if drops remain. */
  private async resyncThenDrop(): Promise<void> {
    for (;;) {
      const ack = await new Promise<LiveAck<ResyncResult>>((resolve) =>
        this.socket.emit('resync', { sinceSeq: this.lastSeq }, resolve),
      );
      if (!ack.ok) {
        this.error = `resync refused: ${ack.error}`;
        return this.finished?.();
      }
      this.lastSeq = Math.max(this.lastSeq, ack.data.lastSeq);
      if (!ack.data.more) break;
    }
    if (this.drops >= DROPS) return this.finished?.();
    this.drops++;
    // A dropped link, not a goodbye: the client reconnects by itself.
    this.socket.io.engine.close();
  }

  close(): void {
    this.socket.close();
  }
}

describe('reconnect storm: 100 consoles × 100 drops while events flow', () => {
  let hub: HubProcess;
  let device: MqttClient;
  const consoles: StormConsole[] = [];

  beforeAll(async () => {
    hub = await HubProcess.start('reconnect-storm', {
      broker: 'embedded',
      database: 'sqlite',
      env: { LIVE_MAX_CONNECTIONS_PER_USER: String(CONSOLES * 2) },
    });
    device = await connectMqtt(hub.mqttUrl);
  });

  afterAll(async () => {
    for (const c of consoles) c.close();
    await device?.endAsync();
    await hub?.dispose();
  });

  it('ends every console at the same seq with no incident missed', async () => {
    const token = await hub.login('operator');
    let flowing = true;
    let sent = 0;
    const flow = (async () => {
      while (flowing) {
        const place = sent % PLACES;
        await device.publishAsync(
          topics.events(`storm-${place}`, hub.topicRoot),
          JSON.stringify({
            id: `storm-${sent}`,
            ts: new Date().toISOString(),
            type: 'urban.crowd',
            location: { lat: 10.5 + place * 0.05, lon: 108.44 },
          }),
          { qos: 1 },
        );
        sent++;
      }
    })();
    for (let i = 0; i < CONSOLES; i++) consoles.push(new StormConsole(hub.baseUrl, token));
    await Promise.all(consoles.map((c) => c.done));
    flowing = false;
    await flow;
    expect(sent).toBeGreaterThan(0);

    const hubSeq = async (): Promise<IncidentList> =>
      hub.get<IncidentList>('/api/incidents?limit=5000', token);
    // Wait for the last event to be correlated and pushed: the hub's seq stops moving.
    const final = await expectEventually(
      async () => {
        const first = await hubSeq();
        const again = await hubSeq();
        expect(again.lastSeq).toBe(first.lastSeq);
        for (const c of consoles) expect(c.lastSeq).toBe(again.lastSeq);
        return again;
      },
      30_000,
      250,
    );
    expect(final.items).toHaveLength(PLACES);
    for (const c of consoles) {
      expect(c.error).toBeNull();
      expect(c.drops).toBe(DROPS);
      for (const incident of final.items)
        expect(c.incidents.get(incident.id)?.seq).toBe(incident.seq);
    }
  });
});
