import { parseSnapshotTopic, topics } from '../contracts/topics';
import { apiRoutes } from '../contracts/api-routes';
import { imageTypeOf } from './snapshot.schema';

describe('snapshots in the contract', () => {
  it('tells JPEG and PNG by their first bytes, nothing else', () => {
    expect(imageTypeOf(Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0]))).toBe('image/jpeg');
    expect(imageTypeOf(Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]))).toBe(
      'image/png',
    );
    expect(imageTypeOf(Buffer.from('GIF89a....'))).toBeNull();
    expect(imageTypeOf(Buffer.from('{"id":"e1"}'))).toBeNull();
    expect(imageTypeOf(Uint8Array.from([0x89, 0x50, 0x4e]))).toBeNull();
    expect(imageTypeOf(new Uint8Array())).toBeNull();
  });

  it('builds and parses the snapshot topic, refusing other shapes', () => {
    const topic = topics.snapshot('cam-01', 'evt-7');
    expect(topic).toBe('ioc/devices/cam-01/snapshots/evt-7');
    expect(parseSnapshotTopic(topic)).toEqual({ deviceId: 'cam-01', eventId: 'evt-7' });
    expect(parseSnapshotTopic('ioc/devices/cam-01/events')).toBeNull();
    expect(parseSnapshotTopic('ioc/devices/cam-01/snapshots')).toBeNull();
    expect(parseSnapshotTopic('ioc/devices/cam-01/snapshots/a/b')).toBeNull();
    expect(parseSnapshotTopic('other/devices/cam-01/snapshots/e1')).toBeNull();
    expect(parseSnapshotTopic('ioc/devices/bad id/snapshots/e1')).toBeNull();
    expect(parseSnapshotTopic(`ioc/devices/cam/snapshots/${'x'.repeat(129)}`)).toBeNull();
  });

  it('names the routes', () => {
    expect(apiRoutes.snapshot('s1')).toBe('/api/snapshots/s1');
    expect(apiRoutes.deviceSnapshot('cam-01', 'e 1')).toBe('/api/devices/cam-01/snapshots/e%201');
  });
});
