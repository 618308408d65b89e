import type { MqttClient } from 'mqtt';
import { connectMqtt } from '../support/clients';
import { call, freshLatitude, openIncident } from '../support/api';
import { HubProcess } from '../support/hub-process';

describe('a matching event after a resolve (docs/contract.md §5)', () => {
  let hub: HubProcess;
  let device: MqttClient;
  let token: string;

  beforeAll(async () => {
    hub = await HubProcess.start('recurrence-after-resolve', {
      broker: 'embedded',
      database: 'sqlite',
    });
    token = await hub.login('dispatcher');
    device = await connectMqtt(hub.mqttUrl);
  });

  afterAll(async () => {
    await device?.endAsync();
    await hub?.dispose();
  });

  it('opens a new incident whose relatedIncidentId names the resolved one', async () => {
    const lat = freshLatitude();
    const first = await openIncident(hub, device, token, {
      lat,
      type: 'flood.water_level',
      deviceId: 'wl-camly-1',
    });
    const resolved = await call(hub, 'POST', `/api/incidents/${first.id}/resolve`, token, {
      version: first.version,
      resolution: 'handled',
    });
    expect(resolved.status).toBe(200);

    const again = await openIncident(hub, device, token, {
      lat: lat + 0.001,
      type: 'flood.water_level',
      deviceId: 'wl-camly-2',
    });
    expect(again.id).not.toBe(first.id);
    expect(again).toMatchObject({ status: 'open', relatedIncidentId: first.id, eventCount: 1 });
  });
});
