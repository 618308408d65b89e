import { haversineM, validateEvent, type Incident } from '@ioc/shared';
import { ManualClock } from '../clock';
import { InflightWindow } from '../inflight';
import type { OutboundMessage } from '../messages';
import { RecordingSink } from '../testing/recording.sink';
import { LatencyTracker, summarize } from './latency.tracker';
import { lanePlace, loadDeviceId, runLoad, type LoadOptions } from './load.runner';

const options: LoadOptions = {
  rate: 500,
  durationS: 4,
  devices: 10,
  batchSize: 1,
  tickMs: 10,
  window: 1000,
  type: 'traffic.congestion',
  topicRoot: 'ioc',
  runTag: 'load',
};

async function play(o: Partial<LoadOptions>, sink = new RecordingSink()) {
  const clock = new ManualClock();
  const sends: { at: number; message: OutboundMessage }[] = [];
  const start = clock.now();
  const run = runLoad(
    { ...options, ...o },
    {
      clock,
      sinkFor: () => ({
        publish: (m) => {
          sends.push({ at: clock.now() - start, message: m });
          return sink.publish(m);
        },
      }),
    },
  );
  await clock.advance(((o.durationS ?? options.durationS) + 1) * 1000);
  return { result: await run, sends };
}

describe('runLoad', () => {
  it('holds the rate on absolute time, sending what is due each tick', async () => {
    const { result, sends } = await play({});
    expect(result.eventsPublished).toBe(2000);
    expect(result.eventsAcked).toBe(2000);
    expect(result.failed).toBe(0);
    // Every whole second has its share: rate × elapsed, never a burst ahead of schedule.
    for (const second of [1, 2, 3]) {
      const upTo = sends.filter((s) => s.at <= second * 1000).length;
      expect(upTo).toBeGreaterThanOrEqual(500 * second - 5);
      expect(upTo).toBeLessThanOrEqual(500 * second);
    }
    // Per tick of 10 ms: 5 events.
    const perTick = new Map<number, number>();
    for (const s of sends) perTick.set(s.at, (perTick.get(s.at) ?? 0) + 1);
    expect(Math.max(...perTick.values())).toBe(5);
    expect(result.publishSpanMs).toBe(4000);
  });

  it('spreads events over the devices, each at its own place, and they validate', async () => {
    const { sends } = await play({ durationS: 1 });
    const byDevice = new Map<string, number>();
    for (const { message } of sends)
      byDevice.set(message.deviceId, (byDevice.get(message.deviceId) ?? 0) + 1);
    expect(byDevice.size).toBe(10);
    for (const n of byDevice.values()) expect(n).toBe(50);
    const event = JSON.parse(String(sends[0]!.message.payload)) as Record<string, unknown>;
    expect(validateEvent(event, Date.now() + 60_000).ok).toBe(true);
    expect(event.id).toBe(`${loadDeviceId(0)}-load-000001`);
    // Lanes are 1 km apart: far beyond the traffic radius of 300 m.
    expect(haversineM(lanePlace(0, 100), lanePlace(1, 100))).toBeCloseTo(1000, -1);
    expect(haversineM(lanePlace(0, 100), lanePlace(10, 100))).toBeCloseTo(1000, -1);
  });

  it('batches several events per message when asked', async () => {
    const { result, sends } = await play({ batchSize: 5, durationS: 1 });
    expect(result.eventsPublished).toBe(500);
    expect(result.messagesPublished).toBe(100);
    const batch = JSON.parse(String(sends[0]!.message.payload)) as unknown[];
    expect(batch).toHaveLength(5);
  });

  it('counts failed publishes without stopping', async () => {
    let calls = 0;
    const flaky = new RecordingSink();
    const sink = {
      publish: async (m: OutboundMessage) => {
        calls += 1;
        if (calls % 10 === 0) throw new Error('broker says no');
        return flaky.publish(m);
      },
    } as unknown as RecordingSink;
    const { result } = await play({ durationS: 1 }, sink);
    expect(result.failed).toBe(50);
    expect(result.lastError).toBe('broker says no');
    expect(result.eventsAcked).toBe(450);
  });
});

describe('InflightWindow', () => {
  it('waits for room when full and counts outcomes', async () => {
    const window = new InflightWindow(2);
    const resolvers: (() => void)[] = [];
    const task = (): Promise<void> => new Promise<void>((resolve) => resolvers.push(resolve));
    await window.add(task());
    let third = false;
    const adding = window.add(task()).then(() => (third = true));
    await new Promise((r) => setImmediate(r));
    expect(third).toBe(false);
    resolvers[0]!();
    await adding;
    expect(third).toBe(true);
    await window.add(Promise.reject(new Error('no')));
    resolvers[1]!();
    await window.drain();
    expect(window.settled).toBe(2);
    expect(window.failed).toBe(1);
    expect(window.lastError?.message).toBe('no');
  });
});

describe('LatencyTracker', () => {
  const incident = (
    id: string,
    source: string,
    eventCount: number,
    seq: number,
    lastSeen: number,
  ): Incident =>
    ({
      id,
      sources: [source],
      eventCount,
      seq,
      lastSeen: new Date(lastSeen).toISOString(),
    }) as Incident;

  it('gives every event the arrival of the first push that counts it, coalesced or not', () => {
    const tracker = new LatencyTracker(['load-00001', 'load-00002']);
    for (let i = 0; i < 4; i++) tracker.onPublish(0, 1000 + i * 10, 1000 + i * 10);
    tracker.onPublish(1, 1005, 1005);
    tracker.onIncident(incident('a', 'load-00001', 1, 1, 1000), 1004);
    // A coalesced push: events 2–4 at once.
    tracker.onIncident(incident('a', 'load-00001', 4, 3, 1030), 1040);
    // A stale push (lower seq) changes nothing.
    tracker.onIncident(incident('a', 'load-00001', 2, 2, 1010), 1050);
    tracker.onIncident(incident('b', 'load-00002', 1, 4, 1005), 1011);
    tracker.onIncident(incident('c', 'someone-else', 1, 5, 1005), 1011);
    expect(tracker.samples).toEqual([4, 30, 20, 10, 6]);
    expect(tracker.delivered).toBe(5);
  });

  it("ignores an earlier run's events in an incident this run joined", () => {
    const tracker = new LatencyTracker(['load-00001']);
    tracker.onPublish(0, 5000, 5000);
    tracker.onPublish(0, 5010, 5010);
    // The incident already held 40 events of an earlier run at the same place.
    tracker.onIncident(incident('old', 'load-00001', 41, 7, 5000), 5003);
    tracker.onIncident(incident('old', 'load-00001', 42, 8, 5010), 5016);
    expect(tracker.samples).toEqual([3, 6]);
  });

  it('summarises nearest-rank percentiles', () => {
    const s = summarize(Array.from({ length: 100 }, (_, i) => i + 1));
    expect(s).toEqual({ count: 100, p50: 50, p95: 95, p99: 99, max: 100 });
    expect(summarize([])).toEqual({ count: 0, p50: null, p95: null, p99: null, max: null });
  });
});
