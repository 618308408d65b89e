import { randomBytes } from 'node:crypto';
import mqtt from 'mqtt';
import type { Socket } from 'socket.io-client';
import { topics, type ClientToServerEvents, type ServerToClientEvents } from '@ioc/shared';
import type { PublisherClient } from './publisher-client';
import { percentiles, type Percentiles } from './stats';
import { nowMs } from './stream';

/** The other traffic, on lanes of its own block, so it never joins the measured lanes. */
export const ALARM_BACKGROUND_BLOCK = 2;
const BACKGROUND_LANES = 200;
const BACKGROUND_RATE = 2000;
/** One new alarm this often, each at a place of its own (a new incident). */
const ALARM_EVERY_MS = 50;
/** 0.05° (about 5.5 km) between alarms: far beyond any category's radius. */
const ALARM_SPACING_DEG = 0.05;
const ALARM_WAIT_MS = 5000;

export interface AlarmLatencyResult {
  /** e.g. `bursts of 200 every 100 ms`. */
  mode: string;
  backgroundRate: number;
  alarms: number;
  /** Alarms whose new incident was never pushed on /live within 5 s. */
  missed: number;
  /** Publish of the alarm → push of its new incident on /live, ms. */
  latencyMs: Percentiles | null;
}

export interface AlarmLatencyOptions {
  mqttUrl: string;
  topicRoot: string;
  /** The console stand-in's socket (LiveProbe). */
  socket: Socket<ServerToClientEvents, ClientToServerEvents>;
  publisher: PublisherClient;
  /** Background events per burst (the bursts are `burst / 2000` s apart). */
  burst: number;
  seconds: number;
  inflight: number;
  runTag: string;
  /** Which measurement of this hub run: each gets places of its own (5° apart). */
  index: number;
}

/**
 * How long a new incident waits behind other traffic (docs/contract.md §8): while the
 * publisher sends 2,000 events/s to 200 busy incidents, paced or in bursts, a separate
 * device raises an alarm at a new place every 50 ms; each is timed from its publish to the
 * /live push that opens its incident.
 */
export async function measureAlarmLatency(
  options: AlarmLatencyOptions,
): Promise<AlarmLatencyResult> {
  const client = await mqtt.connectAsync(options.mqttUrl, {
    clientId: `bench-alarm-${randomBytes(4).toString('hex')}`,
    clean: true,
    reconnectPeriod: 0,
  });
  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  const onIncident = (incident: { sources: string[] }): void => {
    const t = nowMs();
    const device = incident.sources[0];
    const at = device === undefined ? undefined : sentAt.get(device);
    if (at === undefined) return;
    sentAt.delete(device!);
    latencies.push(t - at);
  };
  options.socket.on('incident', onIncident);
  const count = Math.round(options.seconds * BACKGROUND_RATE);
  const background = options.publisher.run(
    {
      topicRoot: options.topicRoot,
      block: ALARM_BACKGROUND_BLOCK,
      lanes: BACKGROUND_LANES,
      idPrefix: `${options.runTag}bg`,
      count,
      rate: BACKGROUND_RATE,
      burst: options.burst,
      inflight: options.inflight,
      dupEvery: 0,
      maxMs: options.seconds * 3000 + 10_000,
    },
    () => undefined,
  );
  let alarms = 0;
  const columns = 40;
  const until = nowMs() + options.seconds * 1000;
  try {
    while (nowMs() < until) {
      const k = alarms++;
      const device = `alarm-${options.runTag}-${k}`;
      const location = {
        lat: Number(
          (20 + options.index * 5 + Math.floor(k / columns) * ALARM_SPACING_DEG).toFixed(5),
        ),
        lon: Number((100 + (k % columns) * ALARM_SPACING_DEG).toFixed(5)),
      };
      const payload = JSON.stringify({
        id: `${device}-1`,
        ts: new Date().toISOString(),
        type: 'fire.flame',
        confidence: 0.95,
        location,
      });
      sentAt.set(device, nowMs());
      client.publish(topics.events(device, options.topicRoot), payload, { qos: 1 });
      await new Promise((resolve) => setTimeout(resolve, ALARM_EVERY_MS));
    }
    await background;
    const deadline = nowMs() + ALARM_WAIT_MS;
    while (sentAt.size > 0 && nowMs() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 50));
  } finally {
    options.socket.off('incident', onIncident);
    await client.endAsync();
  }
  const interval = Math.round((options.burst / BACKGROUND_RATE) * 1000);
  return {
    mode: `bursts of ${options.burst} every ${interval} ms`,
    backgroundRate: BACKGROUND_RATE,
    alarms,
    missed: sentAt.size,
    latencyMs: percentiles(Float64Array.from(latencies)),
  };
}
