import type { MqttClient } from 'mqtt';
import type { ErrorBody, Incident, IncidentDetail, Unit } from '@ioc/shared';
import { call, freshLatitude, openIncident } from '../support/api';
import { connectMqtt, LiveClient } from '../support/clients';
import { expectEventually } from '../support/eventually';
import { HubProcess, type HubOptions } from '../support/hub-process';

const matrix: [string, HubOptions][] = [
  ['SQLite', { broker: 'embedded', database: 'sqlite' }],
  ['PostgreSQL', { broker: 'embedded', database: 'postgres' }],
];

// docs/dispatch.md "Several units per incident": add and release units on a dispatched
// incident, with the same version check, audit and live push as the transitions.
describe.each(matrix)('several units per incident over HTTP (%s)', (label, options) => {
  let hub: HubProcess;
  let device: MqttClient;
  let live: LiveClient;
  let operator: string;
  let dispatcher: string;
  let admin: string;
  let unitCounter = 0;

  beforeAll(async () => {
    hub = await HubProcess.start(`dispatch-units-${label}`, options);
    [operator, dispatcher, admin] = await Promise.all([
      hub.login('operator'),
      hub.login('dispatcher'),
      hub.login('admin'),
    ]);
    device = await connectMqtt(hub.mqttUrl);
    live = new LiveClient(hub.baseUrl, operator);
    await live.connected();
  });

  afterAll(async () => {
    live?.close();
    await device?.endAsync();
    await hub?.dispose();
  });

  type Answer = Incident & ErrorBody;
  const post = (id: string, path: string, body: Record<string, unknown>, token = dispatcher) =>
    call<Answer>(hub, 'POST', `/api/incidents/${id}/${path}`, token, body);
  const addUnit = (incident: Incident, unitId: string, token = dispatcher, version?: number) =>
    post(incident.id, 'units', { version: version ?? incident.version, unitId }, token);
  const releaseUnit = (incident: Incident, unitId: string, token = dispatcher) =>
    call<Answer>(hub, 'DELETE', `/api/incidents/${incident.id}/units/${unitId}`, token, {
      version: incident.version,
    });
  const unit = (id: string) => hub.get<Unit>(`/api/units/${id}`, operator);

  /** A unit of this test's own, so tests never compete for the seeded ones. */
  async function newUnit(): Promise<Unit> {
    const id = `e2e-multi-${++unitCounter}`;
    const created = await call<Unit>(hub, 'POST', '/api/units', admin, {
      id,
      name: `Multi unit ${unitCounter}`,
      kind: unitCounter % 2 ? 'forest_rangers' : 'fire_brigade',
      homeZone: 'langbiang',
      location: { lat: 12.0, lon: 108.44 },
    });
    expect(created.status).toBe(201);
    return created.body;
  }

  /** An incident acknowledged and dispatched to a fresh unit. */
  async function dispatched(): Promise<{ incident: Incident; first: Unit }> {
    const opened = await openIncident(hub, device, operator, { lat: freshLatitude() });
    const acknowledged = await post(opened.id, 'acknowledge', { version: opened.version });
    expect(acknowledged.status).toBe(200);
    const first = await newUnit();
    const sent = await post(opened.id, 'dispatch', {
      version: acknowledged.body.version,
      unitId: first.id,
    });
    expect(sent.status).toBe(200);
    expect(sent.body).toMatchObject({ assignedUnitId: first.id, assignedUnitIds: [first.id] });
    return { incident: sent.body, first };
  }

  it('sends a second unit and releases the first: both busy, then one free, audited and pushed live', async () => {
    const { incident, first } = await dispatched();
    const second = await newUnit();

    const added = await addUnit(incident, second.id);
    expect(added.status).toBe(200);
    expect(added.body).toMatchObject({
      status: 'dispatched',
      version: incident.version + 1,
      assignedUnitId: first.id,
      assignedUnitIds: [first.id, second.id],
    });
    expect(await unit(second.id)).toMatchObject({ status: 'busy', incidentId: incident.id });
    await expectEventually(async () =>
      expect(live.latest(incident.id)?.assignedUnitIds).toEqual([first.id, second.id]),
    );

    // Reassigning: the second stays, the first comes back and the second becomes primary.
    const released = await releaseUnit(added.body, first.id);
    expect(released.status).toBe(200);
    expect(released.body).toMatchObject({
      status: 'dispatched',
      version: incident.version + 2,
      assignedUnitId: second.id,
      assignedUnitIds: [second.id],
    });
    expect(await unit(first.id)).toMatchObject({ status: 'available', incidentId: null });
    expect(await unit(second.id)).toMatchObject({ status: 'busy', incidentId: incident.id });
    await expectEventually(async () =>
      expect(live.latest(incident.id)?.assignedUnitIds).toEqual([second.id]),
    );

    const detail = await hub.get<IncidentDetail>(`/api/incidents/${incident.id}`, operator);
    expect(
      detail.audit
        .filter((a) => a.action.startsWith('unit_'))
        .map((a) => [a.actor, a.action, a.from, a.to, a.note]),
    ).toEqual([
      ['dispatcher', 'unit_added', 'dispatched', 'dispatched', `unit ${second.id}`],
      ['dispatcher', 'unit_released', 'dispatched', 'dispatched', `unit ${first.id}`],
    ]);
  });

  it('resolving frees every unit on the incident and keeps the list as the record', async () => {
    const { incident, first } = await dispatched();
    const second = await newUnit();
    const added = await addUnit(incident, second.id);
    expect(added.status).toBe(200);
    const resolved = await post(incident.id, 'resolve', {
      version: added.body.version,
      resolution: 'handled',
    });
    expect(resolved.status).toBe(200);
    expect(resolved.body.assignedUnitIds).toEqual([first.id, second.id]);
    for (const id of [first.id, second.id])
      expect(await unit(id)).toMatchObject({ status: 'available', incidentId: null });
  });

  it('refuses with a clear reason: stale version, busy or unknown unit, wrong status, last unit, role', async () => {
    const { incident, first } = await dispatched();
    const other = await dispatched();
    const spare = await newUnit();

    const stale = await addUnit(incident, spare.id, dispatcher, incident.version - 1);
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ code: 'VERSION_CONFLICT', details: { id: incident.id } });
    expect(await unit(spare.id)).toMatchObject({ status: 'available' });

    const busy = await addUnit(incident, other.first.id);
    expect(busy.status).toBe(409);
    expect(busy.body.code).toBe('UNIT_UNAVAILABLE');
    expect(busy.body.message).toContain(other.incident.id);

    const unknown = await addUnit(incident, 'no-such-unit');
    expect(unknown.status).toBe(422);
    expect(unknown.body.code).toBe('UNKNOWN_UNIT');

    const again = await addUnit(incident, first.id);
    expect(again.status).toBe(409);

    const last = await releaseUnit(incident, first.id);
    expect(last.status).toBe(422);
    expect(last.body.code).toBe('LAST_UNIT');
    expect(await unit(first.id)).toMatchObject({ status: 'busy', incidentId: incident.id });

    const notOn = await releaseUnit(incident, spare.id);
    expect(notOn.status).toBe(404);

    const forbidden = await addUnit(incident, spare.id, operator);
    expect(forbidden.status).toBe(403);

    const invalid = await post(incident.id, 'units', { version: incident.version });
    expect(invalid.status).toBe(400);

    const opened = await openIncident(hub, device, operator, { lat: freshLatitude() });
    const early = await addUnit(opened, spare.id);
    expect(early.status).toBe(422);
    expect(early.body.code).toBe('ILLEGAL_TRANSITION');
    expect(await unit(spare.id)).toMatchObject({ status: 'available' });

    // Nothing refused changed the incident.
    const now = await hub.get<IncidentDetail>(`/api/incidents/${incident.id}`, operator);
    expect(now).toMatchObject({ version: incident.version, assignedUnitIds: [first.id] });
  });

  it('two dispatchers adding different units on one version: exactly one wins, the loser’s unit stays free', async () => {
    const second = await hub.login('admin');
    for (let round = 0; round < 5; round++) {
      const { incident } = await dispatched();
      const [a, b] = [await newUnit(), await newUnit()];
      const answers = await Promise.all([
        addUnit(incident, a.id, dispatcher),
        addUnit(incident, b.id, second),
      ]);
      expect(answers.map((r) => r.status).sort()).toEqual([200, 409]);
      const winner = answers[0].status === 200 ? a : b;
      const loser = winner === a ? b : a;
      const lost = answers.find((r) => r.status === 409)!;
      expect(lost.body).toMatchObject({
        code: 'VERSION_CONFLICT',
        details: { assignedUnitIds: expect.arrayContaining([winner.id]) as unknown },
      });
      expect(await unit(winner.id)).toMatchObject({ status: 'busy', incidentId: incident.id });
      expect(await unit(loser.id)).toMatchObject({ status: 'available', incidentId: null });
    }
  });

  it('takes the version from the query when a DELETE comes without a body', async () => {
    const { incident, first } = await dispatched();
    const second = await newUnit();
    const added = await addUnit(incident, second.id);
    const released = await call<Answer>(
      hub,
      'DELETE',
      `/api/incidents/${incident.id}/units/${first.id}?version=${added.body.version}`,
      dispatcher,
    );
    expect(released.status).toBe(200);
    expect(released.body.assignedUnitIds).toEqual([second.id]);
  });

  it('keeps every unit of an incident busy across a restart', async () => {
    const { incident, first } = await dispatched();
    const second = await newUnit();
    expect((await addUnit(incident, second.id)).status).toBe(200);
    await hub.restart();
    device.end(true);
    device = await connectMqtt(hub.mqttUrl);
    live.close();
    live = new LiveClient(hub.baseUrl, operator);
    await live.connected();
    const after = await hub.get<Incident>(`/api/incidents/${incident.id}`, operator);
    expect(after.assignedUnitIds).toEqual([first.id, second.id]);
    for (const id of [first.id, second.id])
      expect(await unit(id)).toMatchObject({ status: 'busy', incidentId: incident.id });
  });
});
