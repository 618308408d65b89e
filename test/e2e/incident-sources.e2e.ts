import type { MqttClient } from 'mqtt';
import { SOURCES_LISTED, topics, type IncidentDetail, type IncidentSources } from '@ioc/shared';
import { call, freshLatitude } from '../support/api';
import { connectMqtt, LiveClient } from '../support/clients';
import { expectEventually } from '../support/eventually';
import { HubProcess } from '../support/hub-process';

const SWARM = 500;

/**
 * An incident 500 devices contribute to (docs/contract.md §6): every push and read lists
 * the first SOURCES_LISTED sources with `sourceCount` 500; GET …/sources lists them all,
 * and a restart does not count a returning source twice.
 */
describe('incident sources: a count and a bounded list', () => {
  let hub: HubProcess;
  let device: MqttClient;
  let live: LiveClient;
  let operator: string;
  const lat = freshLatitude();

  beforeAll(async () => {
    hub = await HubProcess.start('incident-sources', { broker: 'embedded', database: 'sqlite' });
    operator = await hub.login('operator');
    device = await connectMqtt(hub.mqttUrl);
    live = new LiveClient(hub.baseUrl, operator);
    await live.connected();
  });

  afterAll(async () => {
    live?.close();
    await device?.endAsync(true);
    await hub?.dispose();
  });

  const publish = (deviceId: string, id: string): Promise<unknown> =>
    device.publishAsync(
      topics.events(deviceId, hub.topicRoot),
      JSON.stringify({
        id,
        ts: new Date().toISOString(),
        type: 'fire.smoke',
        location: { lat, lon: 108.44 },
      }),
      { qos: 1 },
    );

  it('pushes at most SOURCES_LISTED sources; the full list is one request away', async () => {
    const swarm = Array.from({ length: SWARM }, (_, i) => `swarm-${i}`);
    await Promise.all(swarm.map((id) => publish(id, 'e-1')));

    const pushed = await expectEventually(async () => {
      const done = live.incidents.find((i) => i.sourceCount === SWARM);
      if (!done) throw new Error('no push with every source yet');
      return done;
    });
    const pushes = live.incidents.filter((i) => i.id === pushed.id);
    expect(pushes.every((i) => i.sources.length <= SOURCES_LISTED)).toBe(true);
    expect(pushed.sources).toHaveLength(SOURCES_LISTED);
    expect(pushed.eventCount).toBe(SWARM);

    const read = await hub.get<IncidentDetail>(`/api/incidents/${pushed.id}`, operator);
    expect(read.sources).toEqual(pushed.sources);
    expect(read.sourceCount).toBe(SWARM);

    const all = await hub.get<IncidentSources>(`/api/incidents/${pushed.id}/sources`, operator);
    expect(all.sourceCount).toBe(SWARM);
    expect(all.sources).toHaveLength(SWARM);
    expect([...all.sources].sort()).toEqual([...swarm].sort());
    // The listed ones are the first to have joined.
    expect(all.sources.slice(0, SOURCES_LISTED)).toEqual(pushed.sources);

    expect((await call(hub, 'GET', '/api/incidents/no-such/sources', operator)).status).toBe(404);
    expect((await call(hub, 'GET', `/api/incidents/${pushed.id}/sources`, null)).status).toBe(401);

    // After a restart the hub still knows the sources it does not list.
    await hub.restart();
    await device.endAsync(true);
    device = await connectMqtt(hub.mqttUrl);
    const unlisted = all.sources[SWARM - 1]!;
    await publish(unlisted, 'e-2');
    await publish('swarm-new', 'e-1');
    const after = await expectEventually(async () => {
      const now = await hub.get<IncidentDetail>(`/api/incidents/${pushed.id}`, operator);
      expect(now.eventCount).toBe(SWARM + 2);
      return now;
    });
    expect(after.sourceCount).toBe(SWARM + 1);
    expect(after.sources).toEqual(pushed.sources);
  });
});
