import type { MqttClient } from 'mqtt';
import {
  topics,
  type ErrorBody,
  type Incident,
  type IncidentDetail,
  type IncidentList,
} from '@ioc/shared';
import { call, loginAs } from '../support/api';
import { connectMqtt } from '../support/clients';
import { expectEventually } from '../support/eventually';
import { HubProcess, type HubOptions } from '../support/hub-process';

const matrix: [string, HubOptions][] = [
  ['SQLite', { broker: 'embedded', database: 'sqlite' }],
  ['PostgreSQL', { broker: 'embedded', database: 'postgres' }],
];

const ROUNDS = 50;

describe.each(matrix)('two dispatchers acknowledging at once (%s)', (label, options) => {
  let hub: HubProcess;
  let device: MqttClient;
  let alice: string;
  let bob: string;
  let operator: string;

  beforeAll(async () => {
    hub = await HubProcess.start(`dispatch-race-${label}`, options);
    const admin = await hub.login('admin');
    operator = await hub.login('operator');
    for (const username of ['alice', 'bob']) {
      expect(
        (
          await call(hub, 'POST', '/api/users', admin, {
            username,
            password: 'race-password',
            role: 'dispatcher',
          })
        ).status,
      ).toBe(201);
    }
    alice = (await loginAs(hub, 'alice', 'race-password')).body.accessToken;
    bob = (await loginAs(hub, 'bob', 'race-password')).body.accessToken;
    device = await connectMqtt(hub.mqttUrl);
  });

  afterAll(async () => {
    await device?.endAsync();
    await hub?.dispose();
  });

  it(`has exactly one winner in each of ${ROUNDS} races; the loser gets 409 naming who won`, async () => {
    // One incident per round, all well apart (urban radius is 100 m), published as one batch.
    const batch = Array.from({ length: ROUNDS }, (_, n) => ({
      id: `race-${n}`,
      ts: new Date().toISOString(),
      type: 'urban.crowd',
      location: { lat: 11 + n * 0.01, lon: 108.2 },
    }));
    await device.publishAsync(topics.events('race-cam', hub.topicRoot), JSON.stringify(batch), {
      qos: 1,
    });
    const incidents = await expectEventually(async () => {
      const { items } = await hub.get<IncidentList>(
        '/api/incidents?category=urban&status=open&limit=5000',
        operator,
      );
      const mine = items.filter((i) => i.sources.includes('race-cam'));
      expect(mine).toHaveLength(ROUNDS);
      return mine;
    });

    const tally = { alice: 0, bob: 0 };
    for (const incident of incidents) {
      expect(incident.version).toBe(1);
      const body = { version: 1 };
      const [a, b] = await Promise.all([
        call<Incident & ErrorBody>(
          hub,
          'POST',
          `/api/incidents/${incident.id}/acknowledge`,
          alice,
          body,
        ),
        call<Incident & ErrorBody>(
          hub,
          'POST',
          `/api/incidents/${incident.id}/acknowledge`,
          bob,
          body,
        ),
      ]);
      expect([a.status, b.status].sort()).toEqual([200, 409]);
      const [winner, loser, winnerName] =
        a.status === 200 ? [a, b, 'alice' as const] : [b, a, 'bob' as const];
      tally[winnerName]++;
      expect(winner.body).toMatchObject({
        status: 'acknowledged',
        version: 2,
        acknowledgedBy: winnerName,
      });
      expect(loser.body).toMatchObject({
        code: 'VERSION_CONFLICT',
        details: {
          id: incident.id,
          status: 'acknowledged',
          version: 2,
          acknowledgedBy: winnerName,
        },
      });

      const stored = await hub.get<IncidentDetail>(`/api/incidents/${incident.id}`, operator);
      expect(stored).toMatchObject({
        status: 'acknowledged',
        version: 2,
        acknowledgedBy: winnerName,
      });
      expect(stored.audit.filter((e) => e.action === 'acknowledged')).toEqual([
        expect.objectContaining({ actor: winnerName, from: 'open', to: 'acknowledged' }),
      ]);
    }
    expect(tally.alice + tally.bob).toBe(ROUNDS);
  });
});
