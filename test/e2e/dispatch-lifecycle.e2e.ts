import type { MqttClient } from 'mqtt';
import type { ErrorBody, Incident, IncidentDetail, IncidentStatus, Unit } from '@ioc/shared';
import { call, freshLatitude, openIncident } from '../support/api';
import { connectMqtt, LiveClient } from '../support/clients';
import { expectEventually } from '../support/eventually';
import { HubProcess, type HubOptions } from '../support/hub-process';

const matrix: [string, HubOptions][] = [
  ['SQLite', { broker: 'embedded', database: 'sqlite' }],
  ['PostgreSQL', { broker: 'embedded', database: 'postgres' }],
];

type Action = 'acknowledge' | 'dispatch' | 'resolve' | 'close';

/** Every (status, action) pair docs/contract.md §6 forbids. */
const ILLEGAL: [IncidentStatus, Action][] = [
  ['open', 'dispatch'],
  ['open', 'close'],
  ['acknowledged', 'acknowledge'],
  ['acknowledged', 'close'],
  ['dispatched', 'acknowledge'],
  ['dispatched', 'dispatch'],
  ['dispatched', 'close'],
  ['resolved', 'acknowledge'],
  ['resolved', 'dispatch'],
  ['resolved', 'resolve'],
  ['closed', 'acknowledge'],
  ['closed', 'dispatch'],
  ['closed', 'resolve'],
  ['closed', 'close'],
];

describe.each(matrix)('dispatcher lifecycle over HTTP (%s)', (label, options) => {
  let hub: HubProcess;
  let device: MqttClient;
  let live: LiveClient;
  let operator: string;
  let dispatcher: string;
  let admin: string;
  let unitCounter = 0;

  beforeAll(async () => {
    hub = await HubProcess.start(`dispatch-lifecycle-${label}`, options);
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

  const act = (
    id: string,
    action: Action | 'notes',
    body: Record<string, unknown>,
    token = dispatcher,
  ) => call<Incident & ErrorBody>(hub, 'POST', `/api/incidents/${id}/${action}`, token, body);

  const detail = (id: string) => hub.get<IncidentDetail>(`/api/incidents/${id}`, operator);

  /** A new unit of this test's own, so tests never compete for the seeded ones. */
  async function newUnit(status: 'available' | 'off_duty' = 'available'): Promise<Unit> {
    const id = `e2e-unit-${++unitCounter}`;
    const created = await call<Unit>(hub, 'POST', '/api/units', admin, {
      id,
      name: `Test unit ${unitCounter}`,
      kind: 'fire_brigade',
      homeZone: 'center',
      location: { lat: 11.94, lon: 108.44 },
      status,
    });
    expect(created.status).toBe(201);
    return created.body;
  }

  /** An incident brought to `status` through the API. */
  async function incidentIn(status: IncidentStatus): Promise<Incident> {
    let incident = await openIncident(hub, device, operator, { lat: freshLatitude() });
    const step = async (action: Action, extra: Record<string, unknown> = {}): Promise<void> => {
      const response = await act(incident.id, action, { version: incident.version, ...extra });
      expect(response.status).toBe(200);
      incident = response.body;
    };
    if (status === 'open') return incident;
    await step('acknowledge');
    if (status === 'acknowledged') return incident;
    await step('dispatch', { unitId: (await newUnit()).id });
    if (status === 'dispatched') return incident;
    await step('resolve', { resolution: 'handled' });
    if (status === 'resolved') return incident;
    await step('close');
    return incident;
  }

  it('takes an incident from open to closed: each step answered, audited, pushed on /live, and its unit busy then free', async () => {
    const opened = await openIncident(hub, device, operator, { lat: freshLatitude() });
    expect(opened).toMatchObject({
      status: 'open',
      version: 1,
      acknowledgedBy: null,
      assignedUnitId: null,
    });

    const acknowledged = await act(opened.id, 'acknowledge', {
      version: 1,
      note: 'seen on camera',
    });
    expect(acknowledged.status).toBe(200);
    expect(acknowledged.body).toMatchObject({
      status: 'acknowledged',
      version: 2,
      acknowledgedBy: 'dispatcher',
    });
    expect(Date.parse(acknowledged.body.acknowledgedAt!)).toBeGreaterThanOrEqual(
      Date.parse(opened.updatedAt),
    );
    expect(acknowledged.body.seq).toBeGreaterThan(opened.seq);

    const unit = await newUnit();
    const dispatched = await act(opened.id, 'dispatch', {
      version: 2,
      unitId: unit.id,
      note: 'nearest team',
    });
    expect(dispatched.status).toBe(200);
    expect(dispatched.body).toMatchObject({
      status: 'dispatched',
      version: 3,
      assignedUnitId: unit.id,
    });
    expect(await hub.get<Unit>(`/api/units/${unit.id}`, operator)).toMatchObject({
      status: 'busy',
      incidentId: opened.id,
    });

    const resolved = await act(opened.id, 'resolve', { version: 3, resolution: 'handled' });
    expect(resolved.status).toBe(200);
    expect(resolved.body).toMatchObject({
      status: 'resolved',
      version: 4,
      resolution: 'handled',
      assignedUnitId: unit.id,
    });
    expect(resolved.body.resolvedAt).not.toBeNull();
    expect(await hub.get<Unit>(`/api/units/${unit.id}`, operator)).toMatchObject({
      status: 'available',
      incidentId: null,
    });

    const closed = await act(opened.id, 'close', { version: 4, note: 'report filed' });
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({ status: 'closed', version: 5 });

    const { audit } = await detail(opened.id);
    expect(audit.map((a) => [a.actor, a.action, a.from, a.to, a.note])).toEqual([
      ['hub', 'opened', null, 'open', expect.any(String)],
      ['dispatcher', 'acknowledged', 'open', 'acknowledged', 'seen on camera'],
      ['dispatcher', 'dispatched', 'acknowledged', 'dispatched', `unit ${unit.id}: nearest team`],
      ['dispatcher', 'resolved', 'dispatched', 'resolved', 'resolution handled'],
      ['dispatcher', 'closed', 'resolved', 'closed', 'report filed'],
    ]);
    const times = audit.map((a) => Date.parse(a.at));
    expect([...times].sort((a, b) => a - b)).toEqual(times);

    // Every console saw every state, in seq order.
    await expectEventually(() =>
      expect(live.incidents.filter((i) => i.id === opened.id).map((i) => i.status)).toEqual([
        'open',
        'acknowledged',
        'dispatched',
        'resolved',
        'closed',
      ]),
    );
    const seqs = live.incidents.filter((i) => i.id === opened.id).map((i) => i.seq);
    expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);
  });

  it('open → resolved directly (a false alarm), then closed', async () => {
    const opened = await openIncident(hub, device, operator, { lat: freshLatitude() });
    const resolved = await act(opened.id, 'resolve', {
      version: 1,
      resolution: 'false_alarm',
      note: 'a cooking fire',
    });
    expect(resolved.status).toBe(200);
    expect(resolved.body).toMatchObject({
      status: 'resolved',
      resolution: 'false_alarm',
      version: 2,
      acknowledgedBy: null,
    });
    const closed = await act(opened.id, 'close', { version: 2 });
    expect(closed.body).toMatchObject({ status: 'closed', version: 3 });
    expect((await detail(opened.id)).audit.map((a) => `${a.from}->${a.to}`)).toEqual([
      'null->open',
      'open->resolved',
      'resolved->closed',
    ]);
  });

  it('acknowledged → resolved without a dispatch (a duplicate)', async () => {
    const acknowledged = await incidentIn('acknowledged');
    const resolved = await act(acknowledged.id, 'resolve', {
      version: acknowledged.version,
      resolution: 'duplicate',
    });
    expect(resolved.status).toBe(200);
    expect(resolved.body).toMatchObject({
      status: 'resolved',
      resolution: 'duplicate',
      assignedUnitId: null,
    });
  });

  it.each(ILLEGAL)(
    'refuses %s → %s with 422 ILLEGAL_TRANSITION and changes nothing',
    async (status, action) => {
      const incident = await incidentIn(status);
      const extra =
        action === 'dispatch'
          ? { unitId: (await newUnit()).id }
          : action === 'resolve'
            ? { resolution: 'handled' }
            : {};
      const response = await act(incident.id, action, { version: incident.version, ...extra });
      expect(response.status).toBe(422);
      expect(response.body).toMatchObject({ statusCode: 422, code: 'ILLEGAL_TRANSITION' });
      expect(response.body.message).toContain(status);
      const after = await detail(incident.id);
      expect(after).toMatchObject({ status, version: incident.version, seq: incident.seq });
      expect(after.audit.at(-1)?.action).not.toBe(action);
    },
  );

  it('answers a stale version with 409 and the current incident', async () => {
    const opened = await openIncident(hub, device, operator, { lat: freshLatitude() });
    expect((await act(opened.id, 'notes', { text: 'first look' }, operator)).status).toBe(201);
    const stale = await act(opened.id, 'acknowledge', { version: 1 });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({
      statusCode: 409,
      code: 'VERSION_CONFLICT',
      details: { id: opened.id, version: 2, status: 'open' },
    });
    expect(stale.body.message).toMatch(/version 2/);
    const fresh = await act(opened.id, 'acknowledge', { version: 2 });
    expect(fresh.body).toMatchObject({ status: 'acknowledged', version: 3 });
  });

  it('needs the dispatcher role for transitions (operator 403), but lets an operator add notes; admin may transition', async () => {
    const opened = await openIncident(hub, device, operator, { lat: freshLatitude() });
    for (const [action, extra] of [
      ['acknowledge', {}],
      ['dispatch', { unitId: 'fire-dalat' }],
      ['resolve', { resolution: 'handled' }],
      ['close', {}],
    ] as const) {
      const response = await act(opened.id, action, { version: 1, ...extra }, operator);
      expect(response.status).toBe(403);
      expect(response.body.code).toBe('FORBIDDEN');
    }
    expect(
      (await call(hub, 'POST', `/api/incidents/${opened.id}/acknowledge`, null, { version: 1 }))
        .status,
    ).toBe(401);
    expect((await detail(opened.id)).version).toBe(1);

    const noted = await act(
      opened.id,
      'notes',
      { text: 'caller says <smoke> near the school & road' },
      operator,
    );
    expect(noted.status).toBe(201);
    expect(noted.body).toMatchObject({ status: 'open', version: 2 });
    expect((await detail(opened.id)).audit.at(-1)).toMatchObject({
      actor: 'operator',
      action: 'note',
      from: 'open',
      to: 'open',
      note: 'caller says <smoke> near the school & road',
    });

    const byAdmin = await act(opened.id, 'acknowledge', { version: 2 }, admin);
    expect(byAdmin.body).toMatchObject({ status: 'acknowledged', acknowledgedBy: 'admin' });
  });

  it('validates bodies (400) and names unknown incidents (404)', async () => {
    const opened = await openIncident(hub, device, operator, { lat: freshLatitude() });
    expect((await act(opened.id, 'acknowledge', {})).status).toBe(400);
    expect((await act(opened.id, 'acknowledge', { version: 'one' })).status).toBe(400);
    expect((await act(opened.id, 'resolve', { version: 1, resolution: 'bored' })).status).toBe(400);
    expect((await act(opened.id, 'dispatch', { version: 1 })).status).toBe(400);
    expect((await act(opened.id, 'notes', { text: '' }, operator)).status).toBe(400);
    expect((await act(opened.id, 'notes', { text: '   ' }, operator)).status).toBe(400);
    const missing = await act('no-such-incident', 'acknowledge', { version: 1 });
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('NOT_FOUND');
    expect((await detail(opened.id)).version).toBe(1);
  });

  it('dispatches only an available unit: busy and off-duty units 409, unknown ones 422', async () => {
    const first = await incidentIn('dispatched');
    const busyUnit = first.assignedUnitId!;
    const second = await incidentIn('acknowledged');

    const busy = await act(second.id, 'dispatch', { version: second.version, unitId: busyUnit });
    expect(busy.status).toBe(409);
    expect(busy.body).toMatchObject({ code: 'UNIT_UNAVAILABLE' });
    expect(busy.body.message).toContain(first.id);

    const offDuty = await newUnit('off_duty');
    const resting = await act(second.id, 'dispatch', {
      version: second.version,
      unitId: offDuty.id,
    });
    expect(resting.status).toBe(409);
    expect(resting.body.message).toMatch(/off duty/);

    const unknown = await act(second.id, 'dispatch', {
      version: second.version,
      unitId: 'no-such-unit',
    });
    expect(unknown.status).toBe(422);
    expect(unknown.body.code).toBe('UNKNOWN_UNIT');

    expect(await detail(second.id)).toMatchObject({
      status: 'acknowledged',
      version: second.version,
      assignedUnitId: null,
    });

    // Resolving the first frees its unit for the second.
    expect(
      (await act(first.id, 'resolve', { version: first.version, resolution: 'handled' })).status,
    ).toBe(200);
    const now = await act(second.id, 'dispatch', { version: second.version, unitId: busyUnit });
    expect(now.body).toMatchObject({ status: 'dispatched', assignedUnitId: busyUnit });
  });

  it('lists the seeded Da Lat units; only an admin creates or changes units; changes are pushed as `unit`', async () => {
    const units = await hub.get<Unit[]>('/api/units', operator);
    expect(units.map((u) => u.kind)).toEqual(
      expect.arrayContaining([
        'forest_rangers',
        'fire_brigade',
        'urban_order',
        'traffic_police',
        'environment',
      ]),
    );
    expect(units.find((u) => u.id === 'rangers-langbiang')).toMatchObject({
      homeZone: 'langbiang',
      status: 'available',
    });

    const body = {
      id: 'e2e-ambulance',
      name: 'Lam Dong ambulance',
      kind: 'medical',
      homeZone: 'center',
      location: { lat: 11.95, lon: 108.45 },
    };
    expect((await call(hub, 'POST', '/api/units', dispatcher, body)).status).toBe(403);
    expect((await call(hub, 'POST', '/api/units', operator, body)).status).toBe(403);
    const units$: Unit[] = [];
    live.socket.on('unit', (u) => units$.push(u));
    const created = await call<Unit>(hub, 'POST', '/api/units', admin, body);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      id: 'e2e-ambulance',
      status: 'available',
      incidentId: null,
    });
    expect((await call<ErrorBody>(hub, 'POST', '/api/units', admin, body)).body.code).toBe(
      'CONFLICT',
    );
    expect((await call(hub, 'POST', '/api/units', admin, { ...body, id: 'bad id!' })).status).toBe(
      400,
    );

    expect(
      (await call(hub, 'PATCH', '/api/units/e2e-ambulance', dispatcher, { status: 'off_duty' }))
        .status,
    ).toBe(403);
    const changed = await call<Unit>(hub, 'PATCH', '/api/units/e2e-ambulance', admin, {
      status: 'off_duty',
      name: 'Ambulance 2',
    });
    expect(changed.body).toMatchObject({ status: 'off_duty', name: 'Ambulance 2' });
    expect(
      (await call(hub, 'PATCH', '/api/units/e2e-ambulance', admin, { status: 'busy' })).status,
    ).toBe(400);
    expect((await call(hub, 'PATCH', '/api/units/nope', admin, { name: 'x' })).status).toBe(404);
    await expectEventually(() =>
      expect(units$.filter((u) => u.id === 'e2e-ambulance').map((u) => u.status)).toEqual([
        'available',
        'off_duty',
      ]),
    );

    // A unit out on an incident cannot be stood down by hand.
    const out = await incidentIn('dispatched');
    const standDown = await call<ErrorBody>(
      hub,
      'PATCH',
      `/api/units/${out.assignedUnitId}`,
      admin,
      { status: 'off_duty' },
    );
    expect(standDown.status).toBe(409);
  });

  it('keeps the units in step with the incidents across a restart', async () => {
    const out = await incidentIn('dispatched');
    await hub.restart();
    device.end(true);
    device = await connectMqtt(hub.mqttUrl);
    live.close();
    live = new LiveClient(hub.baseUrl, operator);
    await live.connected();
    expect(await hub.get<Unit>(`/api/units/${out.assignedUnitId}`, operator)).toMatchObject({
      status: 'busy',
      incidentId: out.id,
    });
    const resolved = await act(out.id, 'resolve', { version: out.version, resolution: 'handled' });
    expect(resolved.body).toMatchObject({ status: 'resolved', version: out.version + 1 });
    expect(await hub.get<Unit>(`/api/units/${out.assignedUnitId}`, operator)).toMatchObject({
      status: 'available',
    });
  });
});
