import { SOURCES_LISTED } from '@ioc/shared';
import { eventAt, T0, virtualCorrelator } from './correlation.fixtures';
import { toIncident } from './incident-state';

describe('an incident with 500 contributing cameras', () => {
  it('counts every source but lists only the first SOURCES_LISTED', () => {
    const { correlator } = virtualCorrelator();
    const outcomes = Array.from({ length: 500 }, (_, i) =>
      correlator.ingest(eventAt('fire.smoke', `cam-${i}`, i % 10, 0, T0 + i)),
    );
    const incident = outcomes[499]!.incident;
    expect(new Set(outcomes.map((o) => o.incident.id)).size).toBe(1);
    expect(outcomes.every((o) => o.newSource)).toBe(true);
    expect(incident.sourceCount).toBe(500);
    expect(incident.sources).toHaveLength(SOURCES_LISTED);
    expect(incident.sources[0]).toBe('cam-0');
    const json = toIncident(incident);
    expect(json.sources).toEqual(incident.sources);
    expect(json.sourceCount).toBe(500);
  });

  it('does not count a source again, listed or not', () => {
    const { correlator } = virtualCorrelator();
    for (let i = 0; i < 30; i++) correlator.ingest(eventAt('fire.smoke', `cam-${i}`, 0, 0, T0));
    const listedAgain = correlator.ingest(eventAt('fire.smoke', 'cam-3', 0, 0, T0 + 1));
    const unlistedAgain = correlator.ingest(eventAt('fire.smoke', 'cam-25', 0, 0, T0 + 2));
    expect(listedAgain.newSource).toBe(false);
    expect(unlistedAgain.newSource).toBe(false);
    expect(unlistedAgain.incident.sourceCount).toBe(30);
    expect(unlistedAgain.incident.eventCount).toBe(32);
  });
});
