import {
  eventPrunable,
  historyPrunable,
  morePossible,
  PRUNABLE_INCIDENT_STATUSES,
  PRUNE_BATCH_ROWS,
  readingPrunable,
  retentionHorizon,
} from './retention.policy';

const NOW = Date.parse('2026-12-01T00:00:00Z');
const DAY = 24 * 3600 * 1000;

describe('retention policy', () => {
  it('puts the horizon RETENTION_DAYS back, fractions included; 0 keeps everything', () => {
    expect(retentionHorizon(90, NOW)).toBe(NOW - 90 * DAY);
    expect(retentionHorizon(0.5, NOW)).toBe(NOW - DAY / 2);
    expect(retentionHorizon(0, NOW)).toBeNull();
  });

  it('lets events of resolved and closed incidents go, never of active ones', () => {
    expect([...PRUNABLE_INCIDENT_STATUSES].sort()).toEqual(['closed', 'resolved']);
  });

  describe('an event received before the horizon', () => {
    const horizon = NOW - 30 * DAY;
    const old = { receivedAt: horizon - 1, incidentId: 'inc-1' };

    it('goes when its incident is closed or resolved', () => {
      expect(eventPrunable({ ...old, incidentStatus: 'closed' }, horizon)).toBe(true);
      expect(eventPrunable({ ...old, incidentStatus: 'resolved' }, horizon)).toBe(true);
    });

    it('stays while its incident is open, acknowledged or dispatched', () => {
      for (const status of ['open', 'acknowledged', 'dispatched'] as const)
        expect(eventPrunable({ ...old, incidentStatus: status }, horizon)).toBe(false);
    });

    it('stays while it is not correlated (the start-up replay needs it)', () => {
      expect(
        eventPrunable(
          { receivedAt: old.receivedAt, incidentId: null, incidentStatus: null },
          horizon,
        ),
      ).toBe(false);
    });

    it('is judged by when the hub received it, the horizon itself kept', () => {
      expect(
        eventPrunable({ ...old, receivedAt: horizon, incidentStatus: 'closed' }, horizon),
      ).toBe(false);
    });
  });

  it('lets readings and rejections go by their time', () => {
    expect(readingPrunable(NOW - 31 * DAY, NOW - 30 * DAY)).toBe(true);
    expect(readingPrunable(NOW - 29 * DAY, NOW - 30 * DAY)).toBe(false);
  });

  it('goes on after a full batch only', () => {
    expect(morePossible(PRUNE_BATCH_ROWS)).toBe(true);
    expect(morePossible(PRUNE_BATCH_ROWS - 1)).toBe(false);
    expect(morePossible(0)).toBe(false);
  });

  it('lets a history row go once superseded before the horizon; the latest row stays', () => {
    const horizon = NOW - 30 * DAY;
    expect(historyPrunable({ at: horizon - 10, nextAt: horizon - 5 }, horizon)).toBe(true);
    expect(historyPrunable({ at: horizon - 10, nextAt: horizon }, horizon)).toBe(true);
    // The state at the horizon itself must still be found.
    expect(historyPrunable({ at: horizon - 10, nextAt: horizon + 1 }, horizon)).toBe(false);
    expect(historyPrunable({ at: horizon - 10, nextAt: null }, horizon)).toBe(false);
    expect(historyPrunable({ at: horizon, nextAt: horizon }, horizon)).toBe(false);
  });
});
