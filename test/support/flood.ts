import mqtt, { type MqttClient } from 'mqtt';
import { topics } from '@ioc/shared';
import { expectEventually } from './eventually';

export interface Place {
  lat: number;
  lon: number;
}

/**
 * Places 2.2 km apart (far beyond the 100 m radius of `urban.crowd`, docs/contract.md §4),
 * 8 to a row, south-west of Da Lat: each one becomes exactly one incident.
 */
export function spreadPlaces(count: number): Place[] {
  return Array.from({ length: count }, (_, i) => ({
    lat: 11.8 + (i % 8) * 0.02,
    lon: 108.3 + Math.floor(i / 8) * 0.02,
  }));
}

export interface FloodOptions {
  url: string;
  topicRoot: string;
  /** Prefix of client ids and event ids: unique per run. */
  prefix: string;
  devices: number;
  /** Events per second, all devices together. */
  rate: number;
  places: Place[];
  /** Unacknowledged publishes per device at most (mqtt.js resends them on reconnect). */
  window?: number;
  /** Overrides the event id of a device's n-th event (e.g. one a database refuses). */
  eventId?: (device: number, n: number, normal: string) => string;
}

interface Device {
  index: number;
  id: string;
  client: MqttClient;
  next: number;
  inFlight: number;
  /** Events mqtt.js gave back unsent (queued while a connection closed): sent again first. */
  retry: { id: string; payload: string }[];
}

/**
 * Devices as the contract expects them (docs/contract.md §3): mqtt.js clients with fixed
 * client ids, clean sessions off, QoS 1, one event per message, each with a unique id, at
 * a known place. A device counts an event as acknowledged when its publish callback
 * reports the PUBACK; mqtt.js keeps every unacknowledged publish and resends it after a
 * reconnect, so what is never acknowledged is the device's, and what is, the hub's.
 */
export class Flood {
  /** Acknowledged event ids, by device id. */
  readonly acknowledged = new Map<string, Set<string>>();
  /** Every event id published, with the index of its place. */
  readonly placeOf = new Map<string, number>();
  private ackCount = 0;
  private publishedCount = 0;
  private paused = false;
  private credit = 0;
  private last = Date.now();
  private turn = 0;
  private readonly timer: NodeJS.Timeout;
  private lastError: Error | null = null;

  private constructor(
    private readonly options: FloodOptions,
    private readonly devices: Device[],
  ) {
    for (const d of devices) this.acknowledged.set(d.id, new Set());
    // Pacing, not waiting: every 5 ms the devices publish what the rate allows since.
    this.timer = setInterval(() => this.pump(), 5);
  }

  static async start(options: FloodOptions): Promise<Flood> {
    const devices = await Promise.all(
      Array.from({ length: options.devices }, async (_, index) => {
        const id = `${options.prefix}-dev-${index}`;
        const client = mqtt.connect(options.url, {
          clientId: id,
          clean: false,
          reconnectPeriod: 200,
          connectTimeout: 5000,
        });
        await new Promise<void>((resolve, reject) => {
          client.once('connect', () => resolve());
          client.once('error', reject);
        });
        const device: Device = { index, id, client, next: 0, inFlight: 0, retry: [] };
        return device;
      }),
    );
    const flood = new Flood(options, devices);
    // Refused connections while the hub or broker is down are expected; mqtt.js retries.
    for (const d of devices) d.client.on('error', (error) => (flood.lastError = error));
    return flood;
  }

  get acked(): number {
    return this.ackCount;
  }

  get published(): number {
    return this.publishedCount;
  }

  get unacknowledged(): number {
    return this.publishedCount - this.ackCount;
  }

  /** Stops publishing new events (what is in flight still gets acknowledged or resent). */
  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
    this.last = Date.now();
  }

  /** Resolves once `count` events in all have been acknowledged. */
  async untilAcked(count: number, timeoutMs = 60_000): Promise<void> {
    await expectEventually(
      () => {
        if (this.ackCount < count)
          throw new Error(
            `${this.ackCount} of ${count} acknowledged (published ${this.publishedCount}; last device error: ${String(this.lastError?.message)})`,
          );
      },
      timeoutMs,
      5,
    );
  }

  /**
   * Stops publishing and waits (up to the deadline) until every published event has been
   * acknowledged; resolves with how many never were.
   */
  async finish(timeoutMs = 30_000): Promise<number> {
    this.pause();
    await expectEventually(() => {
      if (this.unacknowledged > 0) throw new Error(`${this.unacknowledged} unacknowledged`);
    }, timeoutMs).catch(() => undefined);
    return this.unacknowledged;
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await Promise.all(this.devices.map((d) => d.client.endAsync(true)));
  }

  private pump(): void {
    const now = Date.now();
    const rate = this.options.rate;
    // At most 50 ms worth at once: no burst after a pause or an outage.
    this.credit = Math.min(this.credit + (rate * (now - this.last)) / 1000, rate * 0.05);
    this.last = now;
    if (this.paused) {
      this.credit = 0;
      return;
    }
    const window = this.options.window ?? 100;
    while (this.credit >= 1) {
      const device = this.nextReady(window);
      if (!device) return;
      this.publish(device);
      this.credit -= 1;
    }
  }

  /** The next device, round robin, that is connected and has room in its window. */
  private nextReady(window: number): Device | undefined {
    for (let i = 0; i < this.devices.length; i++) {
      const d = this.devices[(this.turn + i) % this.devices.length] as Device;
      if (d.client.connected && d.inFlight < window) {
        this.turn = (this.turn + i + 1) % this.devices.length;
        return d;
      }
    }
    return undefined;
  }

  private publish(device: Device): void {
    const event = device.retry.shift() ?? this.nextEvent(device);
    device.inFlight++;
    this.publishedCount++;
    device.client.publish(
      topics.events(device.id, this.options.topicRoot),
      event.payload,
      { qos: 1 },
      (error) => {
        device.inFlight--;
        if (error) {
          // Never stored by mqtt.js (it failed before leaving): the device still owns it.
          this.publishedCount--;
          device.retry.push(event);
          return;
        }
        this.ackCount++;
        this.acknowledged.get(device.id)?.add(event.id);
      },
    );
  }

  private nextEvent(device: Device): { id: string; payload: string } {
    const n = device.next++;
    const normal = `${this.options.prefix}-${device.index}-${n}`;
    const id = this.options.eventId?.(device.index, n, normal) ?? normal;
    const placeIndex = (device.index * 7 + n) % this.options.places.length;
    const place = this.options.places[placeIndex] as Place;
    this.placeOf.set(`${device.id}/${id}`, placeIndex);
    // Within ~20 m of the place, so the incident's centroid stays on it.
    const jitter = (): number => (((n * 7919) % 41) - 20) * 0.00001;
    const payload = JSON.stringify({
      id,
      ts: new Date().toISOString(),
      type: 'urban.crowd',
      location: { lat: place.lat + jitter(), lon: place.lon - jitter() },
    });
    return { id, payload };
  }
}
