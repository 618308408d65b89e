import { ScenarioError, parseScenario } from './scenario.registry';
import type { ScenarioInput } from './scenario.schema';

const base: ScenarioInput = {
  name: 'tiny',
  title: 'A tiny scenario',
  devices: {
    'cam-1': {
      kind: 'camera',
      name: 'Cam 1',
      location: { lat: 11.94, lon: 108.44 },
      zone: 'center',
      capabilities: ['urban.crowd'],
    },
  },
  steps: [
    { at: 0, action: 'birth', device: 'cam-1' },
    { at: 1, action: 'event', device: 'cam-1', event: { type: 'urban.crowd' } },
  ],
  expect: { incidents: [{ category: 'urban' }] },
};

const withSteps = (steps: unknown[]): unknown => ({ ...base, steps });

describe('scenario schema', () => {
  it('accepts a minimal scenario and fills defaults', () => {
    const scenario = parseScenario(base);
    expect(scenario.jitter).toEqual({ locationM: 0, confidence: 0 });
    expect(scenario.expect.incidents).toEqual([
      { category: 'urban', sourcesInclude: [], count: 1 },
    ]);
  });

  it.each([
    [
      'an unknown event type',
      withSteps([{ at: 0, action: 'event', device: 'cam-1', event: { type: 'fire.dragon' } }]),
    ],
    [
      'an unknown metric',
      withSteps([{ at: 0, action: 'telemetry', device: 'cam-1', readings: { radiation: 1 } }]),
    ],
    ['empty readings', withSteps([{ at: 0, action: 'telemetry', device: 'cam-1', readings: {} }])],
    [
      'a bad device id',
      withSteps([{ at: 0, action: 'status', device: 'cam 1', status: 'online' }]),
    ],
    ['a bad status', withSteps([{ at: 0, action: 'status', device: 'cam-1', status: 'sleepy' }])],
    ['a negative time', withSteps([{ at: -1, action: 'birth', device: 'cam-1' }])],
    ['an unknown action', withSteps([{ at: 0, action: 'explode', device: 'cam-1' }])],
    ['a birth of an undeclared device', withSteps([{ at: 0, action: 'birth', device: 'cam-2' }])],
    [
      'an unlocated event of an undeclared device',
      withSteps([{ at: 0, action: 'event', device: 'cam-2', event: { type: 'urban.crowd' } }]),
    ],
    [
      'an event with both location and offset',
      withSteps([
        {
          at: 0,
          action: 'event',
          device: 'cam-1',
          event: {
            type: 'urban.crowd',
            location: { lat: 1, lon: 1 },
            offset: { northM: 1, eastM: 1 },
          },
        },
      ]),
    ],
    [
      'coordinates out of range',
      withSteps([
        {
          at: 0,
          action: 'event',
          device: 'cam-1',
          event: { type: 'urban.crowd', location: { lat: 91, lon: 0 } },
        },
      ]),
    ],
    ['no steps', withSteps([])],
    ['a bad name', { ...base, name: 'Forest Fire!' }],
  ])('refuses %s with a message', (_label, input) => {
    expect(() => parseScenario(input, 'test scenario')).toThrow(ScenarioError);
    expect(() => parseScenario(input, 'test scenario')).toThrow(/test scenario is invalid/);
  });

  it('accepts an unlocated-device event that carries its own location (for fault scenarios)', () => {
    expect(() =>
      parseScenario(
        withSteps([
          {
            at: 0,
            action: 'event',
            device: 'stranger',
            event: { type: 'urban.crowd', location: { lat: 11.9, lon: 108.4 } },
          },
        ]),
      ),
    ).not.toThrow();
  });
});
