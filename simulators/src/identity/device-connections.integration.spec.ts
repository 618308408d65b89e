import { statusMessage } from '../messages';
import { TEST_BROKER_URL, TopicRecorder, uniqueTopicRoot } from '../testing/broker';
import { expectEventually } from '../testing/eventually';
import { DeviceConnections } from './device-connections';

// Against the machine's Mosquitto (anonymous, so any credentials pass): what is checked is
// that each device gets a connection of its own, and that a device without credentials
// cannot connect at all.
describe('DeviceConnections over MQTT', () => {
  const root = uniqueTopicRoot();
  let recorder: TopicRecorder;

  beforeAll(async () => {
    recorder = await TopicRecorder.start(root);
  });
  afterAll(async () => {
    await recorder?.stop();
  });

  it('opens one connection per device, once, and routes each message to its device', async () => {
    const devices = new DeviceConnections({
      url: TEST_BROKER_URL,
      connectTimeoutMs: 5000,
      runTag: 'it',
      credentials: new Map(
        ['pole-a', 'pole-b'].map((id) => [id, { username: id, password: `pw-${id}` }]),
      ),
      origin: 'a test map',
    });
    try {
      await devices.openAll(['pole-a', 'pole-b', 'pole-a']);
      expect(devices.size).toBe(2);
      const a = await devices.connectionOf('pole-a');
      const b = await devices.connectionOf('pole-b');
      expect(a).not.toBe(b);
      await devices.publish(statusMessage('pole-a', 'online', root));
      await devices.publish(statusMessage('pole-b', 'online', root));
      expect(devices.size).toBe(2);
      await expectEventually(() =>
        expect(recorder.on('status').map((r) => r.deviceId)).toEqual(['pole-a', 'pole-b']),
      );
      await expect(devices.publish(statusMessage('pole-c', 'online', root))).rejects.toThrow(
        'no credentials for pole-c in a test map',
      );
    } finally {
      await devices.closeAll();
    }
    expect(devices.size).toBe(0);
  });
});
