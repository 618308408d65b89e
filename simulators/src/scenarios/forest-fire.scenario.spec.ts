import {
  DEFAULT_CATEGORY_PARAMETERS,
  DEFAULT_THRESHOLD_RULES,
  haversineM,
  validateBirth,
  validateEvent,
  validateStatus,
  validateTelemetry,
  type LatLon,
} from '@ioc/shared';
import { ManualClock } from '../clock';
import type { OutboundMessage } from '../messages';
import { RecordingSink } from '../testing/recording.sink';
import { resolveScenario } from './scenario.loader';
import { runScenario } from './scenario.runner';

const CAM_1 = 'cam-langbiang-ridge-1';
const CAM_2 = 'cam-langbiang-ridge-2';
const HEAT = 'temp-langbiang-01';

async function play(seed: number): Promise<{ messages: OutboundMessage[]; now: number }> {
  const clock = new ManualClock();
  const sink = new RecordingSink();
  await runScenario(resolveScenario('forest-fire').scenario, {
    sink,
    clock,
    speed: 0,
    topicRoot: 'ioc',
    runTag: 't',
    seed,
  });
  return { messages: sink.messages, now: clock.now() };
}

describe('forest-fire scenario', () => {
  const scenario = resolveScenario('forest-fire').scenario;

  it('validates against the scenario schema and declares valid births', () => {
    expect(scenario.name).toBe('forest-fire');
    for (const birth of Object.values(scenario.devices)) expect(validateBirth(birth).ok).toBe(true);
    expect(Object.keys(scenario.devices).sort()).toEqual([CAM_1, CAM_2, HEAT]);
  });

  it('has two cameras 300–500 m apart, in zone langbiang', () => {
    const a = scenario.devices[CAM_1]!;
    const b = scenario.devices[CAM_2]!;
    const d = haversineM(a.location, b.location);
    expect(d).toBeGreaterThanOrEqual(300);
    expect(d).toBeLessThanOrEqual(500);
    expect(a.zone).toBe('langbiang');
    expect(b.zone).toBe('langbiang');
    expect(scenario.devices[HEAT]!.zone).toBe('langbiang');
  });

  it('publishes births first, then smoke and flame from both cameras within ~300 m', async () => {
    for (const seed of [1, 2, 3, 42]) {
      const { messages, now } = await play(seed);
      const firstEvent = messages.findIndex((m) => m.channel === 'events');
      const births = messages.filter((m) => m.channel === 'birth').map((m) => m.deviceId);
      expect(births).toEqual([CAM_1, CAM_2, HEAT]);
      expect(messages.slice(0, firstEvent).filter((m) => m.channel === 'birth')).toHaveLength(3);

      const events = messages
        .filter((m) => m.channel === 'events')
        .map((m) => {
          const result = validateEvent(JSON.parse(m.payload), now);
          if (!result.ok) throw new Error(result.message);
          return { device: m.deviceId, ...result.value };
        });
      expect(events.map((e) => `${e.device} ${e.type}`)).toEqual([
        `${CAM_1} fire.smoke`,
        `${CAM_2} fire.smoke`,
        `${CAM_1} fire.flame`,
        `${CAM_2} fire.flame`,
      ]);
      const points = events.map((e) => e.location as LatLon);
      for (const p of points)
        for (const q of points) expect(haversineM(p, q)).toBeLessThanOrEqual(300);
      // All of it within the fire radius of the cameras' first report, and ids unique.
      for (const p of points)
        expect(haversineM(p, points[0]!)).toBeLessThan(DEFAULT_CATEGORY_PARAMETERS.fire.radiusM!);
      expect(new Set(events.map((e) => `${e.device}/${e.id}`)).size).toBe(4);
      for (const e of events) expect(e.confidence).toBeGreaterThanOrEqual(0.6);
    }
  });

  it('drives the heat sensor over the fire.heat threshold for 2+ consecutive readings, near the fire', async () => {
    const { messages, now } = await play(1);
    const rule = DEFAULT_THRESHOLD_RULES.find((r) => r.derivedType === 'fire.heat')!;
    const temps = messages
      .filter((m) => m.channel === 'telemetry' && m.deviceId === HEAT)
      .map((m) => {
        const result = validateTelemetry(JSON.parse(m.payload), now);
        if (!result.ok) throw new Error(result.message);
        return result.value.readings.temperature!;
      });
    let run = 0;
    let longest = 0;
    for (const t of temps) {
      run = t >= rule.threshold ? run + 1 : 0;
      longest = Math.max(longest, run);
    }
    expect(longest).toBeGreaterThanOrEqual(rule.consecutive);
    expect(temps[0]).toBeLessThan(rule.threshold);
    const firstEvent = JSON.parse(messages.find((m) => m.channel === 'events')!.payload) as {
      location: LatLon;
    };
    expect(haversineM(scenario.devices[HEAT]!.location, firstEvent.location)).toBeLessThan(500);
  });

  it('marks every device online with a valid status', async () => {
    const { messages } = await play(1);
    const statuses = messages.filter((m) => m.channel === 'status');
    expect(statuses.map((m) => `${m.deviceId} ${m.payload}`)).toEqual([
      `${CAM_1} online`,
      `${CAM_2} online`,
      `${HEAT} online`,
    ]);
    for (const m of statuses) expect(validateStatus(m.payload).ok).toBe(true);
  });

  it('expects one critical fire incident in langbiang, from both cameras and the heat sensor', () => {
    expect(scenario.expect.incidents).toEqual([
      {
        category: 'fire',
        zone: 'langbiang',
        minSeverity: 'critical',
        sources: [CAM_1, CAM_2, HEAT],
        types: ['fire.smoke', 'fire.flame', 'fire.heat'],
        count: 1,
      },
    ]);
  });
});
