import { describe, expect, it } from '@jest/globals';
import { makeDevice } from '../testing/fixtures';
import {
  bearingFromAttributes,
  cameraView,
  parseViewCapabilities,
  stableBearing,
  wedgeAngles,
} from './camera-fov';

describe('camera field of view', () => {
  it('reads bearing, fov and range from capabilities, and ptz as a full circle', () => {
    expect(parseViewCapabilities(['fire.smoke', 'bearing:212', 'FOV=90', 'range: 800'])).toEqual({
      bearingDeg: 212,
      fovDeg: 90,
      rangeM: 800,
    });
    expect(parseViewCapabilities(['ptz'])).toEqual({ fovDeg: 360 });
    expect(parseViewCapabilities(['bearing:abc', 'nonsense'])).toEqual({});
  });

  it('prefers declared over learned bearings, and marks a guessed bearing as assumed', () => {
    const declared = cameraView(makeDevice({ capabilities: ['bearing:45'] }), 300);
    expect(declared).toMatchObject({ bearingDeg: 45, assumed: false, fovDeg: 60, rangeM: 400 });
    const learned = cameraView(makeDevice({ capabilities: [] }), 300);
    expect(learned).toMatchObject({ bearingDeg: 300, assumed: false });
    const guessed = cameraView(makeDevice({ id: 'cam-9', capabilities: [] }));
    expect(guessed).toMatchObject({ bearingDeg: stableBearing('cam-9'), assumed: true });
  });

  it('turns a bearing (clockwise from north) into canvas angles (clockwise from east)', () => {
    const [start, end] = wedgeAngles({ bearingDeg: 90, fovDeg: 60, rangeM: 100, assumed: false });
    expect(start).toBeCloseTo((-30 * Math.PI) / 180);
    expect(end).toBeCloseTo((30 * Math.PI) / 180);
  });

  it('takes bearingDeg from event attributes only when it is a finite number', () => {
    expect(bearingFromAttributes({ bearingDeg: 372 })).toBe(12);
    expect(bearingFromAttributes({ bearingDeg: '212' })).toBeNull();
    expect(bearingFromAttributes(null)).toBeNull();
  });
});
