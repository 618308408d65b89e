import { searchTargets } from './incident-search';

const zones = [
  { id: 'prenn', name: { vi: 'Đèo Prenn', en: 'Prenn Pass' } },
  { id: 'langbiang', name: { vi: 'Langbiang', en: 'Langbiang' } },
];
const devices = [
  {
    id: 'cam-lb-1',
    name: 'Langbiang ridge camera 1',
    names: { vi: 'Camera sườn núi Langbiang 1', en: 'Langbiang ridge camera 1' },
  },
  { id: 'tilt-a', name: 'Prenn pass km 3 slope tilt A', names: null },
];

describe('searchTargets', () => {
  it('finds a device by the words of its name, in either language, without diacritics', () => {
    const [ridge, camera] = searchTargets('Ridge CAMERA', zones, devices);
    expect(ridge?.deviceIds).toEqual(['cam-lb-1']);
    expect(camera?.deviceIds).toEqual(['cam-lb-1']);
    expect(searchTargets('suon nui', zones, devices).map((w) => w.deviceIds)).toEqual([
      ['cam-lb-1'],
      ['cam-lb-1'],
    ]);
  });

  it('finds a zone by its names and a type by its label', () => {
    const [deo, smoke] = searchTargets('deo smoke', zones, devices);
    expect(deo?.zoneIds).toEqual(['prenn']);
    expect(smoke?.types).toEqual(['fire.smoke']);
    expect(searchTargets('pass', zones, devices)[0]).toMatchObject({
      zoneIds: ['prenn'],
      deviceIds: ['tilt-a'],
    });
  });

  it('keeps each word as an id prefix and ignores words past the eighth', () => {
    const targets = searchTargets('9F2C a b c d e f g h i', zones, devices);
    expect(targets).toHaveLength(8);
    expect(targets[0]?.idPrefix).toBe('9f2c');
    expect(searchTargets('   ', zones, devices)).toEqual([]);
  });
});
