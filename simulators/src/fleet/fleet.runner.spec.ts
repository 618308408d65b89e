import {
  parseDeviceTopic,
  validateBirth,
  validateEvent,
  validateStatus,
  validateTelemetry,
  type DeviceChannel,
} from '@ioc/shared';
import { ManualClock } from '../clock';
import type { OutboundMessage } from '../messages';
import { RecordingSink } from '../testing/recording.sink';
import { FleetRunner, formatElapsed, type FleetRunOptions } from './fleet.runner';

const ROOT = 'sim-unit';

const baseOptions: FleetRunOptions = {
  cameras: 6,
  sensors: 8,
  seed: 1,
  speed: 1,
  durationS: 60,
  eventRate: 0.5,
  topicRoot: ROOT,
  connections: 2,
  runTag: 'unit',
  // The spec's arithmetic uses a 10 s cadence; realistic intervals have their own test.
  intervalS: 10,
};

async function runFleet(overrides: Partial<FleetRunOptions>, advanceMs: number) {
  const options = { ...baseOptions, ...overrides };
  const clock = new ManualClock();
  const connections: RecordingSink[] = [];
  const log: string[] = [];
  const runner = new FleetRunner(options, {
    clock,
    log: (line) => log.push(line),
    connect: async (_index, will, owner) => {
      const sink = new RecordingSink(will, owner);
      connections.push(sink);
      return sink;
    },
  });
  const controller = new AbortController();
  const startedAt = clock.now();
  const run = runner.run(controller.signal);
  await clock.advance(advanceMs);
  controller.abort();
  const result = await run;
  const messages = connections.flatMap((c) => c.messages);
  return { result, messages, connections, log, clock, startedAt };
}

const on = (messages: OutboundMessage[], channel: DeviceChannel) =>
  messages.filter((m) => m.channel === channel);

describe('FleetRunner', () => {
  it('announces every device, reports telemetry every 10 s and events at the rate, then says offline', async () => {
    const { result, messages, connections, log, clock } = await runFleet({}, 60_000);
    const devices = 6 + 8 + 2; // cameras, sensors, one gateway per connection
    expect(result.devices).toBe(devices);
    expect(connections.every((c) => c.closed)).toBe(true);

    for (const m of messages)
      expect(parseDeviceTopic(m.topic, ROOT)).toEqual({ deviceId: m.deviceId, channel: m.channel });

    const births = on(messages, 'birth');
    expect(new Set(births.map((m) => m.deviceId)).size).toBe(devices);
    for (const m of births) {
      expect(m).toEqual(expect.objectContaining({ qos: 1, retain: true }));
      expect(validateBirth(JSON.parse(String(m.payload))).ok).toBe(true);
    }

    const statuses = on(messages, 'status');
    for (const m of statuses) {
      expect(m).toEqual(expect.objectContaining({ qos: 1, retain: true }));
      expect(validateStatus(m.payload).ok).toBe(true);
    }
    // Each device: online first (then heartbeats), offline last.
    for (const id of new Set(births.map((m) => m.deviceId))) {
      const own = statuses.filter((m) => m.deviceId === id).map((m) => m.payload);
      expect(own[0]).toBe('online');
      expect(own.at(-1)).toBe('offline');
      expect(own.slice(0, -1).every((s) => s === 'online')).toBe(true);
    }

    const telemetry = on(messages, 'telemetry');
    for (const m of telemetry) {
      const result = validateTelemetry(JSON.parse(String(m.payload)), clock.now());
      expect(result.ok).toBe(true);
    }
    const perSensor = new Map<string, number>();
    for (const m of telemetry) perSensor.set(m.deviceId, (perSensor.get(m.deviceId) ?? 0) + 1);
    expect(perSensor.size).toBe(8);
    for (const n of perSensor.values()) expect(n).toBeGreaterThanOrEqual(5);
    for (const n of perSensor.values()) expect(n).toBeLessThanOrEqual(7);

    const events = on(messages, 'events');
    // 0.5/s over 60 s: 30 on average.
    expect(events.length).toBeGreaterThan(10);
    expect(events.length).toBeLessThan(60);
    for (const m of events) {
      expect(m).toEqual(expect.objectContaining({ qos: 1, retain: false }));
      const result = validateEvent(JSON.parse(String(m.payload)), clock.now());
      if (!result.ok) throw new Error(result.message);
    }

    // A summary every 10 s; at 60 s the final line stands for it.
    expect(log.filter((l) => /^fleet 00:00:[1-5]0: 16 devices; sent /.test(l))).toHaveLength(5);
    expect(log.at(-1)).toMatch(
      /^fleet: stopped after 00:01:00; sent birth 16, status \d+, events \d+, telemetry \d+; failed 0$/,
    );
  });

  it('gives each connection one gateway whose Last Will is its offline status, and spreads devices', async () => {
    const { connections, messages } = await runFleet({ connections: 3, durationS: 1 }, 1000);
    expect(connections).toHaveLength(3);
    expect(connections.map((c) => c.will)).toEqual(
      ['gw-sim-01', 'gw-sim-02', 'gw-sim-03'].map((id): unknown =>
        expect.objectContaining({
          deviceId: id,
          channel: 'status',
          payload: 'offline',
          qos: 1,
          retain: true,
        }),
      ),
    );
    for (const c of connections) {
      const births = c.messages.filter((m) => m.channel === 'birth');
      // Its gateway is announced first on each connection, and the devices are shared out.
      expect(births[0]?.deviceId).toBe((c.will as OutboundMessage).deviceId);
      expect(births.length).toBeGreaterThan(3);
    }
    // Each gateway says offline after every device of its connection.
    for (const c of connections) {
      const offline = c.messages.filter((m) => m.channel === 'status' && m.payload === 'offline');
      expect(offline.at(-1)?.deviceId).toBe((c.will as OutboundMessage).deviceId);
    }
    expect(messages.filter((m) => m.payload === 'offline')).toHaveLength(6 + 8 + 3);
  });

  it("reports at each sensor kind's realistic interval, and heartbeats what is otherwise quiet", async () => {
    const { messages } = await runFleet({ intervalS: 0, eventRate: 0, durationS: 0 }, 10 * 60_000);
    const telemetry = on(messages, 'telemetry');
    const perSensor = new Map<string, number>();
    for (const m of telemetry) perSensor.set(m.deviceId, (perSensor.get(m.deviceId) ?? 0) + 1);
    // 10 minutes: air, water and rain every 60 s (10 readings), tilt and weather every 120 s (5).
    for (const [id, n] of perSensor) {
      const expected = /^(tilt|wx)-/.test(id) ? 5 : 10;
      expect([id, n]).toEqual([id, expect.any(Number)]);
      expect(n).toBeGreaterThanOrEqual(expected - 1);
      expect(n).toBeLessThanOrEqual(expected + 1);
    }
    // Cameras and gateways send nothing periodic: they say online at least every minute,
    // well inside the hub's 5-minute silence rule.
    const statuses = on(messages, 'status').filter((m) => m.payload === 'online');
    for (const id of [
      'gw-sim-01',
      'gw-sim-02',
      ...new Set(
        on(messages, 'birth')
          .map((m) => m.deviceId)
          .filter((d) => d.startsWith('cam-')),
      ),
    ]) {
      const beats = statuses.filter((m) => m.deviceId === id).length;
      expect([id, beats >= 10]).toEqual([id, true]);
    }
    // Sensors reporting every minute or two need no heartbeat.
    const sensorBeats = statuses.filter((m) => /^(aq|wl|rain|tilt|wx)-/.test(m.deviceId));
    expect(sensorBeats.length).toBe(8);
  });

  it('refuses more than 10,000 devices', async () => {
    const runner = new FleetRunner(
      { ...baseOptions, cameras: 5000, sensors: 5001 },
      {
        clock: new ManualClock(),
        log: () => undefined,
        connect: async (_i, will) => new RecordingSink(will),
      },
    );
    await expect(runner.run(new AbortController().signal)).rejects.toThrow(/at most 10000 devices/);
  });

  it('hands every published message to the tap, for recording', async () => {
    const tapped: OutboundMessage[] = [];
    const clock = new ManualClock();
    const runner = new FleetRunner(
      { ...baseOptions, durationS: 20 },
      {
        clock,
        log: () => undefined,
        connect: async (_i, will) => new RecordingSink(will),
        tap: (m) => tapped.push(m),
      },
    );
    const run = runner.run(new AbortController().signal);
    await clock.advance(20_000);
    const result = await run;
    const total = Object.entries(result.counts)
      .filter(([k]) => k !== 'failed')
      .reduce((a, [, v]) => a + v, 0);
    expect(tapped).toHaveLength(total);
  });

  it('runs simulated time faster with --speed', async () => {
    const { messages } = await runFleet({ speed: 60, durationS: 10, eventRate: 0 }, 10_000);
    const telemetry = on(messages, 'telemetry');
    // 10 s at 60x is 10 simulated minutes: 60 readings per sensor.
    expect(telemetry.length).toBeGreaterThanOrEqual(8 * 59);
    expect(telemetry.length).toBeLessThanOrEqual(8 * 61);
    expect(on(messages, 'events')).toHaveLength(0);
  });

  it('stops early on abort', async () => {
    const { messages, log } = await runFleet({ durationS: 0 }, 15_000);
    expect(on(messages, 'status').filter((m) => m.payload === 'offline')).toHaveLength(16);
    expect(log.at(-1)).toMatch(/^fleet: stopped after 00:00:15/);
  });

  it('closes what it opened when a connection fails', async () => {
    const opened: RecordingSink[] = [];
    const runner = new FleetRunner(
      { ...baseOptions, connections: 3 },
      {
        clock: new ManualClock(),
        log: () => undefined,
        connect: async (index, will) => {
          if (index === 1) throw new Error('broker says no');
          const sink = new RecordingSink(will);
          opened.push(sink);
          return sink;
        },
      },
    );
    await expect(runner.run(new AbortController().signal)).rejects.toThrow('broker says no');
    expect(opened.every((c) => c.closed && c.messages.length === 0)).toBe(true);
  });

  it('with device identity, connects each device as itself with its own Last Will, no gateways', async () => {
    const { result, messages, connections } = await runFleet({ perDevice: true }, 20_000);
    expect(result.devices).toBe(6 + 8);
    expect(connections).toHaveLength(6 + 8);
    for (const connection of connections) {
      expect(connection.will).toEqual(
        expect.objectContaining({
          deviceId: connection.owner,
          channel: 'status',
          payload: 'offline',
        }),
      );
      // A device speaks only for itself: its connection carries nothing of another's.
      expect(connection.messages.every((m) => m.deviceId === connection.owner)).toBe(true);
      expect(connection.closed).toBe(true);
    }
    expect(messages.some((m) => m.deviceId.startsWith('gw-sim-'))).toBe(false);
  });
});

describe('formatElapsed', () => {
  it('formats hours, minutes and seconds', () => {
    expect(formatElapsed(3_723_999)).toBe('01:02:03');
    expect(formatElapsed(-5)).toBe('00:00:00');
  });
});
