import { mayPublish, maySubscribe, type MqttIdentity } from './mqtt-acl';

const camera: MqttIdentity = { kind: 'device', deviceId: 'cam-1' };
const platform: MqttIdentity = { kind: 'integration', account: 'opendata' };
const anonymous: MqttIdentity = { kind: 'anonymous' };

describe('MQTT ACL', () => {
  it('lets a device publish under its own id only', () => {
    expect(mayPublish(camera, 'ioc/devices/cam-1/events', 'ioc')).toBe(true);
    expect(mayPublish(camera, 'ioc/devices/cam-1/birth', 'ioc')).toBe(true);
    expect(mayPublish(camera, 'ioc/devices/cam-2/events', 'ioc')).toBe(false);
    // A prefix of another id is another device.
    expect(mayPublish(camera, 'ioc/devices/cam-10/events', 'ioc')).toBe(false);
    expect(mayPublish(camera, 'ioc/devices/cam-1', 'ioc')).toBe(false);
    expect(mayPublish(camera, 'ioc/incidents/x', 'ioc')).toBe(false);
    expect(mayPublish(camera, 'other/devices/cam-1/events', 'ioc')).toBe(false);
  });

  it('lets an integration account publish nothing', () => {
    expect(mayPublish(platform, 'ioc/incidents/x', 'ioc')).toBe(false);
    expect(mayPublish(platform, 'ioc/devices/cam-1/events', 'ioc')).toBe(false);
  });

  it('lets a device subscribe to its own topics only', () => {
    expect(maySubscribe(camera, 'ioc/devices/cam-1/#', 'ioc')).toBe(true);
    expect(maySubscribe(camera, 'ioc/devices/cam-1/+', 'ioc')).toBe(true);
    expect(maySubscribe(camera, '#', 'ioc')).toBe(false);
    expect(maySubscribe(camera, 'ioc/#', 'ioc')).toBe(false);
    expect(maySubscribe(camera, 'ioc/devices/+/events', 'ioc')).toBe(false);
    expect(maySubscribe(camera, 'ioc/devices/cam-10/#', 'ioc')).toBe(false);
    expect(maySubscribe(camera, 'ioc/incidents/#', 'ioc')).toBe(false);
    expect(maySubscribe(camera, '$share/g/ioc/devices/cam-1/#', 'ioc')).toBe(false);
  });

  it('lets an integration account read the incident topics only', () => {
    expect(maySubscribe(platform, 'ioc/incidents/#', 'ioc')).toBe(true);
    expect(maySubscribe(platform, 'ioc/incidents/inc-1', 'ioc')).toBe(true);
    expect(maySubscribe(platform, 'ioc/devices/#', 'ioc')).toBe(false);
    expect(maySubscribe(platform, '#', 'ioc')).toBe(false);
  });

  it('leaves anonymous clients as before device identity', () => {
    expect(mayPublish(anonymous, 'ioc/devices/any/events', 'ioc')).toBe(true);
    expect(maySubscribe(anonymous, '#', 'ioc')).toBe(true);
  });
});
