import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LIBRARY_DIR } from '../scenarios/scenario.loader';
import {
  DeviceListError,
  mergeDeviceLists,
  parseCsvDevices,
  parseDeviceList,
  parseYamlDevices,
} from './device-list';

const CAM = {
  id: 'cam-market-01',
  kind: 'camera',
  name: 'Market camera, north',
  location: { lat: 11.9425, lon: 108.4372 },
  zone: 'center',
  capabilities: ['urban.encroachment', 'traffic.congestion'],
};

describe('device lists', () => {
  it('reads CSV with a header in any order, quoted names and ;-separated capabilities', () => {
    const csv = [
      'zone,id,kind,name,lat,lon,capabilities',
      '# a comment line',
      'center,cam-market-01,camera,"Market camera, north",11.9425,108.4372,urban.encroachment;traffic.congestion',
      'cam-ly,wl-cam-ly-01,sensor,Cam Ly water level,11.9330,108.4210,',
    ].join('\n');
    expect(parseCsvDevices(csv)).toEqual([
      CAM,
      {
        id: 'wl-cam-ly-01',
        kind: 'sensor',
        name: 'Cam Ly water level',
        location: { lat: 11.933, lon: 108.421 },
        zone: 'cam-ly',
        capabilities: [],
      },
    ]);
  });

  it('names the CSV line of a bad row, and a missing column', () => {
    const bad =
      'id,kind,name,lat,lon,zone\ncam-1,camera,A,11.9,108.4,center\ncam-2,drone,B,95,108.4,center\n';
    expect(() => parseCsvDevices(bad, 'fleet.csv')).toThrow(DeviceListError);
    expect(() => parseCsvDevices(bad, 'fleet.csv')).toThrow(
      /fleet\.csv line 3: kind: .*location\.lat/,
    );
    expect(() => parseCsvDevices('id,kind,name,lat,lon\ncam-1,camera,A,1,2\n', 'f.csv')).toThrow(
      'f.csv: the header lacks zone',
    );
  });

  it('reads YAML as a list, as devices: [list], and as devices: {id: birth}', () => {
    const { id, ...birth } = CAM;
    const asList = parseYamlDevices(`- ${JSON.stringify(CAM)}\n`);
    const asDevicesList = parseYamlDevices(`devices:\n  - ${JSON.stringify(CAM)}\n`);
    const asMap = parseYamlDevices(`devices:\n  ${id}: ${JSON.stringify(birth)}\n`);
    expect(asList).toEqual([CAM]);
    expect(asDevicesList).toEqual([CAM]);
    expect(asMap).toEqual([CAM]);
  });

  it('takes a scenario file as a device list (its declared devices)', () => {
    const file = join(LIBRARY_DIR, 'forest-fire.yaml');
    const devices = parseDeviceList(readFileSync(file, 'utf8'), file);
    expect(devices.map((d) => d.id)).toEqual(
      expect.arrayContaining(['cam-langbiang-ridge-1', 'cam-langbiang-ridge-2']),
    );
  });

  it('names the entry of a bad YAML device, and refuses duplicate keys', () => {
    expect(() => parseYamlDevices('devices:\n  cam-1: {kind: camera}\n', 'f.yaml')).toThrow(
      /f\.yaml devices\.cam-1: name/,
    );
    expect(() => parseYamlDevices('devices:\n  a: {}\n  a: {}\n', 'f.yaml')).toThrow(/f\.yaml/);
    expect(() => parseYamlDevices('just text', 'f.yaml')).toThrow(/expected a list of devices/);
  });

  it('merges lists: the same device twice is fine, two versions of it are not', () => {
    expect(mergeDeviceLists([[CAM as never], [CAM as never]])).toHaveLength(1);
    expect(() => mergeDeviceLists([[CAM as never], [{ ...CAM, zone: 'robin' } as never]])).toThrow(
      'cam-market-01 is listed twice',
    );
  });
});
