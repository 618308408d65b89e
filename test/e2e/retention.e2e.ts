import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MqttClient } from 'mqtt';
import { topics, type Incident, type IncidentDetail, type Rejection } from '@ioc/shared';
import { call, freshLatitude, openIncident } from '../support/api';
import { connectMqtt } from '../support/clients';
import { expectEventually } from '../support/eventually';
import { HubProcess } from '../support/hub-process';
import { counterValue, metricsText } from '../support/metrics';
import { createPostgresDatabase } from '../support/postgres';
import { openHubDatabase, type RawDatabase } from '../support/raw-database';

const DAY = 24 * 3600 * 1000;
/** Older than the hub's RETENTION_DAYS (30): what the hub received "40 days ago". */
const AGE = 40 * DAY;

/**
 * RETENTION_DAYS (docs/contract.md §9) on the built hub: events, readings and rejections
 * are made old by moving their stored times back (a black-box test cannot wait 30 days),
 * then the hub, pruning every second, deletes what the policy lets go and keeps the rest.
 */
describe.each(['sqlite', 'postgres'] as const)('retention (%s)', (database) => {
  let hub: HubProcess;
  let raw: RawDatabase;
  let device: MqttClient;
  let operator: string;
  let dispatcher: string;
  let dataDir: string;
  let dropDatabase: (() => Promise<void>) | null = null;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'ioc-retention-'));
    const pg = database === 'postgres' ? await createPostgresDatabase() : null;
    dropDatabase = pg?.drop ?? null;
    hub = await HubProcess.start(`retention-${database}`, {
      broker: 'embedded',
      database,
      databaseUrl: pg?.url,
      env: { DATA_DIR: dataDir, RETENTION_DAYS: '30', RETENTION_INTERVAL_SECONDS: '1' },
    });
    raw = await openHubDatabase(dataDir, pg?.url);
    [operator, dispatcher] = await Promise.all([hub.login('operator'), hub.login('dispatcher')]);
    device = await connectMqtt(hub.mqttUrl);
  });

  afterAll(async () => {
    await device?.endAsync();
    await raw?.close();
    await hub?.dispose();
    await dropDatabase?.();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const detail = (id: string): Promise<IncidentDetail> =>
    hub.get<IncidentDetail>(`/api/incidents/${id}`, operator);

  /** Acknowledges, resolves and closes an incident, as a dispatcher would. */
  const closeIncident = async (incident: Incident): Promise<void> => {
    let version = incident.version;
    for (const [action, body] of [
      ['acknowledge', {}],
      ['resolve', { resolution: 'handled' }],
      ['close', {}],
    ] as const) {
      const answer = await call<Incident>(
        hub,
        'POST',
        `/api/incidents/${incident.id}/${action}`,
        dispatcher,
        { version, ...body },
      );
      expect(answer.status).toBe(200);
      version = answer.body.version;
    }
  };

  const publishEvent = (deviceId: string, id: string, lat: number): Promise<unknown> =>
    device.publishAsync(
      topics.events(deviceId, hub.topicRoot),
      JSON.stringify({
        id,
        ts: new Date().toISOString(),
        type: 'urban.crowd',
        location: { lat, lon: 108.44 },
      }),
      { qos: 1 },
    );

  const deleted = async (table: string): Promise<number> =>
    counterValue(await metricsText(hub.baseUrl), 'ioc_retention_deleted_total', { table });

  it('deletes old events of finished incidents, old readings and rejections; keeps the rest', async () => {
    // A: finished long ago (3 events). B: old but still open. C: finished, but recent.
    const latA = freshLatitude();
    const a = await openIncident(hub, device, operator, { lat: latA, deviceId: 'old-closed-cam' });
    await publishEvent('old-closed-cam', 'a-2', latA);
    await publishEvent('old-closed-cam', 'a-3', latA);
    await expectEventually(async () => expect((await detail(a.id)).events).toHaveLength(3));
    await closeIncident(await detail(a.id));
    const b = await openIncident(hub, device, operator, {
      lat: freshLatitude(),
      deviceId: 'old-open-cam',
    });
    const c = await openIncident(hub, device, operator, {
      lat: freshLatitude(),
      deviceId: 'new-closed-cam',
    });
    await closeIncident(c);

    // Readings: one 40 days old, one now (telemetry is aged by its reading time).
    await device.publishAsync(
      topics.birth('aq-retention', hub.topicRoot),
      JSON.stringify({
        kind: 'sensor',
        name: 'retention air sensor',
        location: { lat: freshLatitude(), lon: 108.44 },
        zone: 'retention',
        capabilities: ['pm25'],
      }),
      { qos: 1, retain: false },
    );
    for (const [ts, pm25] of [
      [Date.now() - AGE, 11],
      [Date.now(), 12],
    ])
      await device.publishAsync(
        topics.telemetry('aq-retention', hub.topicRoot),
        JSON.stringify({ ts, readings: { pm25 } }),
        { qos: 1 },
      );

    // Two rejections; the first is then made old.
    await device.publishAsync(topics.events('bad-old', hub.topicRoot), '{not json', { qos: 1 });
    await device.publishAsync(topics.events('bad-new', hub.topicRoot), '{not json', { qos: 1 });
    const rejections = async (): Promise<string[]> =>
      (await hub.get<{ items: Rejection[] }>('/api/ingest/rejections', operator)).items.map(
        (r) => r.topic,
      );
    await expectEventually(async () =>
      expect(await rejections()).toEqual(
        expect.arrayContaining([
          topics.events('bad-old', hub.topicRoot),
          topics.events('bad-new', hub.topicRoot),
        ]),
      ),
    );

    // 40 days pass for A's and B's events and the first rejection; an event a crash left
    // uncorrelated (incidentId NULL) is as old.
    const moved = await raw.run(
      'UPDATE "events" SET "receivedAt" = "receivedAt" - ? WHERE "deviceId" IN (?, ?)',
      [AGE, 'old-closed-cam', 'old-open-cam'],
    );
    expect(moved).toBe(4);
    await raw.run('UPDATE "ingest_rejections" SET "at" = "at" - ? WHERE "topic" = ?', [
      AGE,
      topics.events('bad-old', hub.topicRoot),
    ]);
    const old = Date.now() - AGE;
    await raw.run(
      'INSERT INTO "events" ("deviceId", "eventId", "incidentId", "ts", "receivedAt", "type", ' +
        '"confidence", "severity", "lat", "lon", "attributes", "source", "reason") ' +
        'VALUES (?, ?, NULL, ?, ?, ?, NULL, NULL, ?, ?, NULL, ?, ?)',
      [
        'crashed-cam',
        'unlinked-1',
        old,
        old,
        'urban.crowd',
        freshLatitude(),
        108.44,
        'device',
        JSON.stringify({ zone: null, source: 'crashed-cam' }),
      ],
    );

    // A's events go; then one more whole pass, so every table has been looked at since.
    await expectEventually(async () => expect((await detail(a.id)).events).toHaveLength(0), 20_000);
    const runs = counterValue(await metricsText(hub.baseUrl), 'ioc_retention_runs_total');
    await expectEventually(
      async () =>
        expect(
          counterValue(await metricsText(hub.baseUrl), 'ioc_retention_runs_total'),
        ).toBeGreaterThan(runs),
      20_000,
    );

    // The finished incident itself, its counts and its audit stay.
    const finished = await detail(a.id);
    expect(finished.status).toBe('closed');
    expect(finished.eventCount).toBe(3);
    expect(finished.audit.map((e) => e.action)).toEqual([
      'opened',
      'acknowledged',
      'resolved',
      'closed',
    ]);
    // An open incident keeps its old events; a recent one keeps its new ones.
    expect((await detail(b.id)).events).toHaveLength(1);
    expect((await detail(c.id)).events).toHaveLength(1);
    // The uncorrelated event waits for the replay, however old.
    expect(await raw.all('SELECT "eventId" FROM "events" WHERE "incidentId" IS NULL', [])).toEqual([
      { eventId: 'unlinked-1' },
    ]);
    // Only the recent reading is left.
    const readings = await hub.get<{ value: number }[]>(
      '/api/devices/aq-retention/telemetry?metric=pm25',
      operator,
    );
    expect(readings.map((r) => r.value)).toEqual([12]);
    // The stored rejections (the list at /api/ingest/rejections is the in-memory latest 200).
    expect(
      await raw.all('SELECT "topic" FROM "ingest_rejections" WHERE "topic" LIKE ?', ['%/bad-%']),
    ).toEqual([{ topic: topics.events('bad-new', hub.topicRoot) }]);

    expect(await deleted('events')).toBe(3);
    expect(await deleted('telemetry')).toBe(1);
    expect(await deleted('rejections')).toBe(1);
  });
});
