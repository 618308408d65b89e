import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { haversineM, validateBirth } from '@ioc/shared';
import {
  LIBRARY_DIR,
  ScenarioError,
  libraryScenarios,
  loadScenarioFile,
  parseScenario,
  parseScenarioText,
  resolveScenario,
  scenarioFiles,
} from './scenario.loader';
import { scenarioDevices, type ScenarioInput } from './scenario.schema';

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
const withExpect = (expect: unknown): unknown => ({ ...base, expect });

/** The error message of an invalid scenario. */
function errorOf(input: unknown): string {
  try {
    parseScenario(input, 'test scenario');
  } catch (error) {
    expect(error).toBeInstanceOf(ScenarioError);
    return (error as Error).message;
  }
  throw new Error('expected the scenario to be refused');
}

describe('scenario schema', () => {
  it('accepts a minimal scenario and fills defaults', () => {
    const scenario = parseScenario(base);
    expect(scenario.jitter).toEqual({ locationM: 0, confidence: 0, bearingDeg: 0 });
    expect(scenario.expect).toEqual({
      incidents: [{ category: 'urban', sources: [], types: [], count: 1 }],
      within: 20,
      settle: 2,
      allowOtherIncidents: false,
    });
  });

  it.each([
    [
      'an unknown event type',
      withSteps([{ at: 0, action: 'event', device: 'cam-1', event: { type: 'fire.dragon' } }]),
      'steps[0].event.type',
    ],
    [
      'an unknown metric',
      withSteps([{ at: 0, action: 'telemetry', device: 'cam-1', readings: { radiation: 1 } }]),
      'steps[0].readings',
    ],
    [
      'empty readings',
      withSteps([{ at: 0, action: 'telemetry', device: 'cam-1', readings: {} }]),
      'steps[0].readings',
    ],
    [
      'a bad device id',
      withSteps([{ at: 0, action: 'status', device: 'cam 1', status: 'online' }]),
      'steps[0].device',
    ],
    [
      'a bad status',
      withSteps([{ at: 0, action: 'status', device: 'cam-1', status: 'sleepy' }]),
      'steps[0].status',
    ],
    ['a negative time', withSteps([{ at: -1, action: 'birth', device: 'cam-1' }]), 'steps[0].at'],
    [
      'a time given as text',
      withSteps([{ at: 'soon', action: 'birth', device: 'cam-1' }]),
      'steps[0].at',
    ],
    [
      'an unknown action',
      withSteps([{ at: 0, action: 'explode', device: 'cam-1' }]),
      'steps[0].action',
    ],
    [
      'a misspelt step key',
      withSteps([{ at: 0, action: 'birth', device: 'cam-1', devcie: 'x' }]),
      'steps[0]',
    ],
    [
      'a birth of an undeclared device',
      withSteps([{ at: 0, action: 'birth', device: 'cam-2' }]),
      'steps[0].device',
    ],
    [
      'an unlocated event of an undeclared device',
      withSteps([{ at: 0, action: 'event', device: 'cam-2', event: { type: 'urban.crowd' } }]),
      'steps[0].device',
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
      'steps[0].event',
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
      'steps[0].event.location.lat',
    ],
    [
      'a disconnect without a connect',
      withSteps([{ at: 0, action: 'disconnect', device: 'cam-1' }]),
      'steps[0].device',
    ],
    [
      'a connect of a connected device',
      withSteps([
        { at: 0, action: 'connect', device: 'cam-1' },
        { at: 1, action: 'connect', device: 'cam-1' },
      ]),
      'steps[1].device',
    ],
    [
      'a message from a dropped device',
      withSteps([
        { at: 0, action: 'connect', device: 'cam-1' },
        { at: 2, action: 'event', device: 'cam-1', event: { type: 'urban.crowd' } },
        { at: 1, action: 'disconnect', device: 'cam-1' },
      ]),
      'steps[1].device',
    ],
    [
      'a report with neither location nor near',
      withSteps([{ at: 0, action: 'report', type: 'traffic.accident', description: 'crash' }]),
      'steps[0]',
    ],
    [
      'a report near an undeclared device',
      withSteps([
        { at: 0, action: 'report', type: 'traffic.accident', near: 'cam-9', description: 'crash' },
      ]),
      'steps[0].near',
    ],
    ['no steps', withSteps([]), 'steps'],
    ['a bad name', { ...base, name: 'Forest Fire!' }, 'name'],
    ['no expect', { ...base, expect: undefined }, 'expect'],
    [
      'an unknown category',
      withExpect({ incidents: [{ category: 'volcano' }] }),
      'expect.incidents[0].category',
    ],
    [
      'a misspelt expectation',
      withExpect({ incidents: [{ category: 'urban', minSeverty: 'low' }] }),
      'expect.incidents[0]',
    ],
    [
      'a negative count',
      withExpect({ incidents: [{ category: 'urban', count: -1 }] }),
      'expect.incidents[0].count',
    ],
    [
      'an unknown severity',
      withExpect({ incidents: [{ category: 'urban', minSeverity: 'severe' }] }),
      'expect.incidents[0].minSeverity',
    ],
    [
      'min above max severity',
      withExpect({ incidents: [{ category: 'urban', minSeverity: 'high', maxSeverity: 'low' }] }),
      'expect.incidents[0].maxSeverity',
    ],
    [
      'a type of another category',
      withExpect({ incidents: [{ category: 'urban', types: ['fire.smoke'] }] }),
      'expect.incidents[0].types',
    ],
    [
      'a source that is no device of the scenario',
      withExpect({ incidents: [{ category: 'urban', sources: ['cam-7'] }] }),
      'expect.incidents[0].sources[0]',
    ],
    [
      'a citizen source without a report step',
      withExpect({ incidents: [{ category: 'urban', sources: ['citizen'] }] }),
      'expect.incidents[0].sources[0]',
    ],
  ])('refuses %s, naming the field', (_label, input, field) => {
    const message = errorOf(input);
    expect(message).toMatch(/^test scenario is invalid:/);
    expect(message).toContain(`  - ${field}`);
  });

  it('accepts an unlocated-device event that carries its own location', () => {
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

  it('accepts connect/disconnect/reconnect and reports, and lists the scenario devices', () => {
    const scenario = parseScenario({
      ...base,
      steps: [
        { at: 0, action: 'connect', device: 'cam-1' },
        { at: 1, action: 'disconnect', device: 'cam-1' },
        { at: 2, action: 'connect', device: 'cam-1' },
        { at: 3, action: 'event', device: 'cam-1', event: { type: 'urban.crowd' } },
        {
          at: 4,
          action: 'report',
          type: 'urban.crowd',
          near: 'cam-1',
          offset: { northM: 20, eastM: 0 },
          description: 'a crowd',
        },
        {
          at: 5,
          action: 'event',
          device: 'other-1',
          event: { type: 'urban.crowd', location: { lat: 11.9, lon: 108.4 } },
        },
      ],
      expect: { incidents: [{ category: 'urban', sources: ['cam-1', 'other-1', 'citizen'] }] },
    });
    expect(scenarioDevices(scenario)).toEqual(['cam-1', 'other-1']);
  });
});

describe('scenario files', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'ioc-sim-scenarios-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const write = (name: string, text: string): string => {
    const file = join(dir, name);
    writeFileSync(file, text);
    return file;
  };

  const good = `name: tiny-file
title: A tiny file
devices:
  cam-1: { kind: camera, name: Cam 1, location: { lat: 11.94, lon: 108.44 }, zone: center }
steps:
  - { at: 0, action: birth, device: cam-1 }
  - { at: 1, action: event, device: cam-1, event: { type: urban.crowd } }
expect:
  incidents:
    - { category: urban, minSeverity: low }
`;

  it('loads YAML and JSON', () => {
    const yaml = loadScenarioFile(write('tiny.yaml', good));
    const json = loadScenarioFile(write('tiny.json', JSON.stringify(yaml, null, 2)));
    expect(yaml.name).toBe('tiny-file');
    expect(json).toEqual(yaml);
    expect(resolveScenario(join(dir, 'tiny.yaml')).scenario).toEqual(yaml);
  });

  it('names the field and its line', () => {
    const bad = good
      .replace('type: urban.crowd', 'type: urban.crowds')
      .replace('minSeverity: low', 'minSeverity: lowest');
    const file = write('bad.yaml', bad);
    expect(() => loadScenarioFile(file)).toThrow(ScenarioError);
    let message = '';
    try {
      loadScenarioFile(file);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain(`${file} is invalid:`);
    expect(message).toMatch(/steps\[1\]\.event\.type \(line 7\): Invalid option: expected one of/);
    expect(message).toMatch(/expect\.incidents\[0\]\.minSeverity \(line 10\)/);
  });

  it('reports YAML syntax errors and duplicate keys with their line', () => {
    expect(() => loadScenarioFile(write('syntax.yaml', 'name: x\ntitle: [unclosed\n'))).toThrow(
      /is not valid YAML\/JSON:\n {2}- line \d+/,
    );
    expect(() => loadScenarioFile(write('dupe.yaml', `${good}name: again\n`))).toThrow(
      /line 11, column 1: Map keys must be unique$/,
    );
    expect(() => parseScenarioText('- a\n- b\n', 'list.yaml')).toThrow(
      /must hold one scenario object/,
    );
    expect(() => loadScenarioFile(join(dir, 'missing.yaml'))).toThrow(/cannot read scenario file/);
  });

  it('resolves library names and lists them when the name is unknown', () => {
    expect(resolveScenario('forest-fire').scenario.name).toBe('forest-fire');
    expect(() => resolveScenario('volcano')).toThrow(
      /unknown scenario "volcano"; library scenarios: .*forest-fire/,
    );
    expect(() => resolveScenario('./nowhere.yaml')).toThrow(/no scenario file/);
  });
});

describe('the scenario library', () => {
  const library = libraryScenarios();

  it('holds at least eight valid scenarios, each named after its file', () => {
    expect(scenarioFiles(LIBRARY_DIR).length).toBeGreaterThanOrEqual(8);
    for (const { file, scenario } of library)
      expect(file.endsWith(`/${scenario.name}.yaml`)).toBe(true);
    expect(library.map((s) => s.scenario.name)).toEqual(
      expect.arrayContaining([
        'forest-fire',
        'illegal-logging-night',
        'flash-flood-cam-ly',
        'landslide-prenn',
        'traffic-accident-report',
        'unpermitted-construction',
        'urban-order-market',
        'power-cut-ward-8',
      ]),
    );
  });

  it('declares valid births and expects something in every scenario', () => {
    for (const { scenario } of library) {
      for (const birth of Object.values(scenario.devices))
        expect(validateBirth(birth).ok).toBe(true);
      expect(scenario.expect.incidents.length).toBeGreaterThan(0);
    }
  });

  it('keeps different scenarios of one category far apart, so they never merge on one hub', () => {
    // Each scenario's first device stands for its place; same-category scenarios must not share one.
    const places = library.map(({ scenario }) => ({
      name: scenario.name,
      categories: new Set(scenario.expect.incidents.map((e) => e.category)),
      at: Object.values(scenario.devices)[0]!.location,
      zones: new Set(Object.values(scenario.devices).map((d) => d.zone)),
    }));
    for (const a of places)
      for (const b of places) {
        if (a === b) continue;
        const shared = [...a.categories].filter((c) => b.categories.has(c));
        if (shared.length === 0) continue;
        expect([a.name, b.name, haversineM(a.at, b.at) > 3000]).toEqual([a.name, b.name, true]);
      }
    // device.offline incidents gather by zone: the power cut's zone is its own.
    const power = places.find((p) => p.name === 'power-cut-ward-8')!;
    for (const p of places)
      if (p !== power) for (const z of power.zones) expect(p.zones.has(z)).toBe(false);
  });
});
