import { eventAt, MIN, T0, virtualCorrelator } from './correlation.fixtures';

describe('two cameras 400 m apart see the same fire', () => {
  it('gives one incident whose severity is raised for two sources', () => {
    const { correlator } = virtualCorrelator();
    const first = correlator.ingest(eventAt('fire.smoke', 'cam-1', 0, 0, T0));
    const second = correlator.ingest(eventAt('fire.smoke', 'cam-2', 400, 0, T0 + 2 * MIN));

    expect(second.incident.id).toBe(first.incident.id);
    expect(second.created).toBe(false);
    expect(second.incident.eventCount).toBe(2);
    expect(second.incident.sources).toEqual(['cam-1', 'cam-2']);
    // smoke is medium; two distinct sources raise it one level.
    expect(first.reason.rule).toBe('opened');
    expect(second.incident.severity).toBe('high');
    expect(second.reason).toMatchObject({ rule: 'joined', radiusM: 1000, gapMs: 2 * MIN });
    expect(second.reason.distanceM).toBeCloseTo(400, -1);
    // The centroid sits between the two detections.
    expect(second.incident.location.lat).toBeCloseTo(12.047 + 200 / 111_320, 5);
  });

  it('caps the raise at critical', () => {
    const { correlator } = virtualCorrelator();
    correlator.ingest(eventAt('fire.flame', 'cam-1', 0, 0, T0, { severityHint: 'critical' }));
    const joined = correlator.ingest(eventAt('fire.flame', 'cam-2', 100, 0, T0));
    expect(joined.incident.severity).toBe('critical');
  });
});
