import type { IncidentStore } from '../state/incident-store';
import { sortForFeed } from '../state/feed-order';
import { onLocaleChange, t } from '../i18n/i18n';
import { el, setText } from './dom';
import { FeedRow } from './feed-row';

const CLOCK_REFRESH_MS = 15_000;

export interface IncidentFeedOptions {
  store: IncidentStore;
  onSelect(id: string): void;
}

/**
 * The list of open incidents, most severe first. Rows are keyed by incident id and
 * moved rather than rebuilt, so a live update keeps focus, scroll and selection.
 */
export class IncidentFeed {
  readonly element: HTMLElement;
  private readonly list: HTMLOListElement;
  private readonly heading = el('h2', { className: 'feed__title' });
  private readonly count = el('span', {
    className: 'feed__count',
    dataset: { testid: 'incident-count' },
  });
  private readonly empty = el('p', { className: 'feed__empty' });
  private readonly rows = new Map<string, FeedRow>();
  private selectedId: string | null = null;
  private readonly clock: ReturnType<typeof setInterval>;
  private readonly unsubscribeLocale: () => void;

  constructor(private readonly options: IncidentFeedOptions) {
    this.list = el('ol', { className: 'feed__list', attrs: { role: 'listbox' } });
    this.element = el('aside', { className: 'feed', dataset: { testid: 'incident-feed' } }, [
      el('header', { className: 'feed__header' }, [this.heading, this.count]),
      this.empty,
      this.list,
    ]);
    this.list.addEventListener('click', this.onClick);
    this.list.addEventListener('keydown', this.onKeyDown);
    this.clock = setInterval(() => this.refreshTimes(), CLOCK_REFRESH_MS);
    this.unsubscribeLocale = onLocaleChange(() => this.relabel());
    this.renderHeader();
    this.sync([...options.store.values()].map((incident) => incident.id));
  }

  destroy(): void {
    clearInterval(this.clock);
    this.unsubscribeLocale();
    this.list.removeEventListener('click', this.onClick);
    this.list.removeEventListener('keydown', this.onKeyDown);
    this.rows.clear();
    this.element.remove();
  }

  /** Applies the store's current state for these ids, then restores the feed order. */
  sync(ids: Iterable<string>): void {
    for (const id of ids) {
      const incident = this.options.store.get(id);
      const row = this.rows.get(id);
      if (!incident) {
        if (row) {
          row.element.remove();
          this.rows.delete(id);
          if (this.selectedId === id) this.selectedId = null;
        }
      } else if (row) {
        row.update(incident);
      } else {
        const created = new FeedRow(incident);
        created.setSelected(id === this.selectedId);
        this.rows.set(id, created);
      }
    }
    this.reorder();
    this.renderHeader();
  }

  select(id: string | null, reveal = false): void {
    if (this.selectedId) this.rows.get(this.selectedId)?.setSelected(false);
    this.selectedId = id;
    const row = id ? this.rows.get(id) : undefined;
    row?.setSelected(true);
    if (row && reveal) row.element.scrollIntoView({ block: 'nearest' });
  }

  private reorder(): void {
    // Walk the sorted list and move only the rows that are out of place.
    let cursor = this.list.firstElementChild;
    for (const incident of sortForFeed(this.options.store.values())) {
      const element = this.rows.get(incident.id)?.element;
      if (!element) continue;
      if (element === cursor) cursor = cursor.nextElementSibling;
      else this.list.insertBefore(element, cursor);
    }
  }

  private renderHeader(): void {
    setText(this.heading, t('feed.heading'));
    setText(this.count, String(this.rows.size));
    setText(this.empty, t('feed.empty'));
    this.empty.hidden = this.rows.size > 0;
  }

  private relabel(): void {
    for (const row of this.rows.values()) row.render();
    this.renderHeader();
  }

  private refreshTimes(): void {
    const now = Date.now();
    for (const row of this.rows.values()) row.renderTime(now);
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
