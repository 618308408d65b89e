import { offsetM, type EventType, type LatLon } from '@ioc/shared';
import { ManualClock } from './clock';
import { Correlator, type CorrelationInput } from './correlator';

/** Test helpers: a correlator on a virtual clock and events placed in metres from a point. */
export const LANGBIANG: LatLon = { lat: 12.047, lon: 108.44 };
export const T0 = Date.parse('2026-11-23T08:00:00Z');
export const MIN = 60_000;

export function virtualCorrelator(): { correlator: Correlator; clock: ManualClock } {
  const clock = new ManualClock(T0);
  let n = 0;
  const correlator = new Correlator(clock, () => `inc-${++n}`);
  return { correlator, clock };
}

export function eventAt(
  type: EventType,
  source: string,
  northM: number,
  eastM: number,
  ts: number,
  extra: Partial<CorrelationInput> = {},
): CorrelationInput {
  return {
    type,
    ts,
    location: offsetM(LANGBIANG, northM, eastM),
    source,
    zone: 'langbiang',
    severityHint: null,
    ...extra,
  };
}
