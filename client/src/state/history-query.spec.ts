import { describe, expect, it } from '@jest/globals';
import { EMPTY_HISTORY, HISTORY_PAGE_SIZE, historyQuery, lastPage } from './history-query';

describe('historyQuery', () => {
  it('asks for resolved and closed incidents, one page at a time', () => {
    const query = historyQuery({ ...EMPTY_HISTORY, page: 2 });
    expect(query.get('status')).toBe('resolved,closed');
    expect(query.get('limit')).toBe(String(HISTORY_PAGE_SIZE));
    expect(query.get('offset')).toBe(String(2 * HISTORY_PAGE_SIZE));
    expect(query.has('q')).toBe(false);
    expect(query.has('from')).toBe(false);
  });

  it('passes the search, the filters and the awaiting-close state', () => {
    const query = historyQuery({
      ...EMPTY_HISTORY,
      search: '  Langbiang ridge camera ',
      category: 'fire',
      severity: 'high',
      resolution: 'false_alarm',
      status: 'resolved',
    });
    expect(query.get('q')).toBe('Langbiang ridge camera');
    expect(query.get('category')).toBe('fire');
    expect(query.get('severity')).toBe('high');
    expect(query.get('resolution')).toBe('false_alarm');
    expect(query.get('status')).toBe('resolved');
  });

  it('turns local days into a range that includes the last day', () => {
    const query = historyQuery({ ...EMPTY_HISTORY, from: '2026-11-23', to: '2026-11-23' });
    const from = new Date(query.get('from') ?? '');
    const to = new Date(query.get('to') ?? '');
    expect([from.getFullYear(), from.getMonth(), from.getDate(), from.getHours()]).toEqual([
      2026, 10, 23, 0,
    ]);
    expect(to.getTime() - from.getTime()).toBeGreaterThanOrEqual(23 * 3_600_000);
    expect([to.getDate(), to.getHours()]).toEqual([24, 0]);
    expect(historyQuery({ ...EMPTY_HISTORY, from: 'yesterday' }).has('from')).toBe(false);
  });

  it('counts pages', () => {
    expect(lastPage(0)).toBe(0);
    expect(lastPage(HISTORY_PAGE_SIZE)).toBe(0);
    expect(lastPage(HISTORY_PAGE_SIZE + 1)).toBe(1);
  });
});
