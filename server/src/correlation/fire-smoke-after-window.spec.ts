import { eventAt, MIN, T0, virtualCorrelator } from './correlation.fixtures';

describe('the time window is on event time', () => {
  it('opens a new incident for smoke 20 minutes after the last (fire window 15 min)', () => {
    const { correlator } = virtualCorrelator();
    const first = correlator.ingest(eventAt('fire.smoke', 'cam-1', 0, 0, T0));
    const later = correlator.ingest(eventAt('fire.smoke', 'cam-1', 50, 0, T0 + 20 * MIN));
    expect(later.incident.id).not.toBe(first.incident.id);
  });

  it('joins at 14 minutes and slides the window with lastSeen', () => {
    const { correlator } = virtualCorrelator();
    const first = correlator.ingest(eventAt('fire.smoke', 'cam-1', 0, 0, T0));
    expect(correlator.ingest(eventAt('fire.smoke', 'cam-1', 0, 0, T0 + 14 * MIN)).incident.id).toBe(
      first.incident.id,
    );
    expect(correlator.ingest(eventAt('fire.smoke', 'cam-1', 0, 0, T0 + 28 * MIN)).incident.id).toBe(
      first.incident.id,
    );
  });

  it('places a late event (older than lastSeen, within the window) in its incident', () => {
    const { correlator } = virtualCorrelator();
    const first = correlator.ingest(eventAt('fire.smoke', 'cam-1', 0, 0, T0 + 10 * MIN));
    const late = correlator.ingest(eventAt('fire.smoke', 'cam-2', 100, 0, T0));
    expect(late.incident.id).toBe(first.incident.id);
    expect(late.incident.firstSeen).toBe(T0);
    expect(late.incident.lastSeen).toBe(T0 + 10 * MIN);
    expect(late.reason.gapMs).toBe(-10 * MIN);
  });
});
