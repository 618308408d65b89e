import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { Correlator } from '../../src/correlation/correlator';
import { ManualClock } from '../../src/correlation/clock';
import { eventAt, T0 } from '../../src/correlation/correlation.fixtures';
import { openDataSource } from '../../src/database/data-source.factory';
import { DeviceEntity } from '../../src/database/entities';
import { VersionConflictError } from '../../src/database/batch-writer';
import { PostgresBatchWriter } from '../../src/database/postgres-batch-writer';
import { GroupCommit } from '../../src/database/group-commit';
import { HubEvents } from '../../src/common/hub-events';
import { timerScheduler } from '../../src/common/scheduler';
import { DeviceRepository } from '../../src/devices/device.repository';
import { DevicesService } from '../../src/devices/devices.service';
import { TelemetryRepository } from '../../src/devices/telemetry.repository';
import { eventRow, IncidentRepository, linkRow } from '../../src/incidents/incident.repository';
import { admin, ADMIN_URL } from './postgres-admin';

// The BatchWriter's PostgreSQL statements against the machine's PostgreSQL, on a fresh
// database migrated like production. (The SQLite writer runs in a worker thread from the
// built hub: the black-box suites in /test cover it.)

function device(id: string, patch: Partial<DeviceEntity>): DeviceEntity {
  return Object.assign(new DeviceEntity(), {
    id,
    kind: 'camera',
    name: 'Cam 1',
    lat: 11.94,
    lon: 108.44,
    zone: 'langbiang',
    capabilities: ['fire.smoke'],
    status: 'online',
    registered: true,
    names: null,
    secretDigest: null,
    retired: false,
    lastSeen: T0,
    updatedAt: T0,
    ...patch,
  });
}

describe('PostgresBatchWriter with the repositories', () => {
  const database = `ioc_medium_${randomBytes(4).toString('hex')}`;
  let dataSource: DataSource;
  let writer: PostgresBatchWriter;
  let devices: DeviceRepository;
  let group: GroupCommit;
  let telemetry: TelemetryRepository;
  let incidents: IncidentRepository;

  beforeAll(async () => {
    await admin(`CREATE DATABASE ${database}`);
    const url = new URL(ADMIN_URL);
    url.pathname = `/${database}`;
    dataSource = await openDataSource({ kind: 'postgres', url: url.toString() });
    writer = new PostgresBatchWriter(dataSource);
    group = new GroupCommit(writer, timerScheduler);
    devices = new DeviceRepository(dataSource, writer, group);
    telemetry = new TelemetryRepository(dataSource, writer);
    incidents = new IncidentRepository(dataSource, writer);
    writer.start();
  });

  afterAll(async () => {
    await writer?.close();
    if (dataSource?.isInitialized) await dataSource.destroy();
    await admin(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  });

  it('upserts whole device rows', async () => {
    await devices.upsert([device('cam-1', {}), device('cam-2', { registered: false })]);
    await devices.upsert([device('cam-1', { status: 'offline', lastSeen: T0 + 1000 })]);

    const rows = (await devices.findAll()).sort((a, b) => a.id.localeCompare(b.id));
    expect(rows.map((r) => [r.id, r.status, r.registered, Number(r.lastSeen)])).toEqual([
      ['cam-1', 'offline', true, T0 + 1000],
      ['cam-2', 'online', false, T0],
    ]);
    expect(rows[0]!.capabilities).toEqual(['fire.smoke']);
  });

  it('takes one device twice in one upsert, keeping the newest row (ON CONFLICT touches it once)', async () => {
    await devices.upsert([
      device('cam-twice', { status: 'online', lastSeen: T0 }),
      device('cam-other', {}),
      device('cam-twice', { status: 'offline', lastSeen: T0 + 5 }),
    ]);
    const rows = await devices.findAll();
    const twice = rows.find((r) => r.id === 'cam-twice');
    expect([twice?.status, Number(twice?.lastSeen)]).toEqual(['offline', T0 + 5]);
    expect(rows.some((r) => r.id === 'cam-other')).toBe(true);
  });

  it('stores the statuses of 500 devices through the group commit in far fewer transactions', async () => {
    const registry = new DevicesService(devices, new HubEvents());
    const write = writer.write.bind(writer);
    let commits = 0;
    const spy = jest.spyOn(writer, 'write').mockImplementation((rows) => {
      commits += 1;
      return write(rows);
    });
    try {
      const ids = Array.from({ length: 500 }, (_, i) => `fleet-${i}`);
      await Promise.all(ids.map((id) => registry.setStatus(id, 'online', T0)));
      // A device's next write waits for its stored row; another device's does not.
      await Promise.all(ids.map((id) => registry.setStatus(id, 'offline', T0 + 1)));
      expect(commits).toBeLessThanOrEqual(20);
    } finally {
      spy.mockRestore();
    }
    const stored = (await devices.findAll()).filter((r) => r.id.startsWith('fleet-'));
    expect(stored).toHaveLength(500);
    expect(stored.every((r) => r.status === 'offline')).toBe(true);
  });

  it('inserts telemetry readings and reads them back in time order', async () => {
    await telemetry.insert([
      ['cam-1', T0 + 2000, 'pm25', 41.5],
      ['cam-1', T0, 'pm25', 12.25],
    ]);

    await expect(telemetry.readings('cam-1', { limit: 10 })).resolves.toEqual([
      { ts: new Date(T0).toISOString(), metric: 'pm25', value: 12.25 },
      { ts: new Date(T0 + 2000).toISOString(), metric: 'pm25', value: 41.5 },
    ]);
  });

  it('stores an event raw, then links it with its incident; a repeated key is reported skipped', async () => {
    const correlator = new Correlator(new ManualClock(T0), () => 'inc-1');
    const input = eventAt('fire.smoke', 'cam-1', 0, 0, T0);
    const outcome = correlator.ingest(input);
    const submitted = {
      deviceId: 'cam-1',
      id: 'e1',
      ts: T0,
      type: input.type,
      confidence: 0.9,
      severity: null,
      location: input.location,
      attributes: { frame: 7 },
      sourceKind: 'device' as const,
      receivedAt: T0 + 5,
    };
    const raw = eventRow(submitted, null, { zone: null, source: 'cam-1' });
    const link = linkRow(submitted, outcome.incident.id, outcome.reason);
    const opened = {
      incidentId: 'inc-1',
      at: T0 + 5,
      actor: 'hub',
      action: 'opened',
      fromStatus: null,
      toStatus: 'open' as const,
      note: null,
    };
    outcome.incident.seq = 1;

    await expect(writer.write({ events: [raw] })).resolves.toEqual({ skipped: {} });
    await expect(incidents.unlinkedEvents()).resolves.toEqual([
      expect.objectContaining({ eventId: 'e1', incidentId: null }),
    ]);
    await writer.write({
      incidents: [incidents.incidentRow(outcome.incident)],
      eventLinks: [link],
      audit: [incidents.auditRow(opened)],
    });
    await expect(writer.write({ events: [raw] })).resolves.toEqual({ skipped: { events: [0] } });
    outcome.incident.seq = 2;
    outcome.incident.escalated = true;
    await writer.write({ incidents: [incidents.incidentRow(outcome.incident)] });
    await expect(incidents.unlinkedEvents()).resolves.toEqual([]);

    const stored = await incidents.findById('inc-1');
    expect(stored).toMatchObject({ status: 'open', escalated: true, category: 'fire' });
    expect(Number(stored!.seq)).toBe(2);
    const events = await incidents.eventsOf('inc-1');
    expect(events.map((e) => [e.eventId, e.attributes])).toEqual([['e1', { frame: 7 }]]);
    await expect(incidents.auditOf('inc-1')).resolves.toEqual([
      expect.objectContaining({ action: 'opened', toStatus: 'open' }),
    ]);
    await expect(incidents.maxSeq()).resolves.toBe(2);
  });

  it('compare-and-set on version: a stale expected version rolls the whole transaction back', async () => {
    const stored = await incidents.findById('inc-1');
    const version = stored!.version;
    const note = (at: number) => ({
      incidentId: 'inc-1',
      at,
      actor: 'op',
      action: 'note',
      fromStatus: null,
      toStatus: null,
      note: 'x',
    });
    await expect(
      writer.write({
        incidentVersion: [incidents.versionGuardRow('inc-1', version + 5, version + 6)],
        audit: [incidents.auditRow(note(T0 + 10))],
      }),
    ).rejects.toEqual(new VersionConflictError(['inc-1']));
    await expect(incidents.auditOf('inc-1')).resolves.toHaveLength(1);

    await writer.write({
      incidentVersion: [incidents.versionGuardRow('inc-1', version, version + 1)],
      audit: [incidents.auditRow(note(T0 + 20))],
    });
    expect((await incidents.findById('inc-1'))!.version).toBe(version + 1);
    await expect(incidents.auditOf('inc-1')).resolves.toHaveLength(2);
  });
});
