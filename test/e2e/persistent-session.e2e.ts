import type { MqttClient } from 'mqtt';
import { topics, type IncidentList } from '@ioc/shared';
import { connectMqtt } from '../support/clients';
import { expectEventually } from '../support/eventually';
import { HubProcess } from '../support/hub-process';

describe('persistent MQTT session on an external broker (docs/contract.md §3)', () => {
  let hub: HubProcess;
  let device: MqttClient;

  beforeAll(async () => {
    hub = await HubProcess.start('persistent-session', {
      broker: 'mosquitto',
      database: 'postgres',
    });
    device = await connectMqtt(hub.mqttUrl);
  });

  afterAll(async () => {
    await device?.endAsync();
    await hub?.dispose();
  });

  it('receives the events published while the hub was down once it is back', async () => {
    await hub.stop();
    for (let i = 0; i < 5; i++) {
      await device.publishAsync(
        topics.events(`cam-away-${i}`, hub.topicRoot),
        JSON.stringify({
          id: 'while-down',
          ts: new Date().toISOString(),
          type: 'traffic.accident',
          location: { lat: 11.9 + i * 0.05, lon: 108.44 },
        }),
        { qos: 1 },
      );
    }
    await hub.restart();
    const token = await hub.login('operator');
    await expectEventually(async () => {
      const { items } = await hub.get<IncidentList>('/api/incidents?category=traffic', token);
      expect(items.flatMap((i) => i.sources).sort()).toEqual(
        [0, 1, 2, 3, 4].map((i) => `cam-away-${i}`),
      );
    });
  });
});
