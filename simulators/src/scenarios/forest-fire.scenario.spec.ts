import {
  DEFAULT_THRESHOLD_RULES,
  bearingDeg,
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
/** Where the fire truly is: the cameras send bearings towards it, verify checks the estimate. */
const FIRE: LatLon = { lat: 12.0357, lon: 108.4403 };

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

  it('has two cameras on ridges 5–10 km apart whose lines of sight cross the fire at ≥ 45°, in zone langbiang', () => {
    const a = scenario.devices[CAM_1]!;
    const b = scenario.devices[CAM_2]!;
    const d = haversineM(a.location, b.location);
    expect(d).toBeGreaterThanOrEqual(5000);
    expect(d).toBeLessThanOrEqual(10_000);
    const diff = Math.abs(bearingDeg(a.location, FIRE) - bearingDeg(b.location, FIRE)) % 180;
    expect(Math.min(diff, 180 - diff)).toBeGreaterThanOrEqual(45);
    expect(a.zone).toBe('langbiang');
    expect(b.zone).toBe('langbiang');
    expect(scenario.devices[HEAT]!.zone).toBe('langbiang');
  });

  it('publishes births first, then smoke and flame bearings from both cameras towards the fire', async () => {
    for (const seed of [1, 2, 3, 42]) {
      const { messages, now } = await play(seed);
      const firstEvent = messages.findIndex((m) => m.channel === 'events');
      const births = messages.filter((m) => m.channel === 'birth').map((m) => m.deviceId);
      expect(births).toEqual([CAM_1, CAM_2, HEAT]);
      expect(messages.slice(0, firstEvent).filter((m) => m.channel === 'birth')).toHaveLength(3);

      const events = messages
        .filter((m) => m.channel === 'events')
        .map((m) => {
          const result = validateEvent(JSON.parse(String(m.payload)), now);
          if (!result.ok) throw new Error(result.message);
          return { device: m.deviceId, ...result.value };
        });
      expect(events.map((e) => `${e.device} ${e.type}`)).toEqual([
        `${CAM_1} fire.smoke`,
        `${CAM_2} fire.smoke`,
        `${CAM_1} fire.flame`,
        `${CAM_2} fire.flame`,
      ]);
      // Rays, not places: a bearing within the 1.5° jitter of the true one, and ids unique.
      for (const e of events) {
        expect(e.location).toBeUndefined();
        const trueDeg = bearingDeg(scenario.devices[e.device]!.location, FIRE);
        const off = Math.abs(e.bearingDeg! - trueDeg) % 360;
        expect(Math.min(off, 360 - off)).toBeLessThanOrEqual(1.5);
        expect(e.rangeM).toBe(8000);
      }
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
        const result = validateTelemetry(JSON.parse(String(m.payload)), now);
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
    expect(haversineM(scenario.devices[HEAT]!.location, FIRE)).toBeLessThan(500);
  });

  it('marks every device online with a valid status', async () => {
    const { messages } = await play(1);
    const statuses = messages.filter((m) => m.channel === 'status');
    expect(statuses.map((m) => `${m.deviceId} ${String(m.payload)}`)).toEqual([
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
        near: { ...FIRE, withinM: 300 },
      },
    ]);
  });
});
