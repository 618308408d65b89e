import type { MqttClient } from 'mqtt';
import { topics, type Incident, type IncidentList } from '@ioc/shared';
import { call, freshLatitude } from '../support/api';
import { connectMqtt } from '../support/clients';
import { HubProcess } from '../support/hub-process';
import { changeIncident, incidentFromDevice } from '../support/incidents';

/**
 * The history view's query (docs/contract.md §7, `GET /api/incidents` extensions): words
 * found in device names (either language, without diacritics), zone names, type labels and
 * ids; a resolution filter; an opening-time range; pages. On both databases: the search
 * is resolved to ids before the query, and the sources subquery must run on each.
 */
describe.each(['sqlite', 'postgres'] as const)('incident history on %s', (database) => {
  let hub: HubProcess;
  let device: MqttClient;
  let operator: string;
  let dispatcher: string;
  let closed: Incident;
  let open: Incident;

  const birth = (id: string, body: Record<string, unknown>) =>
    device.publishAsync(topics.birth(id, hub.topicRoot), JSON.stringify(body), {
      qos: 1,
      retain: true,
    });
  const event = (deviceId: string, type: string) =>
    device.publishAsync(
      topics.events(deviceId, hub.topicRoot),
      JSON.stringify({ id: `${deviceId}-1`, ts: new Date().toISOString(), type }),
      { qos: 1 },
    );
  const search = async (query: string): Promise<IncidentList> =>
    hub.get<IncidentList>(`/api/incidents?${query}`, operator);
  const ids = (list: IncidentList) => list.items.map((i) => i.id);

  beforeAll(async () => {
    hub = await HubProcess.start(`incident-history-${database}`, {
      broker: 'embedded',
      database,
    });
    operator = await hub.login('operator');
    dispatcher = await hub.login('dispatcher');
    device = await connectMqtt(hub.mqttUrl);
    await birth('cam-ridge-7', {
      kind: 'camera',
      name: 'Langbiang ridge camera 7',
      names: { vi: 'Camera sườn núi Langbiang 7', en: 'Langbiang ridge camera 7' },
      location: { lat: freshLatitude(), lon: 108.44 },
      zone: 'langbiang',
    });
    await birth('tilt-prenn-b', {
      kind: 'sensor',
      name: 'Slope tilt B',
      location: { lat: freshLatitude(), lon: 108.47 },
      zone: 'prenn',
      capabilities: ['tilt'],
    });
    // A birth is stored before the device's next message is taken (one connection, in order).
    await event('cam-ridge-7', 'fire.smoke');
    await event('tilt-prenn-b', 'landslide.report');
    closed = await incidentFromDevice(hub, operator, 'cam-ridge-7');
    open = await incidentFromDevice(hub, operator, 'tilt-prenn-b');
    await changeIncident(hub, dispatcher, closed.id, 'resolve', { resolution: 'false_alarm' });
    await changeIncident(hub, dispatcher, closed.id, 'close');
  });

  afterAll(async () => {
    await device?.endAsync(true);
    await hub?.dispose();
  });

  it('finds a closed incident by its device name, in either language', async () => {
    for (const words of ['ridge camera', 'Langbiang RIDGE camera 7', 'suon nui', 'cam-ridge']) {
      const found = await search(`status=resolved,closed&q=${encodeURIComponent(words)}`);
      expect({ words, ids: ids(found), total: found.total }).toEqual({
        words,
        ids: [closed.id],
        total: 1,
      });
    }
    expect((await search('q=ridge%20camera')).items[0]).toMatchObject({ status: 'closed' });
  });

  it('finds by zone name, type label and id prefix; words must all match', async () => {
    expect(ids(await search(`q=${encodeURIComponent('Đèo Prenn')}`))).toEqual([open.id]);
    expect(ids(await search('q=deo%20prenn'))).toEqual([open.id]);
    expect(ids(await search('q=smoke%20langbiang'))).toEqual([closed.id]);
    expect(ids(await search('q=smoke%20prenn'))).toEqual([]);
    expect(ids(await search(`q=${closed.id.slice(0, 8)}`))).toEqual([closed.id]);
    expect(ids(await search('q=%25'))).toEqual([]);
  });

  it('filters on resolution and opening time, and pages', async () => {
    expect(ids(await search('resolution=false_alarm'))).toEqual([closed.id]);
    expect(ids(await search('resolution=handled,expired'))).toEqual([]);
    expect((await call(hub, 'GET', '/api/incidents?resolution=lost', operator)).status).toBe(400);

    const opened = Date.parse(closed.firstSeen);
    const at = (ms: number) => encodeURIComponent(new Date(ms).toISOString());
    expect(ids(await search(`from=${at(opened)}&to=${at(opened + 1)}`))).toEqual([closed.id]);
    expect(ids(await search(`from=${at(Date.now() + 60_000)}`))).toEqual([]);

    const first = await search('limit=1&offset=0');
    const second = await search('limit=1&offset=1');
    expect(first.total).toBe(2);
    expect(second.total).toBe(2);
    expect(new Set([...ids(first), ...ids(second)])).toEqual(new Set([closed.id, open.id]));
    expect(ids(await search('limit=1&offset=2'))).toEqual([]);
  });

  it('is an operator read: no token, no answer', async () => {
    expect((await call(hub, 'GET', '/api/incidents?q=ridge', null)).status).toBe(401);
  });
});
