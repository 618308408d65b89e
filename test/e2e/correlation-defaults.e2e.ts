import type { MqttClient } from 'mqtt';
import {
  DEFAULT_CATEGORY_PARAMETERS,
  EVENT_TYPES,
  EVENT_TYPE_SEVERITY,
  categoryOf,
  offsetM,
  raiseSeverity,
  topics,
  type Category,
  type EventType,
  type IncidentList,
  type LatLon,
} from '@ioc/shared';
import { connectMqtt } from '../support/clients';
import { expectEventually } from '../support/eventually';
import { HubProcess } from '../support/hub-process';

/**
 * Every default of docs/contract.md §4–§5, black box over MQTT and HTTP: for each category, events
 * inside its radius and window join (and two sources raise the base severity one level),
 * events just outside either open a second incident.
 */
const categories = (Object.keys(DEFAULT_CATEGORY_PARAMETERS) as Category[]).filter(
  (c) => c !== 'device',
);
const firstTypeOf = (category: Category): EventType =>
  EVENT_TYPES.find((t) => categoryOf(t) === category)!;

describe('correlation defaults per category (docs/contract.md §4–§5)', () => {
  let hub: HubProcess;
  let device: MqttClient;
  let token: string;
  // Old enough that t0 + the longest window (24 h) is not in the future.
  const t0 = Date.now() - 26 * 3600_000;
  let place = 0;
  // Each check gets its own spot, 30 km from the others: no check can see another's incidents.
  const nextPlace = (): LatLon => ({
    lat: 9 + (place++ % 20) * 0.3,
    lon: 104 + Math.floor(place / 20) * 0.3,
  });
  let seq = 0;

  beforeAll(async () => {
    hub = await HubProcess.start('correlation-defaults', {
      broker: 'embedded',
      database: 'sqlite',
    });
    token = await hub.login('operator');
    device = await connectMqtt(hub.mqttUrl);
  });

  afterAll(async () => {
    await device?.endAsync();
    await hub?.dispose();
  });

  const publish = async (
    deviceId: string,
    type: EventType,
    location: LatLon,
    ts: number,
  ): Promise<void> => {
    await device.publishAsync(
      topics.events(deviceId, hub.topicRoot),
      JSON.stringify({ id: `c-${++seq}`, ts, type, location }),
      { qos: 1 },
    );
  };

  /** Incidents whose sources are exactly among `deviceIds`, once `expected` exist. */
  const incidentsOf = async (
    deviceIds: string[],
    expected: number,
  ): Promise<IncidentList['items']> =>
    expectEventually(async () => {
      const { items } = await hub.get<IncidentList>('/api/incidents?limit=5000', token);
      const mine = items.filter((i) => i.sources.some((s) => deviceIds.includes(s)));
      expect(mine.reduce((n, i) => n + i.eventCount, 0)).toBe(expected);
      return mine;
    });

  it.each(categories)(
    '%s: inside radius and window joins, with the severity raised for two sources',
    async (category) => {
      const { radiusM, windowMs } = DEFAULT_CATEGORY_PARAMETERS[category];
      const type = firstTypeOf(category);
      const p = nextPlace();
      const ids = [`${category}-a1`, `${category}-a2`];
      await publish(ids[0]!, type, p, t0);
      await publish(ids[1]!, type, offsetM(p, radiusM! * 0.9, 0), t0 + windowMs - 60_000);
      const incidents = await incidentsOf(ids, 2);
      expect(incidents).toHaveLength(1);
      expect(incidents[0]).toMatchObject({
        category,
        eventCount: 2,
        severity: raiseSeverity(EVENT_TYPE_SEVERITY[type]),
      });
    },
  );

  it.each(categories)(
    '%s: just outside the radius opens a second incident at base severity',
    async (category) => {
      const { radiusM } = DEFAULT_CATEGORY_PARAMETERS[category];
      const type = firstTypeOf(category);
      const p = nextPlace();
      const ids = [`${category}-b1`, `${category}-b2`];
      await publish(ids[0]!, type, p, t0);
      await publish(ids[1]!, type, offsetM(p, radiusM! * 1.1, 0), t0);
      const incidents = await incidentsOf(ids, 2);
      expect(incidents).toHaveLength(2);
      for (const incident of incidents) expect(incident.severity).toBe(EVENT_TYPE_SEVERITY[type]);
    },
  );

  it.each(categories)('%s: just after the window opens a second incident', async (category) => {
    const { windowMs } = DEFAULT_CATEGORY_PARAMETERS[category];
    const type = firstTypeOf(category);
    const p = nextPlace();
    const ids = [`${category}-c1`];
    await publish(ids[0]!, type, p, t0);
    await publish(ids[0]!, type, offsetM(p, 10, 0), t0 + windowMs + 60_000);
    expect(await incidentsOf(ids, 2)).toHaveLength(2);
  });
});
