import { Logger } from '@nestjs/common';
import type { Incident } from '@ioc/shared';
import { HubEvents } from '../common/hub-events';
import { timerScheduler } from '../common/scheduler';
import { systemClock } from '../correlation/clock';
import { LANGBIANG } from '../correlation/correlation.fixtures';
import type { AppConfig } from '../config/app.config';
import { MetricsService } from '../metrics/metrics.service';
import { RulesService } from '../rules/rules.service';
import { BATCH_WINDOW_MIN_MS } from './batch-window';
import type { IncidentRepository } from './incident.repository';
import {
  BATCH_MAX,
  HIGH_WATER,
  IncidentWriteService,
  RETRY_MS,
  type EventSubmission,
} from './incident-write.service';

// The write path in virtual time: jest's fake timers drive both the real Clock (Date.now)
// and the real Scheduler (setTimeout), so no test waits for a wall clock.

type WriteBatch = IncidentRepository['writeBatch'];

function fakeRepository(writeBatch: jest.Mock<ReturnType<WriteBatch>, Parameters<WriteBatch>>) {
  return {
    writeBatch,
    maxSeq: jest.fn(() => Promise.resolve(0)),
    loadForCorrelation: jest.fn(() => Promise.resolve([])),
    recentEventKeys: jest.fn(() => Promise.resolve([])),
    countOpenBySeverity: jest.fn(() => Promise.resolve({})),
    findById: jest.fn(() => Promise.resolve(null)),
  } as unknown as IncidentRepository;
}

function event(id: string): EventSubmission {
  const now = Date.now();
  return {
    deviceId: 'cam-1',
    id,
    ts: now,
    type: 'fire.smoke',
    confidence: null,
    severity: null,
    location: LANGBIANG,
    attributes: null,
    sourceKind: 'device',
    source: 'cam-1',
    zone: 'langbiang',
    receivedAt: now,
  };
}

describe('IncidentWriteService in virtual time', () => {
  let writeBatch: jest.Mock<ReturnType<WriteBatch>, Parameters<WriteBatch>>;
  let service: IncidentWriteService;
  let announced: Incident[];

  beforeAll(() => {
    Logger.overrideLogger(false);
  });

  beforeEach(async () => {
    jest.useFakeTimers({ now: Date.parse('2026-11-23T08:00:00Z') });
    writeBatch = jest.fn<ReturnType<WriteBatch>, Parameters<WriteBatch>>(() => Promise.resolve());
    const metrics = new MetricsService();
    const rules = new RulesService({ rulesFile: null } as unknown as AppConfig, metrics);
    const events = new HubEvents();
    announced = [];
    events.incidentChanged$.subscribe((incident) => announced.push(incident));
    service = new IncidentWriteService(
      fakeRepository(writeBatch),
      events,
      metrics,
      rules,
      systemClock,
      timerScheduler,
    );
    await service.start();
  });

  afterEach(async () => {
    await service.onApplicationShutdown();
    jest.useRealTimers();
  });

  it('writes and announces a batch when its shortest window ends, not before', async () => {
    const incidentId = service.submitEvent(event('e1'));
    expect(incidentId).not.toBeNull();

    await jest.advanceTimersByTimeAsync(BATCH_WINDOW_MIN_MS - 1);
    expect(writeBatch).not.toHaveBeenCalled();
    expect(announced).toHaveLength(0);

    await jest.advanceTimersByTimeAsync(1);
    expect(writeBatch).toHaveBeenCalledTimes(1);
    const [incidents, events, audit] = writeBatch.mock.calls[0]!;
    expect(incidents.map((s) => s.id)).toEqual([incidentId]);
    expect(events).toHaveLength(1);
    expect(audit).toEqual([expect.objectContaining({ incidentId, action: 'opened' })]);
    expect(announced).toEqual([expect.objectContaining({ id: incidentId, seq: 1 })]);
    expect(service.currentSeq).toBe(1);
  });

  it('drops a repeated event key before correlation', async () => {
    expect(service.submitEvent(event('e1'))).not.toBeNull();
    expect(service.submitEvent(event('e1'))).toBeNull();

    await jest.advanceTimersByTimeAsync(BATCH_WINDOW_MIN_MS);
    expect(writeBatch.mock.calls[0]![1]).toHaveLength(1);
  });

  it('writes a full batch at once, without waiting for its window', async () => {
    for (let i = 0; i < BATCH_MAX; i++) service.submitEvent(event(`e${i}`));

    await jest.advanceTimersByTimeAsync(0);
    expect(writeBatch).toHaveBeenCalledTimes(1);
    expect(writeBatch.mock.calls[0]![1]).toHaveLength(BATCH_MAX);
  });

  it('keeps a batch whose write failed and writes it again after the retry delay', async () => {
    writeBatch.mockRejectedValueOnce(new Error('database is locked'));
    service.submitEvent(event('e1'));

    await jest.advanceTimersByTimeAsync(BATCH_WINDOW_MIN_MS);
    expect(writeBatch).toHaveBeenCalledTimes(1);
    expect(service.databaseHealthy).toBe(false);
    expect(announced).toHaveLength(0);

    await jest.advanceTimersByTimeAsync(RETRY_MS - 1);
    expect(writeBatch).toHaveBeenCalledTimes(1);

    await jest.advanceTimersByTimeAsync(1);
    expect(writeBatch).toHaveBeenCalledTimes(2);
    expect(writeBatch.mock.calls[1]![1]).toEqual(writeBatch.mock.calls[0]![1]);
    expect(service.databaseHealthy).toBe(true);
    expect(announced).toHaveLength(1);
  });

  it('asks for back-pressure above the high-water mark until the backlog is written', async () => {
    let commit!: () => void;
    writeBatch.mockImplementationOnce(() => new Promise<void>((resolve) => (commit = resolve)));
    for (let i = 0; i < HIGH_WATER + BATCH_MAX; i++) service.submitEvent(event(`e${i}`));
    const room = service.capacity();
    expect(room).toBeInstanceOf(Promise);
    let released = false;
    void room!.then(() => (released = true));

    await jest.advanceTimersByTimeAsync(0);
    expect(released).toBe(false);

    commit();
    await jest.advanceTimersByTimeAsync(0);
    expect(released).toBe(true);
    expect(service.capacity()).toBeUndefined();
  });
});
