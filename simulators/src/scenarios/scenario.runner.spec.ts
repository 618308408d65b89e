import { haversineM, validateEvent, type LatLon } from '@ioc/shared';
import { ManualClock } from '../clock';
import { RecordingSink } from '../testing/recording.sink';
import { parseScenario } from './scenario.loader';
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
      onStep: (p) => {
        if (p.kind === 'message')
          published.push({ channel: p.message.channel, at: clock.now() - start });
      },
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
    expect(result.played).toHaveLength(2);
  });

  it('numbers, stamps and places events', () => {
    const build = stepMessageBuilder(scenario, { topicRoot: 'sim-x', runTag: 'r', seed: 1 });
    const now = Date.parse('2026-11-23T08:00:00Z');
    const offsetStep = scenario.steps[0]!;
    const plainStep = scenario.steps[3]!;
    if (plainStep.action !== 'event' || offsetStep.action !== 'event') throw new Error('fixture');
    const a = build.message(plainStep, now);
    const b = build.message(offsetStep, now + 5);
    expect(a.topic).toBe('sim-x/devices/cam-1/events');
    const first = JSON.parse(String(a.payload)) as Record<string, unknown>;
    const second = JSON.parse(String(b.payload)) as { id: string; ts: string; location: LatLon };
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

describe('runScenario with device links and citizen reports', () => {
  const linked = parseScenario({
    name: 'linked',
    title: 'Linked devices',
    devices: { 'cam-1': { kind: 'camera', name: 'Cam 1', location: home, zone: 'center' } },
    steps: [
      { at: 0, action: 'connect', device: 'cam-1' },
      { at: 1, action: 'event', device: 'cam-1', event: { type: 'traffic.accident' } },
      {
        at: 2,
        action: 'report',
        type: 'traffic.accident',
        near: 'cam-1',
        offset: { northM: 50, eastM: 0 },
        description: 'crash',
      },
      { at: 3, action: 'disconnect', device: 'cam-1' },
      { at: 4, action: 'status', device: 'other', status: 'online' },
      { at: 5, action: 'connect', device: 'cam-1' },
    ],
    expect: { incidents: [{ category: 'traffic', sources: ['cam-1', 'citizen'] }] },
  });

  function fakes() {
    const log: string[] = [];
    const connected = new Set<string>();
    const links = {
      connect: async (id: string, will: { payload: string | Buffer; retain: boolean }) => {
        connected.add(id);
        log.push(`connect ${id} will=${String(will.payload)}/${String(will.retain)}`);
      },
      drop: async (id: string) => {
        connected.delete(id);
        log.push(`drop ${id}`);
      },
      publish: async (m: { channel: string; deviceId: string }) => {
        log.push(`link ${m.deviceId} ${m.channel}`);
      },
      isConnected: (id: string) => connected.has(id),
    };
    const shared = {
      publish: async (m: { channel: string; deviceId: string }) =>
        void log.push(`shared ${m.deviceId} ${m.channel}`),
    };
    const reports: { lat: number }[] = [];
    const reporter = {
      report: async (r: { location: { lat: number } }) => {
        reports.push(r.location);
        log.push('report');
        return { source: 'citizen:operator', eventId: 'report-1', incidentId: 'inc-1' };
      },
    };
    return { log, links, shared, reporter, reports };
  }

  it('routes a connected device over its own link, drops it, reports over HTTP', async () => {
    const f = fakes();
    const result = await runScenario(linked, {
      sink: f.shared,
      links: f.links,
      reporter: f.reporter,
      clock: new ManualClock(),
      speed: 0,
      topicRoot: 'ioc',
      runTag: 'r',
      seed: 1,
    });
    expect(f.log).toEqual([
      'connect cam-1 will=offline/true',
      'link cam-1 birth',
      'link cam-1 status',
      'link cam-1 events',
      'report',
      'drop cam-1',
      'shared other status',
      'connect cam-1 will=offline/true',
      'link cam-1 birth',
      'link cam-1 status',
    ]);
    expect(result.reports).toEqual([
      { source: 'citizen:operator', eventId: 'report-1', incidentId: 'inc-1' },
    ]);
    expect(haversineM(f.reports[0] as LatLon, home)).toBeCloseTo(50, 0);
    expect(result.played.map((p) => p.kind)).toEqual([
      'connect',
      'message',
      'report',
      'disconnect',
      'message',
      'connect',
    ]);
  });

  it('refuses to start without what the steps need, and names a failing step', async () => {
    const f = fakes();
    const base = {
      sink: f.shared as never,
      clock: new ManualClock(),
      speed: 0,
      topicRoot: 'ioc',
      runTag: 'r',
      seed: 1,
    };
    await expect(runScenario(linked, { ...base, reporter: f.reporter })).rejects.toThrow(
      /connect\/disconnect steps/,
    );
    await expect(runScenario(linked, { ...base, links: f.links })).rejects.toThrow(
      /citizen-report steps: give the hub/,
    );
    const failing = {
      report: async () => {
        throw new Error('this hub has no POST /api/reports (404)');
      },
    };
    await expect(
      runScenario(linked, { ...base, links: f.links, reporter: failing }),
    ).rejects.toThrow('step 3 (t=2 s, report): this hub has no POST /api/reports (404)');
  });

  it('stamps messages with strictly increasing times, even within one millisecond', async () => {
    const sink = new RecordingSink();
    await runScenario(scenario, {
      sink,
      clock: new ManualClock(),
      speed: 0,
      topicRoot: 'ioc',
      runTag: 'r',
      seed: 1,
    });
    const stamps = sink.messages
      .filter((m) => m.channel === 'events' || m.channel === 'telemetry')
      .map((m) => Date.parse((JSON.parse(String(m.payload)) as { ts: string }).ts));
    expect(stamps).toHaveLength(3);
    for (let i = 1; i < stamps.length; i++) expect(stamps[i]).toBeGreaterThan(stamps[i - 1]!);
  });
});
