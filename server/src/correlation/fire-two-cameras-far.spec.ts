import { eventAt, T0, virtualCorrelator } from './correlation.fixtures';

describe('two cameras 2 km apart', () => {
  it('gives two incidents, each at its own severity', () => {
    const { correlator } = virtualCorrelator();
    const a = correlator.ingest(eventAt('fire.smoke', 'cam-1', 0, 0, T0));
    const b = correlator.ingest(eventAt('fire.smoke', 'cam-2', 2000, 0, T0));
    expect(b.incident.id).not.toBe(a.incident.id);
    expect(b.created).toBe(true);
    expect(a.incident.severity).toBe('medium');
    expect(b.incident.severity).toBe('medium');
  });

  it('does not chain: a third event near the second joins it, not the first', () => {
    const { correlator } = virtualCorrelator();
    const a = correlator.ingest(eventAt('fire.smoke', 'cam-1', 0, 0, T0));
    correlator.ingest(eventAt('fire.smoke', 'cam-2', 900, 0, T0));
    // 1,700 m from the first detection, 800 m from the (moved) centroid at 450 m: joins.
    const c = correlator.ingest(eventAt('fire.smoke', 'cam-3', 1250, 0, T0));
    expect(c.incident.id).toBe(a.incident.id);
    // 1,300 m beyond the centroid now at ~717 m: too far for 1,000 m.
    const d = correlator.ingest(eventAt('fire.smoke', 'cam-4', 2050, 0, T0));
    expect(d.created).toBe(true);
  });

  it('keeps categories apart even at the same spot', () => {
    const { correlator } = virtualCorrelator();
    const fire = correlator.ingest(eventAt('fire.smoke', 'cam-1', 0, 0, T0));
    const logging = correlator.ingest(eventAt('forest.logging', 'cam-1', 0, 0, T0));
    expect(logging.incident.id).not.toBe(fire.incident.id);
  });

  it('joins the nearest of several candidates', () => {
    const { correlator } = virtualCorrelator();
    const west = correlator.ingest(eventAt('fire.smoke', 'cam-1', 0, 0, T0));
    const east = correlator.ingest(eventAt('fire.smoke', 'cam-2', 0, 1500, T0));
    const between = correlator.ingest(eventAt('fire.smoke', 'cam-3', 0, 900, T0));
    expect(between.incident.id).toBe(east.incident.id);
    expect(between.incident.id).not.toBe(west.incident.id);
  });
});
