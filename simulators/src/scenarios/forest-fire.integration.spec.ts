import { validateBirth, validateEvent, validateStatus, validateTelemetry } from '@ioc/shared';
import { systemClock } from '../clock';
import { runTagFor } from '../messages';
import { MqttPublisher } from '../publisher';
import { TEST_BROKER_URL, TopicRecorder, uniqueTopicRoot } from '../testing/broker';
import { expectEventually } from '../testing/eventually';
import { resolveScenario } from './scenario.loader';
import { runScenario } from './scenario.runner';

// Against a real broker: what the runner publishes is what a subscriber receives, and it
// passes the hub's validation.
describe('forest-fire scenario over MQTT', () => {
  const root = uniqueTopicRoot();
  let recorder: TopicRecorder;
  let publisher: MqttPublisher | undefined;

  beforeAll(async () => {
    recorder = await TopicRecorder.start(root);
  });

  afterAll(async () => {
    await publisher?.close();
    await recorder?.stop();
  });

  it('delivers births, statuses, events and telemetry that validate', async () => {
    const scenario = resolveScenario('forest-fire').scenario;
    publisher = await MqttPublisher.connect({
      url: TEST_BROKER_URL,
      clientId: `${root}-scenario`,
      connectTimeoutMs: 5000,
    });
    const runTag = runTagFor(Date.now());
    const result = await runScenario(scenario, {
      sink: publisher,
      clock: systemClock,
      speed: 0,
      topicRoot: root,
      runTag,
      seed: 1,
    });
    expect(result.completed).toBe(true);
    await publisher.close();
    publisher = undefined;

    await expectEventually(() => expect(recorder.received).toHaveLength(scenario.steps.length));
    const now = Date.now();

    const births = recorder.on('birth');
    expect(births.map((b) => b.deviceId).sort()).toEqual(Object.keys(scenario.devices).sort());
    for (const b of births) {
      expect(validateBirth(JSON.parse(b.payload))).toEqual({
        ok: true,
        value: scenario.devices[b.deviceId],
      });
    }
    for (const s of recorder.on('status'))
      expect(validateStatus(s.payload)).toEqual({ ok: true, value: 'online' });

    const events = recorder.on('events').map((e) => {
      const v = validateEvent(JSON.parse(e.payload), now);
      if (!v.ok) throw new Error(`${e.topic}: ${v.message}`);
      return { device: e.deviceId, ...v.value };
    });
    expect(events.map((e) => `${e.device} ${e.type}`)).toEqual([
      'cam-langbiang-ridge-1 fire.smoke',
      'cam-langbiang-ridge-2 fire.smoke',
      'cam-langbiang-ridge-1 fire.flame',
      'cam-langbiang-ridge-2 fire.flame',
    ]);
    for (const e of events) {
      expect(e.id.startsWith(`${e.device}-${runTag}-`)).toBe(true);
      // Wall-clock timestamps: at most a few seconds old.
      expect(now - e.ts).toBeLessThan(10_000);
    }

    const temps = recorder.on('telemetry').map((t) => {
      const v = validateTelemetry(JSON.parse(t.payload), now);
      if (!v.ok) throw new Error(v.message);
      return v.value.readings.temperature;
    });
    expect(temps.filter((t) => t !== undefined && t >= 50).length).toBeGreaterThanOrEqual(2);
  }, 20_000);
});
