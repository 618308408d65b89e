import { eventAt, MIN, T0, virtualCorrelator } from './correlation.fixtures';

describe('a matching event after the incident was resolved', () => {
  it('opens a new incident that names the earlier one', () => {
    const { correlator, clock } = virtualCorrelator();
    const first = correlator.ingest(eventAt('flood.water_level', 'wl-1', 0, 0, T0));
    first.incident.status = 'resolved';
    first.incident.resolvedAt = T0 + 5 * MIN;
    correlator.reindex(first.incident);
    clock.advance(10 * MIN);

    const again = correlator.ingest(eventAt('flood.water_level', 'wl-1', 10, 0, T0 + 10 * MIN));
    expect(again.created).toBe(true);
    expect(again.incident.relatedIncidentId).toBe(first.incident.id);
    expect(again.reason.rule).toBe('reopened');
  });
});

describe('bounded state', () => {
  it('forgets incidents once they can no longer take an event', () => {
    const { correlator, clock } = virtualCorrelator();
    for (let i = 0; i < 100; i++)
      correlator.ingest(eventAt('traffic.congestion', `cam-${i}`, i * 1000, 0, T0));
    expect(correlator.trackedCount).toBe(100);
    clock.advance(21 * MIN); // traffic window 10 min, kept twice that for late events
    expect(correlator.evictExpired()).toBe(100);
    expect(correlator.trackedCount).toBe(0);
  });
});
