import { DEFAULT_RULES } from './correlation-rules';
import { eventAt, MIN, T0, virtualCorrelator } from './correlation.fixtures';

const TRIAGE = { ...DEFAULT_RULES, triageMinConfidence: { fire: 0.6 } };
const detection = (confidence: number | null) => ({ detection: true, confidence });

function triaging() {
  const setup = virtualCorrelator();
  setup.correlator.setRules(TRIAGE);
  return setup;
}

describe('triage: low-confidence detections open unverified incidents', () => {
  it('a camera under its category bar opens an unverified incident; at the bar, an open one', () => {
    const { correlator } = triaging();
    const fog = correlator.ingest(eventAt('fire.smoke', 'cam-1', 0, 0, T0, detection(0.4)));
    expect(fog.incident.status).toBe('unverified');
    const smoke = correlator.ingest(eventAt('fire.smoke', 'cam-2', 5000, 0, T0, detection(0.6)));
    expect(smoke.incident.status).toBe('open');
  });

  it('no bar, no confidence, a citizen report or a sensor threshold: no triage', () => {
    const { correlator } = triaging();
    expect(
      correlator.ingest(eventAt('traffic.accident', 'cam-9', 0, 0, T0, detection(0.1))).incident
        .status,
    ).toBe('open');
    expect(
      correlator.ingest(eventAt('fire.smoke', 'cam-1', 0, 0, T0, detection(null))).incident.status,
    ).toBe('open');
    expect(
      correlator.ingest(eventAt('fire.smoke', 'citizen:app', 5000, 0, T0, { confidence: 0.1 }))
        .incident.status,
    ).toBe('open');
    expect(correlator.ingest(eventAt('fire.heat', 'temp-1', 10_000, 0, T0)).incident.status).toBe(
      'open',
    );
  });

  it('more low-confidence frames of the same camera join it and leave it unverified', () => {
    const { correlator } = triaging();
    const first = correlator.ingest(eventAt('fire.smoke', 'cam-1', 0, 0, T0, detection(0.4)));
    const again = correlator.ingest(
      eventAt('fire.smoke', 'cam-1', 50, 0, T0 + MIN, detection(0.45)),
    );
    expect(again.incident.id).toBe(first.incident.id);
    expect(again.confirmed).toBeNull();
    expect(again.incident.status).toBe('unverified');
  });

  it.each([
    ['a detection at the bar', 'cam-1', detection(0.9), 'confidence'],
    ['a second camera', 'cam-2', detection(0.3), 'corroboration'],
    ['a citizen report', 'citizen:app', {}, 'citizen'],
    ['a sensor threshold', 'temp-1', {}, 'sensor'],
  ])('%s confirms it: open, confirmed by the hub, version raised', (_, source, extra, why) => {
    const { correlator, clock } = triaging();
    correlator.ingest(eventAt('fire.smoke', 'cam-1', 0, 0, T0, detection(0.4)));
    clock.advance(MIN);
    const joined = correlator.ingest(eventAt('fire.smoke', source, 100, 0, T0 + MIN, extra));
    expect(joined.confirmed).toBe(why);
    expect(joined.incident).toMatchObject({
      status: 'open',
      confirmedBy: 'hub',
      confirmedAt: T0 + MIN,
      version: 2,
    });
  });
});
