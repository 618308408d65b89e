import { topics, type Rejection } from '@ioc/shared';
import { nothingLost, settle, withDurabilityRun } from '../support/durability';
import { expectEventually } from '../support/eventually';
import type { HubOptions } from '../support/hub-process';
import { counterValue, metricsText } from '../support/metrics';

// An event the database refuses (PostgreSQL stores no NUL in text; the hub must treat
// both databases alike) must not take its batch down with it: inside a flood it is
// refused with a reason like any bad input (docs/contract.md §3, §7), and every other
// acknowledged event is stored.

const PLANNED = 4000;
/** The n-th events of devices 0–4 carry a NUL in their id: 10 refused events. */
const BAD_AT = [100, 300];
const BAD_DEVICES = 5;

const configurations: HubOptions[] = [
  { broker: 'embedded', database: 'sqlite' },
  { broker: 'embedded', database: 'postgres' },
];

describe('events a database refuses, inside a flood', () => {
  it.each(configurations)(
    '$broker broker, $database: refused with a reason, the rest stored',
    (options) =>
      withDurabilityRun(
        `durability-bad-rows-${options.broker}-${options.database}`,
        {
          ...options,
          places: 16,
          flood: {
            eventId: (device, n, normal) =>
              device < BAD_DEVICES && BAD_AT.includes(n) ? `${normal}-\u0000-nul` : normal,
          },
        },
        async (run) => {
          const { hub, flood } = run;
          await flood.untilAcked(PLANNED);
          const bad = new Set([...flood.placeOf.keys()].filter((key) => key.includes('\u0000')));
          expect(bad.size).toBe(BAD_DEVICES * BAD_AT.length);
          const figures = await settle(run, `${bad.size} with a NUL in their id`, bad);

          // Each refused event is counted and listed with its reason, like any rejection.
          const text = await metricsText(hub.baseUrl);
          const token = await hub.login('operator');
          const { items } = await hub.get<{ items: Rejection[] }>('/api/ingest/rejections', token);
          const reasons = [...bad].map((key) => {
            const [deviceId, id] = key.split('/') as [string, string];
            const listed = items.find(
              (r) =>
                r.topic === topics.events(deviceId, hub.topicRoot) &&
                r.payload.includes(JSON.stringify(id).slice(1, -1)),
            );
            return listed?.reason ?? null;
          });
          const named = [...new Set(reasons)].filter((r): r is string => r !== null);
          expect({
            ...figures,
            rejected: counterValue(text, 'ioc_events_rejected_total'),
            unlisted: reasons.filter((r) => r === null).length,
            badReasons: named.filter((r) => !/^[a-z_]+$/.test(r)),
            miscounted: named.filter(
              (reason) =>
                counterValue(text, 'ioc_events_rejected_total', { reason }) !==
                items.filter((r) => r.reason === reason).length,
            ),
          }).toMatchObject({
            ...nothingLost(run),
            rejected: bad.size,
            unlisted: 0,
            badReasons: [],
            miscounted: [],
          });
          // A refused row leaves the hub healthy.
          await expectEventually(async () =>
            expect((await fetch(`${hub.baseUrl}/health`)).status).toBe(200),
          );
        },
      ),
    90_000,
  );
});
