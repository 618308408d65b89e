import mqtt, { type MqttClient } from 'mqtt';
import { io, type Socket } from 'socket.io-client';
import {
  LIVE_NAMESPACE,
  type ClientToServerEvents,
  type Device,
  type Incident,
  type LiveSnapshot,
  type ServerToClientEvents,
} from '@ioc/shared';

export async function connectMqtt(url: string, clientId?: string): Promise<MqttClient> {
  return mqtt.connectAsync(url, {
    clientId: clientId ?? `e2e-${Math.random().toString(16).slice(2)}`,
    reconnectPeriod: 0,
  });
}

export type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** A console-like socket.io client that records what it receives. */
export class LiveClient {
  readonly incidents: Incident[] = [];
  readonly devices: Device[] = [];
  /** At a province: the district incidents pushed (docs/federation.md). */
  readonly districtIncidents: Incident[] = [];
  /** Images stored for incidents' events (issue 19). */
  readonly snapshots: LiveSnapshot[] = [];
  readonly socket: LiveSocket;

  constructor(baseUrl: string, token: string | null) {
    this.socket = io(`${baseUrl}${LIVE_NAMESPACE}`, {
      auth: token ? { token } : {},
      transports: ['websocket'],
      reconnection: false,
    });
    this.socket.on('incident', (i) => this.incidents.push(i));
    this.socket.on('device', (d) => this.devices.push(d));
    this.socket.on('district-incident', (i) => this.districtIncidents.push(i));
    this.socket.on('snapshot', (s) => this.snapshots.push(s));
  }

  /** Resolves on connect; rejects with the server's reason when refused. */
  async connected(): Promise<void> {
    if (this.socket.connected) return;
    await new Promise<void>((resolve, reject) => {
      this.socket.once('connect', () => resolve());
      this.socket.once('connect_error', (error) => reject(error));
    });
  }

  latest(id: string): Incident | undefined {
    return this.incidents.filter((i) => i.id === id).sort((a, b) => b.seq - a.seq)[0];
  }

  close(): void {
    this.socket.close();
  }
}
