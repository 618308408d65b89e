import { statusMessage } from '../messages';
import { MqttPublisher } from '../publisher';
import { TEST_BROKER_URL, TopicRecorder, uniqueTopicRoot } from '../testing/broker';
import { expectEventually } from '../testing/eventually';
import { MqttDeviceLinks } from './device-links';

// Against a real broker: a dropped link makes the broker publish the device's Last Will,
// and the drop resolves only once the will is out; a clean close publishes nothing.
describe('device links over MQTT', () => {
  const root = uniqueTopicRoot();
  let recorder: TopicRecorder;
  let watcher: MqttPublisher | undefined;

  beforeAll(async () => {
    recorder = await TopicRecorder.start(root);
    watcher = await MqttPublisher.connect({
      url: TEST_BROKER_URL,
      clientId: `${root}-watcher`,
      connectTimeoutMs: 5000,
    });
  });

  afterAll(async () => {
    await watcher?.close();
    await recorder?.stop();
  });

  it('drops a device (Last Will offline), reconnects it, and closes cleanly', async () => {
    const links = new MqttDeviceLinks({
      url: TEST_BROKER_URL,
      topicRoot: root,
      runTag: 'it',
      connectTimeoutMs: 5000,
      watcher,
    });
    const will = statusMessage('pole-1', 'offline', root);
    await links.connect('pole-1', will);
    await links.publish(statusMessage('pole-1', 'online', root));
    expect(links.isConnected('pole-1')).toBe(true);

    await links.drop('pole-1');
    expect(links.isConnected('pole-1')).toBe(false);
    // The drop returned after the broker published the will: a subscriber has it (or gets it at once).
    await expectEventually(() =>
      expect(recorder.on('status').map((s) => s.payload)).toEqual(['online', 'offline']),
    );

    await links.connect('pole-1', will);
    await links.publish(statusMessage('pole-1', 'online', root));
    await links.closeAll();
    await expectEventually(() =>
      expect(recorder.on('status').map((s) => s.payload)).toEqual(['online', 'offline', 'online']),
    );
    expect(links.counts).toEqual({ connected: 2, dropped: 1 });
    await expect(links.drop('pole-1')).rejects.toThrow(/no connection of its own/);
  }, 20_000);
});
