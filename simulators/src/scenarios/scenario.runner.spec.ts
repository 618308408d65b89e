import { haversineM, validateEvent, type LatLon } from '@ioc/shared';
import { ManualClock } from '../clock';
import { RecordingSink } from '../testing/recording.sink';
import { parseScenario } from './scenario.registry';
import {
  describeExpectation,
  runScenario,
  scenarioDurationS,
  stepMessageBuilder,
} from './scenario.runner';

const home = { lat: 11.94, lon: 108.44 };
const scenario = parseScenario({
  name: 'timed',
  title: 'Timed steps',
  devices: { 'cam-1': { kind: 'camera', name: 'Cam 1', location: home, zone: 'center' } },
  steps: [
    {
      at: 4,
      action: 'event',
      device: 'cam-1',
      event: { type: 'urban.crowd', offset: { northM: 100, eastM: 0 } },
    },
    { at: 0, action: 'birth', device: 'cam-1' },
    { at: 0, action: 'status', device: 'cam-1', status: 'online' },
    {
      at: 2,
      action: 'event',
      device: 'cam-1',
      event: { type: 'urban.littering', confidence: 0.5 },
    },
    { at: 4, action: 'telemetry', device: 'cam-1', readings: { noise: 70 }, qos: 0 },
  ],
  expect: { incidents: [{ category: 'urban', zone: 'center', minSeverity: 'low', count: 2 }] },
});

describe('runScenario', () => {
  it('publishes each step at its scenario time, divided by the speed', async () => {
    const clock = new ManualClock();
    const start = clock.now();
    const sink = new RecordingSink();
    const published: { channel: string; at: number }[] = [];
    const run = runScenario(scenario, {
      sink,
      clock,
      speed: 2,
      topicRoot: 'ioc',
      runTag: 'r',
      seed: 1,
      onPublish: (m) => published.push({ channel: m.channel, at: clock.now() - start }),
    });
    await clock.advance(2000);
    const result = await run;
    expect(result.completed).toBe(true);
    expect(published).toEqual([
      { channel: 'birth', at: 0 },
      { channel: 'status', at: 0 },
      { channel: 'events', at: 1000 },
      // Same time: listed order.
      { channel: 'events', at: 2000 },
      { channel: 'telemetry', at: 2000 },
    ]);
    expect(sink.messages.at(-1)).toEqual(expect.objectContaining({ qos: 0, retain: false }));
  });

  it('with speed 0 publishes everything at once', async () => {
    const clock = new ManualClock();
    const sink = new RecordingSink();
    const result = await runScenario(scenario, {
      sink,
      clock,
      speed: 0,
      topicRoot: 'ioc',
      runTag: 'r',
      seed: 1,
    });
    expect(result.completed).toBe(true);
    expect(sink.messages).toHaveLength(5);
    expect(clock.pending).toBe(0);
  });

  it('stops when aborted', async () => {
    const clock = new ManualClock();
    const sink = new RecordingSink();
    const controller = new AbortController();
    const run = runScenario(scenario, {
      sink,
      clock,
      speed: 1,
      topicRoot: 'ioc',
      runTag: 'r',
      seed: 1,
      signal: controller.signal,
    });
    await clock.advance(1000);
    controller.abort();
    const result = await run;
    expect(result.completed).toBe(false);
    expect(result.messages.map((m) => m.channel)).toEqual(['birth', 'status']);
  });

  it('numbers, stamps and places events', () => {
    const build = stepMessageBuilder(scenario, { topicRoot: 'sim-x', runTag: 'r', seed: 1 });
    const now = Date.parse('2026-11-23T08:00:00Z');
    const offsetStep = scenario.steps[0]!;
    const plainStep = scenario.steps[3]!;
    const a = build(plainStep, now);
    const b = build(offsetStep, now + 5);
    expect(a.topic).toBe('sim-x/devices/cam-1/events');
    const first = JSON.parse(a.payload) as Record<string, unknown>;
    const second = JSON.parse(b.payload) as { id: string; ts: string; location: LatLon };
    expect(first).toEqual({
      id: 'cam-1-r-000001',
      ts: '2026-11-23T08:00:00.000Z',
      type: 'urban.littering',
      confidence: 0.5,
    });
    expect(second.id).toBe('cam-1-r-000002');
    expect(second.ts).toBe('2026-11-23T08:00:00.005Z');
    expect(haversineM(second.location, home)).toBeCloseTo(100, 0);
    expect(validateEvent(second, now).ok).toBe(true);
  });

  it('describes its duration and expectation', () => {
    expect(scenarioDurationS(scenario)).toBe(4);
    expect(describeExpectation(scenario.expect.incidents)).toEqual([
      '2 urban incidents, in zone center, severity at least low',
    ]);
    expect(describeExpectation([])).toEqual(['no incident expected']);
  });
});
