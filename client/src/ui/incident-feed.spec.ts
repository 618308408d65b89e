import { afterEach, describe, expect, it } from '@jest/globals';
import { setLocale } from '../i18n/i18n';
import { AttentionTracker } from '../state/attention';
import { IncidentFilter } from '../state/incident-filter';
import { IncidentStore } from '../state/incident-store';
import { makeIncident } from '../testing/fixtures';
import { AlarmBell } from './alarm-bell';
import { AlarmSound } from './alarm-sound';
import { IncidentFeed } from './incident-feed';

const make = (store: IncidentStore, onSelect: (id: string) => void = () => undefined) => {
  const filter = new IncidentFilter();
  const attention = new AttentionTracker();
  const bell = new AlarmBell(new AlarmSound(null, undefined));
  return {
    feed: new IncidentFeed({ store, filter, attention, bell, onSelect }),
    filter,
    attention,
    bell,
  };
};

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
    feed = make(store).feed;
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
    feed = make(store).feed;
    expect(feed.element.querySelector('img')).toBeNull();
    // The title is composed in the console from the type and the zone (shown by id here).
    expect(feed.element.querySelector('.feed-row__title')?.textContent).toBe(
      `Smoke (forest fire) — ${attack}`,
    );
    expect(feed.element.querySelector('.feed-row__zone')?.textContent).toBe(attack);
  });

  it('translates type and severity, and reports clicks by incident id', () => {
    const store = new IncidentStore();
    store.apply(makeIncident({ id: 'x', type: 'fire.smoke', severity: 'critical' }));
    const selected: string[] = [];
    feed = make(store, (id) => selected.push(id)).feed;
    setLocale('vi');
    const row = rows(feed)[0];
    expect(row?.querySelector('.feed-row__type')?.textContent).toBe('Khói (cháy rừng)');
    expect(row?.querySelector('.badge')?.textContent).toBe('Nghiêm trọng');
    row
      ?.querySelector('.feed-row__title')
      ?.dispatchEvent(new MouseEvent('click', { bubbles: true }));
    expect(selected).toEqual(['x']);
  });

  it('filters by severity, category, status, zone and search, diacritics-insensitive', () => {
    const store = new IncidentStore();
    store.apply(
      makeIncident({
        id: 'fire',
        seq: 1,
        severity: 'critical',
        zone: 'langbiang',
        title: 'Cháy rừng Langbiang',
      }),
    );
    store.apply(
      makeIncident({
        id: 'jam',
        seq: 2,
        category: 'traffic',
        type: 'traffic.congestion',
        severity: 'low',
        zone: 'prenn',
        title: 'Kẹt xe đèo Prenn',
      }),
    );
    store.apply(
      makeIncident({ id: 'ack', seq: 3, status: 'acknowledged', severity: 'high', zone: 'center' }),
    );
    store.apply(makeIncident({ id: 'done', seq: 4, status: 'resolved', severity: 'high' }));
    const built = make(store);
    feed = built.feed;
    const ids = (): (string | undefined)[] => rows(built.feed).map((r) => r.dataset.incidentId);
    expect(ids()).toEqual(['fire', 'ack', 'jam']);
    built.filter.toggleSeverity('low');
    expect(ids()).toEqual(['jam']);
    built.filter.reset();
    built.filter.update({ category: 'fire' });
    expect(ids()).toEqual(['fire', 'ack']);
    built.filter.update({ status: 'acknowledged' });
    expect(ids()).toEqual(['ack']);
    built.filter.reset();
    built.filter.update({ zone: 'prenn' });
    expect(ids()).toEqual(['jam']);
    built.filter.reset();
    built.filter.update({ search: 'chay RUNG' });
    expect(ids()).toEqual(['fire']);
    built.filter.reset();
    built.filter.update({ status: 'resolved' });
    expect(ids()).toEqual(['done']);
    expect(built.feed.element.querySelector('[data-testid="incident-count"]')?.textContent).toBe(
      '1 / 3',
    );
  });

  it('marks alarming rows until the incident is acknowledged', () => {
    const store = new IncidentStore();
    store.apply(makeIncident({ id: 'x', seq: 1, severity: 'critical' }));
    const built = make(store);
    feed = built.feed;
    built.attention.update('x', store.get('x'));
    expect(rows(built.feed)[0]?.dataset.alarm).toBe('critical');
    store.apply(makeIncident({ id: 'x', seq: 2, severity: 'critical', status: 'acknowledged' }));
    built.attention.update('x', store.get('x'));
    built.feed.sync(['x']);
    expect(rows(built.feed)[0]?.dataset.alarm).toBe('');
  });

  it('pins unacknowledged alarms above the list, critical and newest first, whatever the filter', () => {
    const store = new IncidentStore();
    store.apply(
      makeIncident({
        id: 'old-fire',
        seq: 1,
        severity: 'critical',
        firstSeen: '2026-11-23T08:00:00.000Z',
      }),
    );
    store.apply(
      makeIncident({
        id: 'new-fire',
        seq: 2,
        severity: 'critical',
        firstSeen: '2026-11-23T08:10:00.000Z',
      }),
    );
    store.apply(
      makeIncident({
        id: 'late-litter',
        seq: 3,
        severity: 'medium',
        escalated: true,
        firstSeen: '2026-11-23T08:20:00.000Z',
      }),
    );
    store.apply(makeIncident({ id: 'quiet', seq: 4, severity: 'high' }));
    const built = make(store);
    feed = built.feed;
    for (const id of ['old-fire', 'new-fire', 'late-litter', 'quiet'])
      built.attention.update(id, store.get(id));
    built.filter.update({ severities: new Set(['high']) });
    built.feed.sync([]);
    const pinned = (): string[] =>
      [...built.feed.element.querySelectorAll<HTMLElement>('[data-testid="attention-item"]')].map(
        (item) => item.dataset.incidentId ?? '',
      );
    expect(pinned()).toEqual(['new-fire', 'old-fire', 'late-litter']);
    const pinnedBlock = built.feed.element.querySelector('[data-testid="attention"]');
    const list = built.feed.element.querySelector('[data-testid="incident-list"]');
    expect(
      pinnedBlock!.compareDocumentPosition(list!) & Node.DOCUMENT_POSITION_FOLLOWING,
    ).toBeTruthy();

    built.feed.element
      .querySelector<HTMLButtonElement>('[data-testid="attention-silence"]')!
      .click();
    expect(built.bell.isSilenced('new-fire')).toBe(true);
    expect(
      built.feed.element.querySelector<HTMLElement>(
        '[data-incident-id="new-fire"][data-testid="attention-item"]',
      )?.dataset.silenced,
    ).toBe('true');

    store.apply(
      makeIncident({ id: 'new-fire', seq: 5, severity: 'critical', status: 'acknowledged' }),
    );
    built.attention.update('new-fire', store.get('new-fire'));
    built.feed.sync(['new-fire']);
    expect(pinned()).toEqual(['old-fire', 'late-litter']);
  });

  it('finds an incident by the name of its device or unit', () => {
    const store = new IncidentStore();
    store.apply(makeIncident({ id: 'cam', seq: 1, sources: ['cam-langbiang-1'] }));
    store.apply(makeIncident({ id: 'other', seq: 2, sources: ['aq-7'] }));
    const filter = new IncidentFilter();
    feed = new IncidentFeed({
      store,
      filter,
      attention: new AttentionTracker(),
      bell: new AlarmBell(new AlarmSound(null, undefined)),
      onSelect: () => undefined,
      names: (incident) => (incident.id === 'cam' ? ['Langbiang ridge camera'] : []),
    });
    filter.update({ search: 'ridge camera' });
    expect([...feed.visible()].map((i) => i.id)).toEqual(['cam']);
  });
});
