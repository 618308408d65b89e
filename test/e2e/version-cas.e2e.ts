import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MqttClient } from 'mqtt';
import { topics, type ErrorBody, type Incident, type IncidentList } from '@ioc/shared';
import { call } from '../support/api';
import { connectMqtt } from '../support/clients';
import { expectEventually } from '../support/eventually';
import { HubProcess } from '../support/hub-process';
import { createPostgresDatabase } from '../support/postgres';
import { openHubDatabase, type RawDatabase } from '../support/raw-database';

// The database, not the hub's memory, decides a transition (docs/scale-out.md, "Compare-
// and-set"): a row whose version moved behind the hub's back makes the change a 409, with
// nothing of it stored, and the hub reads the incident back before the next request.

describe.each(['SQLite', 'PostgreSQL'])('compare-and-set on version (%s)', (label) => {
  const pg = label === 'PostgreSQL';
  let hub: HubProcess;
  let raw: RawDatabase;
  let device: MqttClient;
  let dispatcher: string;
  let dataDir: string;
  let dropDatabase: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'ioc-cas-'));
    const database = pg ? await createPostgresDatabase() : null;
    dropDatabase = database?.drop;
    hub = await HubProcess.start(`version-cas-${label}`, {
      broker: 'embedded',
      database: pg ? 'postgres' : 'sqlite',
      ...(database ? { databaseUrl: database.url } : {}),
      env: { DATA_DIR: dataDir },
    });
    raw = await openHubDatabase(dataDir, database?.url);
    dispatcher = await hub.login('dispatcher');
    device = await connectMqtt(hub.mqttUrl);
  });

  afterAll(async () => {
    await device?.endAsync();
    await raw?.close();
    await hub?.dispose();
    await dropDatabase?.();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers 409 to a transition on a version the database no longer holds, and stores nothing of it', async () => {
    await device.publishAsync(
      topics.events('cas-cam', hub.topicRoot),
      JSON.stringify({
        id: 'cas-1',
        ts: new Date().toISOString(),
        type: 'urban.crowd',
        location: { lat: 11.91, lon: 108.41 },
      }),
      { qos: 1 },
    );
    const incident = await expectEventually(async () => {
      const { items } = await hub.get<IncidentList>('/api/incidents?limit=50', dispatcher);
      const mine = items.find((i) => i.sources.includes('cas-cam'));
      expect(mine).toMatchObject({ status: 'open', version: 1 });
      return mine!;
    });
    const historyRows = async (): Promise<number> =>
      (
        await raw.all<{ n: number | string }>(
          'SELECT COUNT(*) AS n FROM incident_history WHERE "incidentId" = ?',
          [incident.id],
        )
      ).map((r) => Number(r.n))[0]!;
    const historyBefore = await historyRows();

    // Another writer moves the row on; the hub's memory still says version 1.
    expect(
      await raw.run('UPDATE incidents SET version = version + 1 WHERE id = ?', [incident.id]),
    ).toBe(1);
    const stale = await call<ErrorBody & { details?: Incident }>(
      hub,
      'POST',
      `/api/incidents/${incident.id}/acknowledge`,
      dispatcher,
      { version: 1 },
    );
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ code: 'VERSION_CONFLICT' });
    expect(stale.body.details).toMatchObject({ status: 'open', version: 2 });

    // Nothing of the refused change: not the row, its audit, nor its history.
    const [row] = await raw.all<{ status: string; version: number }>(
      'SELECT status, version FROM incidents WHERE id = ?',
      [incident.id],
    );
    expect(row).toMatchObject({ status: 'open', version: 2 });
    const acknowledged = await raw.all(
      'SELECT id FROM incident_audit WHERE "incidentId" = ? AND action = ?',
      [incident.id, 'acknowledged'],
    );
    expect(acknowledged).toHaveLength(0);
    expect(await historyRows()).toBe(historyBefore);
    const { lastSeq } = await hub.get<IncidentList>('/api/incidents?limit=1', dispatcher);

    // The hub read the incident back: the stored version is the one it now accepts.
    const fresh = await call<Incident>(
      hub,
      'POST',
      `/api/incidents/${incident.id}/acknowledge`,
      dispatcher,
      { version: 2 },
    );
    expect(fresh.status).toBe(200);
    expect(fresh.body).toMatchObject({ status: 'acknowledged', version: 3 });
    // The refused commit gave its seq back: seq stays gap-free.
    expect(fresh.body.seq).toBe((lastSeq ?? 0) + 1);
    expect(await historyRows()).toBe(historyBefore + 1);
  }, 120_000);
});
