import { categoryOf, type EventType, type FalseAlarmPeriod } from '@ioc/shared';
import type { CorrelationRules } from '../correlation/correlation-rules';

/** Incidents one device fed of one type in the learning window, and the false alarms among them. */
export interface LearningCounts {
  deviceId: string;
  type: EventType;
  incidents: number;
  falseAlarms: number;
}

export interface BarRaise {
  deviceId: string;
  type: EventType;
  baseConfidence: number;
  minConfidence: number;
  reason: string;
}

export const MAX_RAISED_BAR = 0.99;

export function period(incidents: number, falseAlarms: number): FalseAlarmPeriod {
  return { incidents, falseAlarms, share: incidents === 0 ? 0 : falseAlarms / incidents };
}

/**
 * The learning pass as pure logic: a device whose false-alarm share for a type passes the
 * rules' limit, over enough incidents, has that type's bar raised above its category's
 * triage bar. Only categories with triage learn (a bar needs a confidence to compare), and
 * a bar already raised is left alone (an admin undoes it; it is never raised twice).
 */
export function barsToRaise(
  counts: readonly LearningCounts[],
  rules: Pick<CorrelationRules, 'triageMinConfidence' | 'learning'>,
  raised: (deviceId: string, type: EventType) => boolean,
): BarRaise[] {
  const { share, minIncidents, days, raiseBy } = rules.learning;
  const raises: BarRaise[] = [];
  for (const row of counts) {
    const base = rules.triageMinConfidence[categoryOf(row.type)];
    if (base === undefined || raised(row.deviceId, row.type)) continue;
    const figures = period(row.incidents, row.falseAlarms);
    if (figures.incidents < minIncidents || figures.share < share) continue;
    const minConfidence = Math.min(MAX_RAISED_BAR, Math.round((base + raiseBy) * 100) / 100);
    raises.push({
      deviceId: row.deviceId,
      type: row.type,
      baseConfidence: base,
      minConfidence,
      reason: `${row.falseAlarms} of ${row.incidents} incidents in ${days} days were false alarms (${Math.round(figures.share * 100)} %, limit ${Math.round(share * 100)} % of at least ${minIncidents})`,
    });
  }
  return raises;
}
