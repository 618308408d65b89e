import { afterEach, describe, expect, it } from '@jest/globals';
import { setLocale } from '../i18n/i18n';
import { IncidentStore } from '../state/incident-store';
import { makeIncident } from '../testing/fixtures';
import { IncidentFeed } from './incident-feed';

const rows = (feed: IncidentFeed): HTMLElement[] => [
  ...feed.element.querySelectorAll<HTMLElement>('[data-testid="incident-row"]'),
];

describe('IncidentFeed', () => {
  let feed: IncidentFeed | null = null;
  afterEach(() => {
    feed?.destroy();
    feed = null;
    setLocale('en');
  });

  it('lists open incidents most severe first and follows live changes', () => {
    const store = new IncidentStore();
    store.apply(makeIncident({ id: 'a', seq: 1, severity: 'low' }));
    store.apply(makeIncident({ id: 'b', seq: 2, severity: 'high' }));
    feed = new IncidentFeed({ store, onSelect: () => undefined });
    expect(rows(feed).map((r) => r.dataset.incidentId)).toEqual(['b', 'a']);

    store.apply(makeIncident({ id: 'a', seq: 3, severity: 'critical' }));
    store.apply(makeIncident({ id: 'c', seq: 4, severity: 'medium' }));
    store.apply(makeIncident({ id: 'b', seq: 5, status: 'resolved' }));
    feed.sync(['a', 'b', 'c']);
    expect(rows(feed).map((r) => [r.dataset.incidentId, r.dataset.severity])).toEqual([
      ['a', 'critical'],
      ['c', 'medium'],
    ]);
  });

  it('shows incident text literally, never as HTML', () => {
    const store = new IncidentStore();
    const attack = '<img src=x onerror=alert(1)>';
    store.apply(makeIncident({ id: 'x', title: attack, zone: attack }));
    feed = new IncidentFeed({ store, onSelect: () => undefined });
    expect(feed.element.querySelector('img')).toBeNull();
    expect(feed.element.querySelector('.feed-row__title')?.textContent).toBe(attack);
  });

  it('translates type and severity, and reports clicks by incident id', () => {
    const store = new IncidentStore();
    store.apply(makeIncident({ id: 'x', type: 'fire.smoke', severity: 'critical' }));
    const selected: string[] = [];
    feed = new IncidentFeed({ store, onSelect: (id) => selected.push(id) });
    setLocale('vi');
    const row = rows(feed)[0];
    expect(row?.querySelector('.feed-row__type')?.textContent).toBe('Khói (cháy rừng)');
    expect(row?.querySelector('.badge')?.textContent).toBe('Nghiêm trọng');
    row
      ?.querySelector('.feed-row__title')
      ?.dispatchEvent(new MouseEvent('click', { bubbles: true }));
    expect(selected).toEqual(['x']);
  });
});
