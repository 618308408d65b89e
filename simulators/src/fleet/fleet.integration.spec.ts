import { validateBirth, validateEvent, validateTelemetry } from '@ioc/shared';
import { systemClock } from '../clock';
import { MqttPublisher } from '../publisher';
import { TEST_BROKER_URL, TopicRecorder, uniqueTopicRoot } from '../testing/broker';
import { expectEventually } from '../testing/eventually';
import { FleetRunner } from './fleet.runner';

describe('fleet over MQTT', () => {
  const root = uniqueTopicRoot();
  let recorder: TopicRecorder;

  beforeAll(async () => {
    recorder = await TopicRecorder.start(root);
  });

  afterAll(async () => {
    await recorder?.stop();
  });

  it('announces, reports and says offline over two connections', async () => {
    const log: string[] = [];
    const runner = new FleetRunner(
      {
        cameras: 4,
        sensors: 6,
        seed: 3,
        speed: 60,
        durationS: 1,
        eventRate: 1,
        topicRoot: root,
        connections: 2,
        runTag: 'it',
        intervalS: 10,
      },
      {
        clock: systemClock,
        log: (line) => log.push(line),
        connect: (index, will) =>
          MqttPublisher.connect({
            url: TEST_BROKER_URL,
            clientId: `${root}-fleet-${index}`,
            will,
            connectTimeoutMs: 5000,
          }),
      },
    );
    const result = await runner.run(new AbortController().signal);
    expect(result.devices).toBe(12);
    expect(result.counts.failed).toBe(0);

    // Every device (2 gateways included) ends offline, after its birth and online.
    await expectEventually(() =>
      expect(recorder.on('status').filter((s) => s.payload === 'offline')).toHaveLength(12),
    );
    const now = Date.now();
    expect(recorder.on('birth')).toHaveLength(12);
    for (const b of recorder.on('birth'))
      expect(validateBirth(JSON.parse(b.payload)).ok).toBe(true);
    for (const t of recorder.on('telemetry'))
      expect(validateTelemetry(JSON.parse(t.payload), now).ok).toBe(true);
    for (const e of recorder.on('events'))
      expect(validateEvent(JSON.parse(e.payload), now).ok).toBe(true);
    // 6 sensors at 60x for 1 s: 6 readings each; 1 event per simulated second: ~60.
    expect(recorder.on('telemetry').length).toBeGreaterThanOrEqual(6 * 4);
    expect(recorder.on('events').length).toBeGreaterThan(20);
    expect(result.counts.events).toBe(recorder.on('events').length);
    expect(log.at(-1)).toMatch(/^fleet: stopped after/);
  }, 20_000);
});
