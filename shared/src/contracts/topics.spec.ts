import { parseDeviceTopic, topics } from './topics';

describe('topics', () => {
  it('builds and parses device topics', () => {
    expect(topics.events('cam-3')).toBe('ioc/devices/cam-3/events');
    expect(parseDeviceTopic('ioc/devices/cam-3/events')).toEqual({
      deviceId: 'cam-3',
      channel: 'events',
    });
    expect(topics.deviceWildcard('ioc', 'ioc-hub')).toBe('$share/ioc-hub/ioc/devices/#');
  });

  it.each([
    'ioc/devices/cam-3',
    'ioc/devices/cam 3/events',
    'ioc/devices/cam-3/events/extra',
    'other/devices/cam-3/events',
    `ioc/devices/${'a'.repeat(65)}/events`,
    'ioc/devices//events',
  ])('refuses %s', (topic) => expect(parseDeviceTopic(topic)).toBeNull());
});
