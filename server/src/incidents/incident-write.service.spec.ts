import { Logger } from '@nestjs/common';
import type { Incident } from '@ioc/shared';
import { HubEvents } from '../common/hub-events';
import { timerScheduler } from '../common/scheduler';
import { systemClock } from '../correlation/clock';
import { LANGBIANG } from '../correlation/correlation.fixtures';
import type { IncidentState } from '../correlation/incident-state';
import type { AppConfig } from '../config/app.config';
import {
  codedError,
  NOTHING_SKIPPED,
  VersionConflictError,
  type BatchWriter,
  type WriteResult,
} from '../database/batch-writer';
import type { EventEntity, IncidentEntity } from '../database/entities';
import { GroupCommit, RETRY_FIRST_MS, type Done } from '../database/group-commit';
import { MetricsService } from '../metrics/metrics.service';
import { RulesService } from '../rules/rules.service';
import { BATCH_WINDOW_MIN_MS } from './batch-window';
import type { IncidentRepository } from './incident.repository';
import {
  IncidentWriteService,
  type EventSubmission,
  type IncidentAuditInput,
} from './incident-write.service';

// The write path in virtual time: jest's fake timers drive both the real Clock (Date.now)
// and the real Scheduler (setTimeout), so no test waits for a wall clock. The database is
// a fake BatchWriter that records each transaction.

type Rows = Readonly<Record<string, unknown[][]>>;
type Write = (rows: Rows) => Promise<WriteResult>;

/** Column positions in incident.repository.ts EVENT_COLUMNS, and in linkRow. */
const EVENT_ID = 1;
const INCIDENT_ID = 2;
const LINK_INCIDENT_ID = 0;
const LINK_EVENT_ID = 3;

function fakeRepository(unlinked: EventEntity[] = []) {
  return {
    incidentRow: (s: { id: string; eventCount: number; seq: number }) => [
      s.id,
      s.eventCount,
      s.seq,
    ],
    auditRow: (a: { incidentId?: string; action?: string }) => [a.incidentId, a.action],
    versionGuardRow: (id: string, expected: number, next: number) => [next, id, expected],
    sourceRow: (incidentId: string, source: string, ordinal: number) => [
      incidentId,
      source,
      ordinal,
    ],
    sourcesOf: jest.fn(() => Promise.resolve(new Map())),
    maxSeq: jest.fn(() => Promise.resolve(0)),
    loadForCorrelation: jest.fn(() => Promise.resolve([])),
    recentEventKeys: jest.fn(() => Promise.resolve([])),
    unlinkedEvents: jest.fn(() => Promise.resolve(unlinked)),
    countOpenBySeverity: jest.fn(() => Promise.resolve({})),
    findById: jest.fn((id: string) => Promise.resolve(storedRows.get(id) ?? null)),
  } as unknown as IncidentRepository;
}

/** What the fake repository's findById answers: rows "another writer" stored. */
const storedRows = new Map<string, IncidentEntity>();

/** An incident as its stored row, with the lifecycle another writer gave it. */
function storedEntity(incident: Incident, lifecycle: Partial<IncidentEntity>): IncidentEntity {
  const at = (iso: string | null): number | null => (iso === null ? null : Date.parse(iso));
  return {
    ...incident,
    baseSeverity: incident.severity,
    lat: incident.location.lat,
    lon: incident.location.lon,
    firstSeen: at(incident.firstSeen),
    lastSeen: at(incident.lastSeen),
    acknowledgedAt: at(incident.acknowledgedAt),
    resolvedAt: at(incident.resolvedAt),
    createdAt: at(incident.firstSeen),
    updatedAt: at(incident.updatedAt),
    answerText: null,
    answeredAt: null,
    answeredBy: null,
    confirmedAt: null,
    ...lifecycle,
  } as unknown as IncidentEntity;
}

function event(id: string, deviceId = 'cam-1'): EventSubmission {
  const now = Date.now();
  return {
    deviceId,
    id,
    ts: now,
    type: 'fire.smoke',
    confidence: null,
    severity: null,
    location: LANGBIANG,
    attributes: null,
    sourceKind: 'device',
    source: deviceId,
    zone: 'langbiang',
    receivedAt: now,
  };
}

/** A dispatcher's acknowledgement, as the lifecycle applies it. */
function acknowledge(state: IncidentState): IncidentAuditInput[] {
  state.status = 'acknowledged';
  state.acknowledgedBy = 'op';
  state.version += 1;
  return [
    {
      actor: 'op',
      action: 'acknowledged',
      fromStatus: 'open',
      toStatus: 'acknowledged',
      note: null,
    },
  ];
}

const ids = (rows: unknown[][] | undefined): unknown[] => (rows ?? []).map((r) => r[EVENT_ID]);
const linked = (rows: unknown[][] | undefined): unknown[] =>
  (rows ?? []).map((r) => r[LINK_EVENT_ID]);

describe('IncidentWriteService in virtual time', () => {
  let write: jest.Mock<ReturnType<Write>, Parameters<Write>>;
  let group: GroupCommit;
  let service: IncidentWriteService;
  let announced: Incident[];

  beforeAll(() => {
    Logger.overrideLogger(false);
  });

  async function startWith(unlinked: EventEntity[] = [], cluster = false): Promise<void> {
    const writer = { write, register: jest.fn(), start: jest.fn(), close: jest.fn() };
    group = new GroupCommit(writer as unknown as BatchWriter, timerScheduler);
    const metrics = new MetricsService();
    const rules = new RulesService({ rulesFile: null } as unknown as AppConfig, metrics);
    const events = new HubEvents();
    announced = [];
    events.incidentChanged$.subscribe((incident) => announced.push(incident));
    service = new IncidentWriteService(
      fakeRepository(unlinked),
      group,
      events,
      metrics,
      rules,
      systemClock,
      timerScheduler,
    );
    if (cluster) service.joinCluster();
    await settled(service.start());
  }

  /** Runs the timers until `promise` settles (flush and drain wait for commits). */
  async function settled<T>(promise: Promise<T>): Promise<T> {
    let finished = false;
    void promise.then(
      () => (finished = true),
      () => (finished = true),
    );
    for (let turns = 0; !finished && turns < 100; turns++) await jest.advanceTimersByTimeAsync(1);
    return promise;
  }

  beforeEach(() => {
    jest.useFakeTimers({ now: Date.parse('2026-11-23T08:00:00Z') });
    write = jest.fn<ReturnType<Write>, Parameters<Write>>(() => Promise.resolve(NOTHING_SKIPPED));
  });

  afterEach(async () => {
    const stopped = service.onApplicationShutdown();
    await jest.advanceTimersByTimeAsync(10_000);
    await stopped;
    jest.useRealTimers();
  });

  it('stores an event raw, acknowledges it, then writes its new incident in the very next commit', async () => {
    await startWith();
    const done = jest.fn<void, Parameters<Done>>();
    service.submitEvents([event('e1')], { done });
    expect(write).not.toHaveBeenCalled();

    await jest.advanceTimersByTimeAsync(0);
    expect(write.mock.calls[0]![0]).toEqual({ events: [expect.any(Array)] });
    expect(write.mock.calls[0]![0].events![0]![INCIDENT_ID]).toBeNull();
    expect(done).toHaveBeenCalledWith();

    // A new incident is not coalesced: the next commit holds it, its link and its audit.
    await jest.advanceTimersByTimeAsync(0);
    expect(write).toHaveBeenCalledTimes(2);
    const second = write.mock.calls[1]![0];
    const incidentId = announced[0]?.id;
    expect(second.incidents).toEqual([[incidentId, 1, 1]]);
    expect(linked(second.eventLinks)).toEqual(['e1']);
    expect(second.eventLinks![0]![LINK_INCIDENT_ID]).toBe(incidentId);
    expect(second.audit).toEqual([[incidentId, 'opened']]);
    expect(announced).toEqual([expect.objectContaining({ seq: 1, eventCount: 1 })]);
  });

  it('group commit: what arrives during a commit goes into the next one, all together', async () => {
    await startWith();
    let commit!: () => void;
    write.mockImplementationOnce(
      () => new Promise((resolve) => (commit = () => resolve(NOTHING_SKIPPED))),
    );
    const done = jest.fn<void, Parameters<Done>>();
    service.submitEvents([event('e0')], { done });
    await jest.advanceTimersByTimeAsync(0);
    for (let i = 1; i <= 50; i++) service.submitEvents([event(`e${i}`)], { done });
    await jest.advanceTimersByTimeAsync(50);
    expect(write).toHaveBeenCalledTimes(1);
    expect(done).not.toHaveBeenCalled();

    commit();
    await jest.advanceTimersByTimeAsync(0);
    expect(done).toHaveBeenCalledTimes(51);
    expect(ids(write.mock.calls[1]![0].events)).toHaveLength(50);
  });

  it('coalesces further updates to an announced incident over the batch window', async () => {
    await startWith();
    service.submitEvents([event('e1')]);
    await jest.advanceTimersByTimeAsync(0);
    await jest.advanceTimersByTimeAsync(0);
    expect(announced).toHaveLength(1);

    service.submitEvents([event('e2')]);
    await jest.advanceTimersByTimeAsync(1);
    expect(write).toHaveBeenCalledTimes(3);
    expect(write.mock.calls[2]![0].incidents).toBeUndefined();
    expect(announced).toHaveLength(1);

    await jest.advanceTimersByTimeAsync(BATCH_WINDOW_MIN_MS);
    expect(announced).toEqual([
      expect.objectContaining({ seq: 1 }),
      expect.objectContaining({ seq: 2, eventCount: 2 }),
    ]);
  });

  it('a new incident does not wait for the window: it is written alone, the coalesced updates in the commit after', async () => {
    await startWith();
    service.submitEvents([event('e1')]);
    await jest.advanceTimersByTimeAsync(0);
    await jest.advanceTimersByTimeAsync(0);
    const first = announced[0]!.id;

    // A further event of the first incident opens the window; a new fire's raw row is still
    // being committed when the window ends, so both are due at the next take.
    service.submitEvents([event('e2')]);
    await jest.advanceTimersByTimeAsync(0);
    let commit!: () => void;
    write.mockImplementationOnce(
      () => new Promise((resolve) => (commit = () => resolve(NOTHING_SKIPPED))),
    );
    service.submitEvents([{ ...event('far', 'cam-9'), location: { lat: 11.9, lon: 108.6 } }]);
    await jest.advanceTimersByTimeAsync(BATCH_WINDOW_MIN_MS);
    commit();
    await jest.advanceTimersByTimeAsync(0);

    const after = write.mock.calls.slice(-2).map(([rows]) => rows);
    const fire = announced.find((i) => i.id !== first)!;
    expect(after[0]!.incidents).toEqual([[fire.id, 1, 2]]);
    expect(linked(after[0]!.eventLinks)).toEqual(['far']);
    expect(after[1]!.incidents).toEqual([[first, 2, 3]]);
    expect(linked(after[1]!.eventLinks)).toEqual(['e2']);
    expect(announced.map((i) => [i.id, i.eventCount])).toEqual([
      [first, 1],
      [fire.id, 1],
      [first, 2],
    ]);
  });

  it('counts a repeated key as a duplicate; one the database had already is not correlated', async () => {
    await startWith();
    service.submitEvents([event('e1'), event('e1')]);
    await jest.advanceTimersByTimeAsync(0);
    expect(ids(write.mock.calls[0]![0].events)).toEqual(['e1']);

    // Older than the filter remembers: the primary key skips it, and correlation never sees it.
    write.mockResolvedValueOnce({ skipped: { events: [0] } });
    service.submitEvents([event('old', 'cam-2')]);
    await settled(service.flush());
    expect(announced.map((i) => i.eventCount)).toEqual([1]);
  });

  it('splits a batch to find a row the database refuses, and stores the rest', async () => {
    await startWith();
    write.mockImplementation((rows) =>
      ids(rows.events).includes('bad')
        ? Promise.reject(codedError('invalid byte sequence', '22021'))
        : Promise.resolve(NOTHING_SKIPPED),
    );
    const refused = jest.fn((_: EventSubmission, __: Error, done: Done) => done());
    const done = jest.fn<void, Parameters<Done>>();
    for (const id of ['a', 'b', 'bad', 'c', 'd'])
      service.submitEvents([event(id)], { done, onRefused: refused });
    await settled(service.flush());

    expect(refused).toHaveBeenCalledTimes(1);
    expect(refused.mock.calls[0]![0].id).toBe('bad');
    expect(done).toHaveBeenCalledTimes(5);
    expect(done.mock.calls.every((call) => call.length === 0)).toBe(true);
    const stored = write.mock.results
      .map((r, i) => ({ r, rows: write.mock.calls[i]![0] }))
      .filter(({ r }) => r.type === 'return');
    expect(stored.flatMap(({ rows }) => linked(rows.eventLinks)).sort()).toEqual([
      'a',
      'b',
      'c',
      'd',
    ]);
    expect(service.databaseHealthy).toBe(true);
  });

  it('holds every acknowledgement while the database is down, backs off, and resumes with nothing lost', async () => {
    await startWith();
    write.mockRejectedValue(codedError('connect ECONNREFUSED', 'ECONNREFUSED'));
    const done = jest.fn<void, Parameters<Done>>();
    service.submitEvents([event('e1')], { done });
    await jest.advanceTimersByTimeAsync(0);
    expect(service.databaseHealthy).toBe(false);

    await jest.advanceTimersByTimeAsync(RETRY_FIRST_MS);
    expect(write).toHaveBeenCalledTimes(2);
    // The second wait is twice the first.
    await jest.advanceTimersByTimeAsync(2 * RETRY_FIRST_MS - 1);
    expect(write).toHaveBeenCalledTimes(2);
    service.submitEvents([event('e2')], { done });
    await jest.advanceTimersByTimeAsync(1);
    expect(write).toHaveBeenCalledTimes(3);
    expect(done).not.toHaveBeenCalled();

    write.mockResolvedValue(NOTHING_SKIPPED);
    await jest.advanceTimersByTimeAsync(4 * RETRY_FIRST_MS);
    expect(ids(write.mock.calls[3]![0].events)).toEqual(['e1', 'e2']);
    expect(done).toHaveBeenCalledTimes(2);
    expect(service.databaseHealthy).toBe(true);
    await settled(service.flush());
    expect(announced).toEqual([expect.objectContaining({ eventCount: 2 })]);
  });

  it('answers a change only after its commit, and undoes it when the commit fails', async () => {
    await startWith();
    service.submitEvents([event('e1')]);
    await settled(service.flush());
    const id = announced[0]!.id;

    const failing = write.mock.calls.length;
    write.mockRejectedValueOnce(codedError('connection terminated', '57P01'));
    const change = service.applyChange(id, acknowledge);
    const answer = expect(change).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    await jest.advanceTimersByTimeAsync(0);
    await answer;
    await jest.advanceTimersByTimeAsync(RETRY_FIRST_MS);

    await settled(service.flush());
    const last = announced.at(-1);
    expect(last).toMatchObject({ id, status: 'open', version: 1 });
    const committed = write.mock.calls.filter((_, i) => i !== failing);
    expect(committed.flatMap(([rows]) => rows.audit ?? [])).toEqual([[id, 'opened']]);
  });

  it('a compare-and-set conflict: 409 with the stored incident, nothing of the change kept, correlation written again', async () => {
    await startWith();
    service.submitEvents([event('e1')]);
    await settled(service.flush());
    const id = announced[0]!.id;
    expect(write.mock.calls.some(([rows]) => rows.incidentVersion)).toBe(false);
    // e2 joins the incident; its link waits in the coalescing window.
    await settled(
      new Promise<void>((resolve, reject) =>
        service.submitEvents([event('e2')], {
          done: (error) => (error ? reject(error) : resolve()),
        }),
      ),
    );

    // Another writer acknowledged it meanwhile: the stored row is at version 2.
    storedRows.set(
      id,
      storedEntity(announced[0]!, { version: 2, status: 'acknowledged', acknowledgedBy: 'far' }),
    );
    const conflicting = write.mock.calls.length;
    write.mockRejectedValueOnce(new VersionConflictError([id]));
    const change = service.applyChange(id, acknowledge);
    const answer = expect(change).rejects.toMatchObject({
      code: 'VERSION_CONFLICT',
      details: { id, version: 2, status: 'acknowledged', acknowledgedBy: 'far' },
    });
    await settled(answer);
    await settled(service.flush());

    const [refused] = write.mock.calls[conflicting]!;
    expect(refused.incidentVersion).toEqual([[2, id, 1]]);
    expect(linked(refused.eventLinks)).toEqual(['e2']);
    // Written again at once (no back-off), on the stored version, with e2's link.
    const after = write.mock.calls.slice(conflicting + 1).map(([rows]) => rows);
    expect(after.flatMap((rows) => rows.incidentVersion ?? [])).toEqual([[2, id, 2]]);
    expect(after.flatMap((rows) => linked(rows.eventLinks))).toEqual(['e2']);
    expect(after.flatMap((rows) => rows.audit ?? [])).toEqual([]);
    expect(group.healthy).toBe(true);
    expect(announced.at(-1)).toMatchObject({
      id,
      version: 2,
      status: 'acknowledged',
      acknowledgedBy: 'far',
      eventCount: 2,
      seq: announced.at(-2)!.seq + 1,
    });
    storedRows.clear();
  });

  it('a change made while a conflicting commit is out stands on the same stale version: 409 too', async () => {
    await startWith();
    service.submitEvents([event('e1')]);
    await settled(service.flush());
    const id = announced[0]!.id;
    storedRows.set(id, storedEntity(announced[0]!, { version: 2, status: 'acknowledged' }));
    let fail: (error: Error) => void = () => undefined;
    write.mockImplementationOnce(() => new Promise((_, reject) => (fail = reject)));
    const first = service.applyChange(id, acknowledge);
    const firstAnswer = expect(first).rejects.toMatchObject({ code: 'VERSION_CONFLICT' });
    const before = write.mock.calls.length;
    for (let turns = 0; turns < 20 && write.mock.calls.length === before; turns++)
      await jest.advanceTimersByTimeAsync(1);
    expect(write.mock.calls[before]![0].incidentVersion).toEqual([[2, id, 1]]);
    const second = service.applyChange(id, (state) => {
      state.version += 1;
      return [{ actor: 'op2', action: 'note', fromStatus: null, toStatus: null, note: 'x' }];
    });
    const secondAnswer = expect(second).rejects.toMatchObject({
      code: 'VERSION_CONFLICT',
      details: { version: 2, status: 'acknowledged' },
    });
    fail(new VersionConflictError([id]));
    await settled(Promise.all([firstAnswer, secondAnswer]));
    await settled(service.flush());
    expect(announced.at(-1)).toMatchObject({ id, version: 2, status: 'acknowledged' });
    // Committed writes only: the refused one rolled back.
    const audit = write.mock.calls
      .filter((_, i) => i !== before)
      .flatMap(([rows]) => rows.audit ?? []);
    expect(audit).toEqual([[id, 'opened']]);
    storedRows.clear();
  });

  it('answers a report after its incident is written, and 503 at once when the database is away', async () => {
    await startWith();
    const stored = service.report(event('report-1', 'citizen'));
    const incidentId = await settled(stored);
    expect(announced).toEqual([expect.objectContaining({ id: incidentId, eventCount: 1 })]);

    write.mockRejectedValue(codedError('connect ECONNREFUSED', 'ECONNREFUSED'));
    const refused = service.report(event('report-2', 'citizen'));
    const answer = expect(refused).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    await jest.advanceTimersByTimeAsync(0);
    await answer;
    write.mockResolvedValue(NOTHING_SKIPPED);
  });

  const storedRow = (eventId: string, deviceId = 'cam-1'): EventEntity => {
    const now = Date.now();
    return {
      deviceId,
      eventId,
      incidentId: null,
      ts: now,
      receivedAt: now,
      type: 'fire.smoke',
      confidence: null,
      severity: null,
      lat: LANGBIANG.lat,
      lon: LANGBIANG.lon,
      attributes: null,
      source: 'device',
      reason: { zone: 'langbiang', source: deviceId },
    } as unknown as EventEntity;
  };

  it('cluster stand-by: stores and acknowledges events, never correlates or changes incidents', async () => {
    await startWith([storedRow('elsewhere')], true);
    expect(service.isLeading).toBe(false);
    const done = jest.fn<void, Parameters<Done>>();
    service.submitEvents([event('e1')], { done });
    await jest.advanceTimersByTimeAsync(500);
    expect(done).toHaveBeenCalledWith();
    expect(write).toHaveBeenCalledTimes(1);
    expect(write.mock.calls[0]![0]).toEqual({ events: [expect.any(Array)] });
    expect(announced).toEqual([]);
    await expect(service.applyChange('any', () => [])).rejects.toMatchObject({
      code: 'UNAVAILABLE',
    });
  });

  it('cluster leader: correlates its own events and those other instances stored, each once', async () => {
    // What the database shows unlinked: another instance's event, until its link commits.
    const unlinked = [storedRow('other-1', 'cam-2')];
    write.mockImplementation((rows) => {
      const links = new Set(linked(rows.eventLinks));
      for (let i = unlinked.length - 1; i >= 0; i--)
        if (links.has(unlinked[i]!.eventId)) unlinked.splice(i, 1);
      return Promise.resolve(NOTHING_SKIPPED);
    });
    await startWith(unlinked, true);
    service.submitEvents([event('own-1')]);
    await settled(service.lead());
    expect(service.isLeading).toBe(true);
    // Polls keep coming every 50 ms; a poll that saw the row before its link must not count it again.
    await jest.advanceTimersByTimeAsync(500);
    const links = write.mock.calls.flatMap((call) => linked(call[0].eventLinks));
    expect(links.sort()).toEqual(['other-1', 'own-1']);
    expect(announced.at(-1)).toMatchObject({ eventCount: 2 });
  });

  it('replays stored events that have no incident before it starts', async () => {
    const now = Date.now();
    const row = (eventId: string) =>
      ({
        deviceId: 'cam-1',
        eventId,
        incidentId: null,
        ts: now,
        receivedAt: now,
        type: 'fire.smoke',
        confidence: null,
        severity: null,
        lat: LANGBIANG.lat,
        lon: LANGBIANG.lon,
        attributes: null,
        source: 'device',
        reason: { zone: 'langbiang', source: 'cam-1' },
      }) as unknown as EventEntity;
    await startWith([row('r1'), row('r2')]);

    expect(write).toHaveBeenCalledTimes(1);
    expect(linked(write.mock.calls[0]![0].eventLinks)).toEqual(['r1', 'r2']);
    expect(announced).toEqual([expect.objectContaining({ eventCount: 2, seq: 1 })]);
  });

  it('drains: commits what is in hand, then refuses new work with an error', async () => {
    await startWith();
    const done = jest.fn<void, Parameters<Done>>();
    service.submitEvents([event('e1')], { done });
    await settled(service.drain());
    expect(done).toHaveBeenCalledWith();
    expect(announced).toHaveLength(1);

    const late = jest.fn<void, Parameters<Done>>();
    service.submitEvents([event('e2')], { done: late });
    expect(late).toHaveBeenCalledWith(expect.any(Error));
  });
});
