import type { Category, CorrelationReason } from '@ioc/shared';

const minutes = (ms: number): string => {
  const abs = Math.abs(ms);
  if (abs < 60_000) return `${Math.round(abs / 1000)} s`;
  if (abs < 3_600_000) return `${Math.round(abs / 60_000)} min`;
  return `${(abs / 3_600_000).toFixed(1)} h`;
};

/** Builds the explanation an operator reads next to each event of an incident. */
export function explainCorrelation(input: {
  rule: CorrelationReason['rule'];
  category: Category;
  distanceM: number | null;
  radiusM: number | null;
  gapMs: number | null;
  windowMs: number;
  relatedIncidentId?: string | null;
}): CorrelationReason {
  const radius = input.radiusM === null ? 'same zone' : `radius ${input.radiusM} m`;
  let text: string;
  switch (input.rule) {
    case 'opened':
      text = `First event: opened a new ${input.category} incident (${radius}, window ${minutes(input.windowMs)}).`;
      break;
    case 'reopened':
      text = `Matched incident ${input.relatedIncidentId ?? '?'} which was already resolved: opened a new, related incident.`;
      break;
    case 'zone':
      text = `Same zone, ${timing(input.gapMs, input.windowMs)}.`;
      break;
    case 'joined':
      text = `${Math.round(input.distanceM ?? 0)} m from the incident centre (${radius}), ${timing(input.gapMs, input.windowMs)}.`;
      break;
  }
  return {
    rule: input.rule,
    category: input.category,
    distanceM: input.distanceM === null ? null : Math.round(input.distanceM * 10) / 10,
    radiusM: input.radiusM,
    gapMs: input.gapMs,
    windowMs: input.windowMs,
    text,
  };
}

function timing(gapMs: number | null, windowMs: number): string {
  if (gapMs === null) return `window ${minutes(windowMs)}`;
  return gapMs >= 0
    ? `${minutes(gapMs)} after the last event (window ${minutes(windowMs)})`
    : `a late event, ${minutes(gapMs)} before the last one (window ${minutes(windowMs)})`;
}
