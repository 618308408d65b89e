import type { MqttClient } from 'mqtt';
import { topics, type Incident, type IncidentList, type Rejection, type Unit } from '@ioc/shared';
import { call, freshLatitude, openIncident } from '../support/api';
import { connectMqtt, LiveClient } from '../support/clients';
import { expectEventually } from '../support/eventually';
import { DISTRICT, DISTRICT_NAME, startFederation } from '../support/federation';
import type { HubProcess } from '../support/hub-process';
import { acknowledgeIncident, changeIncident } from '../support/incidents';

/** A link cut and the district's back-off (up to 30 s) make arrivals slow on purpose. */
const FLOW_TIMEOUT = 90_000;

/**
 * Two built hubs (docs/federation.md): a province on its embedded broker, knowing one
 * district, and that district on its own embedded broker, forwarding to the province's.
 */
describe('federation: a district hub forwards its incidents to its province', () => {
  let province: HubProcess;
  let district: HubProcess;
  let device: MqttClient;
  let districtOperator: string;
  let districtDispatcher: string;
  let provinceOperator: string;
  let provinceDispatcher: string;
  const feeds: LiveClient[] = [];

  beforeAll(async () => {
    ({ province, district } = await startFederation('federation'));
    [districtOperator, districtDispatcher, provinceOperator, provinceDispatcher] =
      await Promise.all([
        district.login('operator'),
        district.login('dispatcher'),
        province.login('operator'),
        province.login('dispatcher'),
      ]);
    device = await connectMqtt(district.mqttUrl);
  });

  afterAll(async () => {
    for (const feed of feeds) feed.close();
    await device?.endAsync();
    await district?.dispose();
    await province?.dispose();
  });

  const districtList = async (): Promise<Incident[]> =>
    (
      await province.get<IncidentList>(
        `/api/incidents?district=${DISTRICT}&limit=5000`,
        provinceOperator,
      )
    ).items;

  /** A unit of this test's own at the district, so no other test has made it busy. */
  async function newDistrictUnit(): Promise<Unit> {
    const admin = await district.login('admin');
    const created = await call<Unit>(district, 'POST', '/api/units', admin, {
      id: 'e2e-federation-unit',
      name: 'Federation unit',
      kind: 'fire_brigade',
      homeZone: 'langbiang',
      location: { lat: 12.0, lon: 108.44 },
    });
    expect(created.status).toBe(201);
    return created.body;
  }

  async function newFeed(): Promise<LiveClient> {
    const feed = new LiveClient(province.baseUrl, await province.login('operator'));
    feeds.push(feed);
    await feed.connected();
    return feed;
  }

  it('forwards incidents at or above the minimum severity, shown with the district name, apart from the province’s own', async () => {
    const feed = await newFeed();
    // Below the threshold first: once the later one has arrived, this one was passed over.
    const low = await openIncident(district, device, districtOperator, {
      lat: freshLatitude(),
      type: 'urban.crowd',
    });
    const fire = await openIncident(district, device, districtOperator, {
      lat: freshLatitude(),
      type: 'fire.flame',
    });
    const arrived = await expectEventually(async () => {
      const found = (await districtList()).find((i) => i.id === fire.id);
      if (!found) throw new Error(`${fire.id} not at the province yet`);
      return found;
    }, FLOW_TIMEOUT);
    expect(arrived).toMatchObject({
      id: fire.id,
      seq: fire.seq,
      status: 'open',
      severity: 'high',
      districtId: DISTRICT,
      districtName: DISTRICT_NAME,
    });
    expect((await districtList()).some((i) => i.id === low.id)).toBe(false);
    // Pushed live to province consoles, with the district's name.
    await expectEventually(() => {
      expect(feed.districtIncidents.find((i) => i.id === fire.id)).toMatchObject({
        districtName: DISTRICT_NAME,
      });
    });
    // Kept apart: the province's own list and detail do not hold it.
    const own = await province.get<IncidentList>('/api/incidents?limit=5000', provinceOperator);
    expect(own.items.some((i) => i.id === fire.id)).toBe(false);
    const every = await province.get<IncidentList>('/api/incidents?district=*', provinceOperator);
    expect(every.items.map((i) => i.id)).toContain(fire.id);
  });

  it('keeps district incidents read-only at the province', async () => {
    const fire = await openIncident(district, device, districtOperator, {
      lat: freshLatitude(),
      type: 'fire.flame',
    });
    await expectEventually(async () => {
      if (!(await districtList()).some((i) => i.id === fire.id)) throw new Error('not yet');
    }, FLOW_TIMEOUT);
    const answer = await call<{ message: string }>(
      province,
      'POST',
      `/api/incidents/${fire.id}/acknowledge`,
      provinceDispatcher,
      { version: fire.version },
    );
    expect(answer.status).toBe(403);
    expect(answer.body.message).toMatch(/read-only/);
  });

  it('replays every change once and in order after the link is cut during a burst, each state of an incident changed while cut', async () => {
    const before = await newFeed();
    // The district's own feed: every state it committed, to compare with what arrives.
    const atDistrict = new LiveClient(district.baseUrl, districtOperator);
    feeds.push(atDistrict);
    await atDistrict.connected();
    const unit = await newDistrictUnit();
    const burst = 12;
    const opened: Incident[] = [];
    let changedWhileCut: Incident | null = null;
    for (let n = 0; n < burst; n++) {
      // Cut the link halfway: the province stops; the district goes on changing incidents.
      if (n === burst / 2) {
        before.close();
        await province.stop();
      }
      const incident = await openIncident(district, device, districtOperator, {
        lat: freshLatitude(),
        type: 'fire.flame',
      });
      await acknowledgeIncident(district, districtDispatcher, incident.id);
      if (n === burst / 2) {
        // Several changes to one incident while the link is down: each must arrive.
        await changeIncident(district, districtDispatcher, incident.id, 'dispatch', {
          unitId: unit.id,
        });
        const noted = await call(
          district,
          'POST',
          `/api/incidents/${incident.id}/notes`,
          districtOperator,
          {
            text: 'crew on the way',
          },
        );
        expect(noted.status).toBe(201);
        changedWhileCut = incident;
      }
      opened.push(incident);
    }
    if (!changedWhileCut) throw new Error('no incident changed during the cut');
    const watchedId = changedWhileCut.id;
    await expectEventually(async () => {
      expect(await district.metric('ioc_federation_link_up')).toBe(0);
    }, FLOW_TIMEOUT);
    // Every state of the watched incident the district committed, each with its seq.
    const committed = await expectEventually(() => {
      const states = atDistrict.incidents.filter((i) => i.id === watchedId);
      expect(states.map((i) => i.status)).toEqual(
        expect.arrayContaining(['open', 'acknowledged', 'dispatched']),
      );
      expect(states.at(-1)?.version).toBeGreaterThanOrEqual(3);
      return states.map((i) => ({ seq: i.seq, status: i.status, version: i.version }));
    });
    // The district stops too (its outbox must survive a restart), so the province's feed
    // is connected before anything is replayed.
    atDistrict.close();
    await district.stop();
    await province.restart();
    provinceOperator = await province.login('operator');
    const after = await newFeed();
    await district.restart();
    districtOperator = await district.login('operator');
    districtDispatcher = await district.login('dispatcher');
    const latest = async (): Promise<Incident[]> =>
      (await district.get<IncidentList>('/api/incidents?limit=5000', districtOperator)).items;
    await expectEventually(async () => {
      const atDistrictNow = new Map((await latest()).map((i) => [i.id, i]));
      const atProvince = new Map((await districtList()).map((i) => [i.id, i]));
      for (const { id } of opened) {
        const expected = atDistrictNow.get(id);
        const got = atProvince.get(id);
        if (!expected || !got) throw new Error(`${id} missing`);
        expect({ seq: got.seq, status: got.status, version: got.version }).toEqual({
          seq: expected.seq,
          status: expected.status,
          version: expected.version,
        });
      }
    }, FLOW_TIMEOUT);
    // Not coalesced: the province's feed received every state the watched incident went
    // through while the link was down, in order, each once.
    const lastCommitted = committed.at(-1)?.seq ?? 0;
    const replayed = after.districtIncidents
      .filter((i) => i.id === watchedId && i.seq <= lastCommitted)
      .map((i) => ({ seq: i.seq, status: i.status, version: i.version }));
    expect(replayed).toEqual(committed);
    // Once and in order: each console saw strictly increasing district seqs, and no state
    // was applied twice across the cut (a replay of a stored state changes nothing).
    for (const feed of [before, after]) {
      const seqs = feed.districtIncidents.map((i) => i.seq);
      expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
      expect(new Set(seqs).size).toBe(seqs.length);
    }
    const all = [...before.districtIncidents, ...after.districtIncidents].map(
      (i) => `${i.id}@${i.seq}`,
    );
    expect(new Set(all).size).toBe(all.length);
    await expectEventually(async () => {
      expect(await district.metric('ioc_federation_pending')).toBe(0);
    });
  });

  it('refuses and counts an unknown district, and a district speaking for another', async () => {
    const provinceAdmin = await province.login('admin');
    const [sample] = await districtList();
    if (!sample) throw new Error('no district incident to copy');
    const stranger = await connectMqtt(province.mqttUrl);
    try {
      const unknown = { ...sample, id: 'inc-stranger', hubId: 'bao-loc', hubName: 'Bảo Lộc' };
      await stranger.publishAsync(
        topics.federationIncident('bao-loc', unknown.id, province.topicRoot),
        JSON.stringify(unknown),
        { qos: 1 },
      );
      const spoof = { ...sample, id: 'inc-spoof', hubId: 'bao-loc', hubName: 'Bảo Lộc' };
      await stranger.publishAsync(
        topics.federationIncident(DISTRICT, spoof.id, province.topicRoot),
        JSON.stringify(spoof),
        { qos: 1 },
      );
    } finally {
      await stranger.endAsync();
    }
    const { items } = await province.get<{ items: Rejection[] }>(
      '/api/ingest/rejections',
      provinceAdmin,
    );
    const refused = items.filter((r) => r.reason === 'unknown_district').map((r) => r.topic);
    expect(refused).toEqual(
      expect.arrayContaining([
        topics.federationIncident('bao-loc', 'inc-stranger', province.topicRoot),
        topics.federationIncident(DISTRICT, 'inc-spoof', province.topicRoot),
      ]),
    );
    const metrics = await (await fetch(`${province.baseUrl}/metrics`)).text();
    expect(metrics).toMatch(/ioc_events_rejected_total\{reason="unknown_district"\} 2/);
    const ids = (
      await province.get<IncidentList>('/api/incidents?district=*', provinceOperator)
    ).items.map((i) => i.id);
    expect(ids).not.toContain('inc-stranger');
    expect(ids).not.toContain('inc-spoof');
  });
});
