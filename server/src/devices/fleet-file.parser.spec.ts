import { parseFleetFile } from './fleet-file.parser';

const camera = {
  id: 'cam-1',
  kind: 'camera',
  name: 'Langbiang ridge cam 1',
  location: { lat: 12.047, lon: 108.44 },
  zone: 'langbiang',
  capabilities: ['fire.smoke'],
};

describe('parseFleetFile', () => {
  it('reads a CSV file with a header, quoted names and line numbers', () => {
    const csv = [
      'id,kind,name,lat,lon,zone,capabilities',
      'cam-1,camera,Langbiang ridge cam 1,12.047,108.44,langbiang,fire.smoke',
      '',
      'aq-1,sensor,"Market, air",11.94,108.43,ward-1,pm25;pm10',
      'bad-1,toaster,Oven,11.9,108.4,ward-1,',
      'aq-2,sensor,No place,,108.4,ward-1,',
    ].join('\n');
    const file = parseFleetFile(csv, 'csv');
    expect(file.devices).toEqual([
      { line: 2, request: camera },
      {
        line: 4,
        request: {
          id: 'aq-1',
          kind: 'sensor',
          name: 'Market, air',
          location: { lat: 11.94, lon: 108.43 },
          zone: 'ward-1',
          capabilities: ['pm25', 'pm10'],
        },
      },
    ]);
    expect(file.errors.map((e) => e.line)).toEqual([5, 6]);
    expect(file.errors[0]?.reason).toMatch(/^kind: /);
    expect(file.errors[1]?.reason).toMatch(/^location\.lat: /);
  });

  it('reads a YAML list, with lat and lon beside the other fields or in location', () => {
    const yaml = [
      '- id: cam-1',
      '  kind: camera',
      '  name: Langbiang ridge cam 1',
      '  location: { lat: 12.047, lon: 108.44 }',
      '  zone: langbiang',
      '  capabilities: [fire.smoke]',
      '- id: aq-1',
      '  kind: sensor',
      '  name: Market air',
      '  lat: 11.94',
      '  lon: 108.43',
      '  zone: ward-1',
      '- id: cam-1',
      '  kind: camera',
      '  name: again',
      '  lat: 1',
      '  lon: 1',
      '  zone: z',
    ].join('\n');
    const file = parseFleetFile(yaml, 'yaml');
    expect(file.devices.map((d) => [d.line, d.request.id])).toEqual([
      [1, 'cam-1'],
      [7, 'aq-1'],
    ]);
    expect(file.devices[1]?.request.location).toEqual({ lat: 11.94, lon: 108.43 });
    expect(file.errors).toEqual([{ line: 13, reason: 'id cam-1 appears more than once' }]);
  });

  it('reads a JSON array, numbering entries from 1', () => {
    const file = parseFleetFile([camera, { id: 'x' }], 'json');
    expect(file.devices).toEqual([{ line: 1, request: camera }]);
    expect(file.errors[0]?.line).toBe(2);
  });

  it('refuses what is not a fleet file at all', () => {
    expect(() => parseFleetFile({ id: 'x' }, 'json')).toThrow(/JSON array/);
    expect(() => parseFleetFile('a: [', 'yaml')).toThrow(/not YAML/);
    expect(() => parseFleetFile('id: x', 'yaml')).toThrow(/list of devices/);
    expect(() => parseFleetFile('', 'csv')).toThrow(/empty/);
  });
});
