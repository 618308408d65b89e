import { offsetM, type EventPayload, type EventType, type LatLon } from '@ioc/shared';
import type { Clock } from '../clock';
import { round6 } from '../fleet/fleet.generator';
import { InflightWindow } from '../inflight';
import { eventId, eventMessage, type MessageSink, type OutboundMessage } from '../messages';

export interface LoadOptions {
  /** Events per second. */
  rate: number;
  durationS: number;
  /** Load devices ("lanes"), each alone at its own place. */
  devices: number;
  /** Events per MQTT message (a JSON array when > 1). */
  batchSize: number;
  tickMs: number;
  /** Unacknowledged QoS 1 publishes allowed at once. */
  window: number;
  type: EventType;
  topicRoot: string;
  runTag: string;
  signal?: AbortSignal;
}

export interface LoadResult {
  /** Events and MQTT messages handed to the broker, and acknowledged. */
  eventsPublished: number;
  messagesPublished: number;
  eventsAcked: number;
  failed: number;
  lastError: string | null;
  /** From the first publish to the last acknowledgement. */
  elapsedMs: number;
  /** From the first publish to the last publish call: the achieved publish rate's base. */
  publishSpanMs: number;
  /** Time spent waiting for the in-flight window: the broker did not keep up. */
  windowWaitMs: number;
  /** Largest lag of a tick behind its schedule. */
  maxLagMs: number;
}

/** A square grid 1 km apart, south-west of Da Lat and clear of every scenario and fleet site. */
const GRID_ORIGIN: LatLon = { lat: 11.6, lon: 108.1 };
const GRID_SPACING_M = 1000;

export function loadDeviceId(index: number): string {
  return `load-${String(index + 1).padStart(5, '0')}`;
}

export function lanePlace(index: number, devices: number): LatLon {
  const columns = Math.ceil(Math.sqrt(devices));
  const p = offsetM(
    GRID_ORIGIN,
    Math.floor(index / columns) * GRID_SPACING_M,
    (index % columns) * GRID_SPACING_M,
  );
  return { lat: round6(p.lat), lon: round6(p.lon) };
}

/**
 * Publishes `rate` events per second for `durationS`, paced on absolute time: every tick
 * sends what is due by then (rate × elapsed − sent), as a batch, without a timer per
 * message, so the rate holds however long one publish takes; the window bounds what is
 * unacknowledged. Lanes take events in turn.
 */
export async function runLoad(
  options: LoadOptions,
  deps: {
    clock: Clock;
    sinkFor: (deviceId: string) => MessageSink;
    onPublish?: (lane: number, atMs: number, eventTsMs: number) => void;
  },
): Promise<LoadResult> {
  const { clock } = deps;
  const window = new InflightWindow(options.window, () => clock.now());
  const total = Math.round(options.rate * options.durationS);
  const ids = Array.from({ length: options.devices }, (_, i) => loadDeviceId(i));
  const places = ids.map((_, i) => lanePlace(i, options.devices));
  const counters = new Array<number>(options.devices).fill(0);
  let sent = 0;
  let messages = 0;
  let acked = 0;
  let lane = 0;
  let maxLagMs = 0;
  const start = clock.now();
  let lastPublishAt = start;

  for (let tick = 0; sent < total && !options.signal?.aborted; tick++) {
    const scheduled = start + tick * options.tickMs;
    const now = clock.now();
    maxLagMs = Math.max(maxLagMs, now - scheduled);
    const due = Math.min(total, Math.floor(((now - start) * options.rate) / 1000)) - sent;
    for (let k = 0; k < due;) {
      const n = Math.min(options.batchSize, due - k);
      const deviceId = ids[lane] as string;
      const at = clock.now();
      const ts = new Date(at).toISOString();
      const events: EventPayload[] = [];
      for (let j = 0; j < n; j++) {
        counters[lane] = (counters[lane] ?? 0) + 1;
        events.push({
          id: eventId(deviceId, options.runTag, counters[lane] as number),
          ts,
          type: options.type,
          location: places[lane],
        });
        deps.onPublish?.(lane, at, Date.parse(ts));
      }
      const message: OutboundMessage =
        n === 1
          ? eventMessage(deviceId, events[0] as EventPayload, options.topicRoot)
          : {
              ...eventMessage(deviceId, events[0] as EventPayload, options.topicRoot),
              payload: JSON.stringify(events),
            };
      await window.add(deps.sinkFor(deviceId).publish(message), (error) => {
        if (!error) acked += n;
      });
      messages += 1;
      sent += n;
      k += n;
      lastPublishAt = clock.now();
      lane = (lane + 1) % options.devices;
    }
    if (sent >= total) break;
    const next = start + (tick + 1) * options.tickMs;
    await clock.sleep(next - clock.now(), options.signal);
  }
  await window.drain();
  return {
    eventsPublished: sent,
    messagesPublished: messages,
    eventsAcked: acked,
    failed: window.failed,
    lastError: window.lastError?.message ?? null,
    elapsedMs: clock.now() - start,
    publishSpanMs: lastPublishAt - start,
    windowWaitMs: window.waitedMs,
    maxLagMs,
  };
}
