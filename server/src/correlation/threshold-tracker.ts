import type { Metric, Severity, ThresholdRule } from '@ioc/shared';

/** What a reading did to its sustained-threshold condition. */
type ThresholdOutcome =
  | { kind: 'fired'; rule: ThresholdRule; value: number; severity: Severity | null }
  | { kind: 'cleared'; rule: ThresholdRule; value: number };

interface ConditionState {
  above: number;
  below: number;
  active: boolean;
  lastTs: number;
}

/**
 * docs/contract.md §4 threshold rules on telemetry: a condition fires once when a metric stays at
 * or above its threshold for N consecutive readings, and clears (hysteresis) after M
 * consecutive readings below `clearRatio` of the threshold. Readings between the two
 * reset both counts, so a value hovering at the threshold neither fires twice nor flaps.
 * Pure: the caller turns outcomes into derived events.
 */
export class ThresholdTracker {
  private readonly conditions = new Map<string, ConditionState>();
  private rulesByMetric = new Map<Metric, ThresholdRule>();

  constructor(rules: ThresholdRule[]) {
    this.setRules(rules);
  }

  setRules(rules: ThresholdRule[]): void {
    this.rulesByMetric = new Map(rules.map((r) => [r.metric, r]));
  }

  get size(): number {
    return this.conditions.size;
  }

  isActive(deviceId: string, metric: Metric): boolean {
    return this.conditions.get(`${deviceId}\u0000${metric}`)?.active ?? false;
  }

  /** Feeds one reading set; readings older than the last one seen for a metric are ignored. */
  observe(
    deviceId: string,
    ts: number,
    readings: Partial<Record<Metric, number>>,
  ): ThresholdOutcome[] {
    const outcomes: ThresholdOutcome[] = [];
    for (const [metric, value] of Object.entries(readings) as [Metric, number | undefined][]) {
      const rule = this.rulesByMetric.get(metric);
      if (!rule || value === undefined) continue;
      const key = `${deviceId}\u0000${metric}`;
      let state = this.conditions.get(key);
      if (!state) {
        state = { above: 0, below: 0, active: false, lastTs: -Infinity };
        this.conditions.set(key, state);
      }
      if (ts <= state.lastTs) continue;
      state.lastTs = ts;
      if (value >= rule.threshold) {
        state.above++;
        state.below = 0;
        if (!state.active && state.above >= rule.consecutive) {
          state.active = true;
          const severity =
            rule.escalateAt && value >= rule.escalateAt.threshold ? rule.escalateAt.severity : null;
          outcomes.push({ kind: 'fired', rule, value, severity });
        }
      } else if (value < rule.threshold * rule.clearRatio) {
        state.below++;
        state.above = 0;
        if (state.active && state.below >= rule.clearConsecutive) {
          state.active = false;
          outcomes.push({ kind: 'cleared', rule, value });
        }
      } else {
        state.above = 0;
        state.below = 0;
      }
    }
    return outcomes;
  }

  /** Forgets conditions of devices not heard from since `before` that are not active. */
  evictIdle(before: number): number {
    let dropped = 0;
    for (const [key, state] of this.conditions) {
      if (!state.active && state.lastTs < before) {
        this.conditions.delete(key);
        dropped++;
      }
    }
    return dropped;
  }
}
