import type { DurationSummary } from '@ioc/shared';

/**
 * Response-time figures from the audit trail (pure). Quantiles interpolate linearly
 * between closest ranks (the common "type 7" definition, numpy's default): the median of
 * an even count is the mean of the two middle values.
 */
export function quantile(sorted: readonly number[], q: number): number | null {
  if (sorted.length === 0) return null;
  const position = (sorted.length - 1) * q;
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  const a = sorted[lower]!;
  const b = sorted[upper]!;
  return a + (b - a) * (position - lower);
}

export function summarize(durations: readonly number[]): DurationSummary {
  const sorted = [...durations].sort((a, b) => a - b);
  const round = (v: number | null): number | null => (v === null ? null : Math.round(v));
  return {
    count: sorted.length,
    meanMs: round(sorted.length ? sorted.reduce((s, v) => s + v, 0) / sorted.length : null),
    medianMs: round(quantile(sorted, 0.5)),
    p90Ms: round(quantile(sorted, 0.9)),
  };
}

export interface FirstTime {
  incidentId: string;
  action: string;
  at: number;
}

interface LifecycleDurations {
  opened: number;
  toAcknowledge: number[];
  toDispatch: number[];
  toResolve: number[];
}

/**
 * From the first time each incident saw each audit action: how long from `opened` to the
 * first `acknowledged`, `dispatched` and `resolved`. Incidents without `opened` in the
 * rows (opened before the period) are left out.
 */
export function lifecycleDurations(rows: readonly FirstTime[]): LifecycleDurations {
  const byIncident = new Map<string, Map<string, number>>();
  for (const row of rows) {
    let actions = byIncident.get(row.incidentId);
    if (!actions) byIncident.set(row.incidentId, (actions = new Map<string, number>()));
    actions.set(row.action, Math.min(actions.get(row.action) ?? Infinity, row.at));
  }
  const result: LifecycleDurations = {
    opened: 0,
    toAcknowledge: [],
    toDispatch: [],
    toResolve: [],
  };
  for (const actions of byIncident.values()) {
    const opened = actions.get('opened');
    if (opened === undefined) continue;
    result.opened++;
    const since = (action: string): number | null => {
      const at = actions.get(action);
      return at === undefined ? null : Math.max(0, at - opened);
    };
    const ack = since('acknowledged');
    const dispatch = since('dispatched');
    const resolve = since('resolved');
    if (ack !== null) result.toAcknowledge.push(ack);
    if (dispatch !== null) result.toDispatch.push(dispatch);
    if (resolve !== null) result.toResolve.push(resolve);
  }
  return result;
}
