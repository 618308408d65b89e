import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_PASSWORD, HubProcess } from '../support/hub-process';
import { expectEventually } from '../support/eventually';
import { counterValue, metricsText } from '../support/metrics';
import { runSimulatorForResult } from '../support/simulator-run';

// Paced load with publish → /live latency, and record/replay, against the real hub.
// Rates and latencies are reported, never asserted against a budget (docs/benchmarks.md).

describe('load, record and replay against the hub', () => {
  let hub: HubProcess;
  let dir: string;

  beforeAll(async () => {
    hub = await HubProcess.start('load-and-replay', { broker: 'embedded', database: 'sqlite' });
    dir = mkdtempSync(join(tmpdir(), 'ioc-e2e-replay-'));
  });

  afterAll(async () => {
    await hub?.dispose();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const sim = (...args: string[]) =>
    runSimulatorForResult([...args, '--url', hub.mqttUrl, '--topic-root', hub.topicRoot], {
      env: { IOC_SIM_PASSWORD: DEMO_PASSWORD },
    });

  it('publishes at the asked rate and reports publish → /live latency percentiles for every event', async () => {
    const before = counterValue(await metricsText(hub.baseUrl), 'ioc_events_accepted_total');
    const run = await sim(
      'load',
      '--rate',
      '200',
      '--duration',
      '3',
      '--devices',
      '20',
      '--hub',
      hub.baseUrl,
    );
    if (run.code !== 0) throw new Error(run.output);
    const rate =
      /published 600 events in 600 messages over [\d.]+ s: ([\d.]+) events\/s \(target 200\); acknowledged 600/.exec(
        run.output,
      );
    expect(rate).not.toBeNull();
    // Absolute pacing: the achieved rate is the asked one, within a few percent.
    expect(Number(rate?.[1])).toBeGreaterThan(190);
    expect(Number(rate?.[1])).toBeLessThan(210);
    expect(run.output).toMatch(
      /latency publish → \/live \(600 of 600 events seen\): p50 [\d.]+ ms, p95 [\d.]+ ms, p99 [\d.]+ ms, max [\d.]+ ms/,
    );
    await expectEventually(async () =>
      expect(
        counterValue(await metricsText(hub.baseUrl), 'ioc_events_accepted_total') - before,
      ).toBe(600),
    );
  });

  it('records what a fleet published and replays it at any speed, as new events or as duplicates', async () => {
    const file = join(dir, 'fleet.jsonl');
    const eventMessages = async (): Promise<number> =>
      counterValue(await metricsText(hub.baseUrl), 'ioc_mqtt_messages_total', {
        channel: 'events',
      });
    const duplicates = async (): Promise<number> =>
      counterValue(await metricsText(hub.baseUrl), 'ioc_events_duplicate_total');
    const beforeFleet = await eventMessages();
    const fleet = await sim(
      'fleet',
      '--cameras',
      '4',
      '--sensors',
      '6',
      '--speed',
      '60',
      '--interval',
      '10',
      '--event-rate',
      '2',
      '--duration',
      '2',
      '--record',
      file,
    );
    if (fleet.code !== 0) throw new Error(fleet.output);
    const lines = readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { channel?: string });
    const recordedEvents = lines.filter((l) => l.channel === 'events').length;
    expect(recordedEvents).toBeGreaterThan(10);
    expect(fleet.output).toContain(`fleet: recorded ${lines.length - 1} messages to ${file}`);

    // The hub has taken every recorded event before the replays start.
    await expectEventually(async () =>
      expect(await eventMessages()).toBe(beforeFleet + recordedEvents),
    );

    // Ten times faster, with fresh ids and timestamps: all new to the hub.
    const [m0, d0] = [await eventMessages(), await duplicates()];
    const fast = await sim('replay', file, '--speed', '10');
    if (fast.code !== 0) throw new Error(fast.output);
    expect(fast.output).toMatch(new RegExp(`events ${recordedEvents}, telemetry \\d+; failed 0`));
    await expectEventually(async () => expect(await eventMessages()).toBe(m0 + recordedEvents));
    expect(await duplicates()).toBe(d0);

    // As recorded (same ids) and as fast as possible: every event is a duplicate of the fleet's.
    const verbatim = await sim('replay', file, '--speed', '0', '--keep-ids', '--keep-timestamps');
    if (verbatim.code !== 0) throw new Error(verbatim.output);
    expect(verbatim.output).toContain('payloads as recorded');
    await expectEventually(async () => expect(await duplicates()).toBe(d0 + recordedEvents));
  });
});

describe('record and replay against a hub that admits provisioned devices only', () => {
  let hub: HubProcess;
  let dir: string;

  beforeAll(async () => {
    hub = await HubProcess.start('replay-identity', {
      broker: 'embedded',
      database: 'sqlite',
      anonymousDevices: false,
    });
    dir = mkdtempSync(join(tmpdir(), 'ioc-e2e-replay-identity-'));
  });

  afterAll(async () => {
    await hub?.dispose();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const sim = (...args: string[]) =>
    runSimulatorForResult([...args, '--url', hub.mqttUrl, '--topic-root', hub.topicRoot]);

  it('replays each device with its own credentials, and is refused anonymously', async () => {
    const recording = join(dir, 'fleet.jsonl');
    const credentials = join(dir, 'creds.json');
    const eventMessages = async (): Promise<number> =>
      counterValue(await metricsText(hub.baseUrl), 'ioc_mqtt_messages_total', {
        channel: 'events',
      });
    const login = ['--hub', hub.baseUrl, '--username', 'admin', '--password', DEMO_PASSWORD];
    const fleet = await sim(
      'fleet',
      ...['--cameras', '3', '--sensors', '3', '--speed', '60', '--interval', '10'],
      ...['--event-rate', '2', '--duration', '2', '--record', recording],
      ...['--credentials', credentials, '--provision', ...login],
    );
    if (fleet.code !== 0) throw new Error(fleet.output);
    const recordedEvents = readFileSync(recording, 'utf8')
      .trim()
      .split('\n')
      .filter((l) => (JSON.parse(l) as { channel?: string }).channel === 'events').length;
    expect(recordedEvents).toBeGreaterThan(3);
    await expectEventually(async () => expect(await eventMessages()).toBe(recordedEvents));

    const anonymous = await sim('replay', recording, '--speed', '0');
    expect(anonymous.code).not.toBe(0);
    expect(anonymous.output).toContain('it wants per-device credentials');

    const replay = await sim('replay', recording, '--speed', '0', '--credentials', credentials);
    if (replay.code !== 0) throw new Error(replay.output);
    expect(replay.output).toContain(`each device as itself (${credentials})`);
    expect(replay.output).toMatch(new RegExp(`events ${recordedEvents}, telemetry \\d+; failed 0`));
    await expectEventually(async () => expect(await eventMessages()).toBe(2 * recordedEvents));
  });
});
