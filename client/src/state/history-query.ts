import type { Category, Resolution, Severity } from '@ioc/shared';

/** Which finished incidents the history lists: both, or one state (the awaiting-close link). */
export type HistoryStatus = 'finished' | 'resolved' | 'closed';
export const HISTORY_STATUSES: readonly HistoryStatus[] = ['finished', 'resolved', 'closed'];

export interface HistoryCriteria {
  search: string;
  /** Days as `<input type="date">` gives them (`yyyy-mm-dd`, local), '' for open-ended. */
  from: string;
  to: string;
  category: Category | '';
  severity: Severity | '';
  resolution: Resolution | '';
  status: HistoryStatus;
  /** Zero-based. */
  page: number;
}

export const HISTORY_PAGE_SIZE = 20;

export const EMPTY_HISTORY: HistoryCriteria = {
  search: '',
  from: '',
  to: '',
  category: '',
  severity: '',
  resolution: '',
  status: 'finished',
  page: 0,
};

/** A local day's start as an ISO instant; `days` later for the end of a range. */
function dayStart(day: string, days = 0): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) return null;
  const start = new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]) + days);
  return Number.isNaN(start.getTime()) ? null : start.toISOString();
}

/**
 * The query of `GET /api/incidents` for one page of history (docs/contract.md §7). The
 * range is on opening time and takes whole local days: "to" includes its day.
 */
export function historyQuery(criteria: HistoryCriteria): URLSearchParams {
  const query = new URLSearchParams({
    status: criteria.status === 'finished' ? 'resolved,closed' : criteria.status,
    limit: String(HISTORY_PAGE_SIZE),
    offset: String(criteria.page * HISTORY_PAGE_SIZE),
  });
  const search = criteria.search.trim();
  if (search) query.set('q', search.slice(0, 200));
  const from = dayStart(criteria.from);
  if (from) query.set('from', from);
  const to = dayStart(criteria.to, 1);
  if (to) query.set('to', to);
  if (criteria.category) query.set('category', criteria.category);
  if (criteria.severity) query.set('severity', criteria.severity);
  if (criteria.resolution) query.set('resolution', criteria.resolution);
  return query;
}

/** The last page index for a total (0 when there is nothing). */
export function lastPage(total: number): number {
  return Math.max(0, Math.ceil(total / HISTORY_PAGE_SIZE) - 1);
}
