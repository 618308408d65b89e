import type { Incident } from '@ioc/shared';
import { formatNumber } from '../i18n/format';
import { categoryLabel, eventTypeLabel, onLocaleChange, t } from '../i18n/i18n';
import type { AttentionTracker } from '../state/attention';
import { sortForFeed } from '../state/feed-order';
import { includesResolved, matchesFilter, type IncidentFilter } from '../state/incident-filter';
import type { IncidentStore } from '../state/incident-store';
import type { AlarmBell } from './alarm-bell';
import { AttentionList } from './attention-list';
import { el, setText } from './dom';
import { FeedFilters } from './feed-filters';
import { FeedRow } from './feed-row';

/** Row ages and SLA countdowns tick this often. */
const CLOCK_REFRESH_MS = 5_000;

export interface IncidentFeedOptions {
  store: IncidentStore;
  filter: IncidentFilter;
  attention: AttentionTracker;
  bell: AlarmBell;
  onSelect(id: string): void;
  /** More words to search by: the names of its devices and units ("Langbiang ridge camera"). */
  names?: (incident: Incident) => readonly string[];
  /** The "History" button: resolved and closed incidents, searched at the hub. */
  onHistory?: () => void;
}

/** The words a person reads for an incident, so the search works in the console's language. */
export function incidentLabels(incident: Incident): string[] {
  return [eventTypeLabel(incident.type), categoryLabel(incident.category)];
}

/**
 * The list of incidents, most severe first, filtered like the map, under the alarms
 * that need someone now (pinned, unfiltered). Rows are keyed by
 * incident id and moved rather than rebuilt, so a live update keeps focus, scroll and
 * selection.
 */
export class IncidentFeed {
  readonly element: HTMLElement;
  readonly filters: FeedFilters;
  readonly pinned: AttentionList;
  private readonly list: HTMLOListElement;
  private readonly heading = el('h2', { className: 'feed__title' });
  private readonly count = el('span', {
    className: 'feed__count',
    dataset: { testid: 'incident-count' },
  });
  private readonly empty = el('p', { className: 'feed__empty' });
  private readonly history = el('button', {
    className: 'button button--ghost feed__history',
    attrs: { type: 'button' },
    dataset: { testid: 'open-history' },
  });
  private readonly rows = new Map<string, FeedRow>();
  private selectedId: string | null = null;
  private readonly clock: ReturnType<typeof setInterval>;
  private readonly teardown: (() => void)[] = [];

  constructor(private readonly options: IncidentFeedOptions) {
    this.filters = new FeedFilters(options.filter);
    this.pinned = new AttentionList(options);
    this.list = el('ol', {
      className: 'feed__list',
      attrs: { role: 'listbox' },
      dataset: { testid: 'incident-list' },
    });
    this.element = el('aside', { className: 'feed', dataset: { testid: 'incident-feed' } }, [
      el('header', { className: 'feed__header' }, [this.heading, this.history, this.count]),
      this.pinned.element,
      this.filters.element,
      this.empty,
      this.list,
    ]);
    this.list.addEventListener('click', this.onClick);
    this.list.addEventListener('keydown', this.onKeyDown);
    this.history.hidden = !options.onHistory;
    this.history.addEventListener('click', () => options.onHistory?.());
    this.clock = setInterval(() => this.refreshTimes(), CLOCK_REFRESH_MS);
    this.teardown.push(
      onLocaleChange(() => this.relabel()),
      options.filter.onChange(() => this.syncAll()),
      options.attention.onChange((id) => this.rows.get(id)?.setAlarm(options.attention.reason(id))),
    );
    this.syncAll();
  }

  destroy(): void {
    clearInterval(this.clock);
    for (const undo of this.teardown.splice(0)) undo();
    this.filters.destroy();
    this.pinned.destroy();
    this.list.removeEventListener('click', this.onClick);
    this.list.removeEventListener('keydown', this.onKeyDown);
    this.rows.clear();
    this.element.remove();
  }

  /** Whether an incident is shown (the map shows the same ones). */
  shows(incident: Incident): boolean {
    const names = this.options.names;
    return matchesFilter(incident, this.options.filter.current, (i) =>
      names ? [...incidentLabels(i), ...names(i)] : incidentLabels(i),
    );
  }

  /** The incidents the feed shows, in no particular order. */
  *visible(): Iterable<Incident> {
    for (const row of this.rows.values()) yield row.incident;
  }

  get size(): number {
    return this.rows.size;
  }

  /** Applies the store's current state for these ids, then restores the feed order. */
  sync(ids: Iterable<string>): void {
    for (const id of ids) this.syncOne(id);
    this.reorder();
    this.renderHeader();
    this.pinned.render();
  }

  syncAll(): void {
    const ids = new Set<string>(this.rows.keys());
    for (const incident of this.options.store.values()) ids.add(incident.id);
    if (includesResolved(this.options.filter.current.status))
      for (const incident of this.options.store.resolvedValues()) ids.add(incident.id);
    this.sync(ids);
  }

  select(id: string | null, reveal = false): void {
    if (this.selectedId) this.rows.get(this.selectedId)?.setSelected(false);
    this.selectedId = id;
    const row = id ? this.rows.get(id) : undefined;
    row?.setSelected(true);
    if (row && reveal) row.element.scrollIntoView({ block: 'nearest' });
  }

  private syncOne(id: string): void {
    const incident = this.options.store.lookup(id);
    const row = this.rows.get(id);
    if (!incident || !this.shows(incident)) {
      if (row) {
        row.element.remove();
        this.rows.delete(id);
      }
      return;
    }
    if (row) {
      row.update(incident);
      return;
    }
    const created = new FeedRow(incident);
    created.setSelected(id === this.selectedId);
    created.setAlarm(this.options.attention.reason(id));
    this.rows.set(id, created);
  }

  private reorder(): void {
    // Walk the sorted list and move only the rows that are out of place.
    let cursor = this.list.firstElementChild;
    for (const incident of sortForFeed(this.visible())) {
      const element = this.rows.get(incident.id)?.element;
      if (!element) continue;
      if (element === cursor) cursor = cursor.nextElementSibling;
      else this.list.insertBefore(element, cursor);
    }
  }

  private renderHeader(): void {
    setText(this.heading, t('feed.heading'));
    setText(this.history, t('feed.history'));
    const total = this.options.store.size;
    const shown = this.rows.size;
    setText(
      this.count,
      shown === total
        ? formatNumber(shown, 0)
        : `${formatNumber(shown, 0)} / ${formatNumber(total, 0)}`,
    );
    const hint = t('feed.countHint', {
      shown: formatNumber(shown, 0),
      total: formatNumber(total, 0),
    });
    if (this.count.title !== hint) this.count.title = hint;
    setText(this.empty, total > 0 && shown === 0 ? t('feed.noMatch') : t('feed.empty'));
    if (this.empty.hidden !== shown > 0) this.empty.hidden = shown > 0;
  }

  private relabel(): void {
    // Labels are searchable: a new language may change what the search matches.
    this.syncAll();
    for (const row of this.rows.values()) row.render();
    this.renderHeader();
  }

  private refreshTimes(): void {
    const now = Date.now();
    for (const row of this.rows.values()) row.renderTime(now);
    this.pinned.render(now);
  }

  private rowId(target: EventTarget | null): string | null {
    if (!(target instanceof Element)) return null;
    const row = target.closest<HTMLElement>('[data-incident-id]');
    return row?.dataset.incidentId ?? null;
  }

  private readonly onClick = (event: MouseEvent): void => {
    const id = this.rowId(event.target);
    if (id) this.options.onSelect(id);
  };

  private readonly onKeyDown = (event: KeyboardEvent): void => {
    if (event.key !== 'Enter' && event.key !== ' ') return;
    const id = this.rowId(event.target);
    if (!id) return;
    event.preventDefault();
    this.options.onSelect(id);
  };
}
