import { ALL_RESOLUTIONS, CATEGORIES, SEVERITIES, type Incident } from '@ioc/shared';
import { ApiError } from '../api/http-client';
import { fetchIncidentHistory, type IncidentPage } from '../api/incidents.api';
import { incidentTitle, zoneName } from '../i18n/display-names';
import { formatDateTime, formatNumber } from '../i18n/format';
import { onLocaleChange, severityLabel, t } from '../i18n/i18n';
import {
  EMPTY_HISTORY,
  HISTORY_PAGE_SIZE,
  HISTORY_STATUSES,
  historyQuery,
  lastPage,
  type HistoryCriteria,
} from '../state/history-query';
import { el, setText } from './dom';

const SEARCH_DELAY_MS = 300;

export interface HistoryViewOptions {
  onSelect(incident: Incident): void;
  onUnauthorized(): void;
}

/**
 * Resolved and closed incidents, searched and paged by the hub (the live store holds only
 * the active and recently resolved ones). Opening a row shows it in the incident panel.
 */
export class HistoryView {
  readonly element: HTMLElement;
  private criteria: HistoryCriteria = EMPTY_HISTORY;
  private page: IncidentPage | null = null;
  private loading: AbortController | null = null;
  private searchTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly heading = el('h2', { className: 'history__title' });
  private readonly closeButton = this.button('history-close', 'button button--ghost');
  private readonly search = el('input', {
    className: 'filters__search',
    attrs: { type: 'search', autocomplete: 'off', spellcheck: 'false' },
    dataset: { testid: 'history-search' },
  });
  private readonly from = this.dateInput('history-from');
  private readonly to = this.dateInput('history-to');
  private readonly fromLabel = el('span');
  private readonly toLabel = el('span');
  private readonly status = this.select('history-status');
  private readonly category = this.select('history-category');
  private readonly severity = this.select('history-severity');
  private readonly resolution = this.select('history-resolution');
  private readonly summary = el('p', {
    className: 'history__summary',
    attrs: { 'aria-live': 'polite' },
    dataset: { testid: 'history-summary' },
  });
  private readonly list = el('ol', {
    className: 'history__list',
    dataset: { testid: 'history-list' },
  });
  private readonly previous = this.button('history-previous');
  private readonly next = this.button('history-next');
  private readonly teardown: (() => void)[] = [];

  constructor(private readonly options: HistoryViewOptions) {
    this.element = el(
      'section',
      { className: 'history', attrs: { role: 'dialog' }, dataset: { testid: 'history-view' } },
      [
        el('header', { className: 'history__header' }, [this.heading, this.closeButton]),
        el('div', { className: 'history__filters' }, [
          this.search,
          el('label', { className: 'history__date' }, [this.fromLabel, this.from]),
          el('label', { className: 'history__date' }, [this.toLabel, this.to]),
          this.status,
          this.category,
          this.severity,
          this.resolution,
        ]),
        this.summary,
        this.list,
        el('footer', { className: 'history__pager' }, [this.previous, this.next]),
      ],
    );
    this.element.hidden = true;
    this.search.addEventListener('input', () => {
      if (this.searchTimer) clearTimeout(this.searchTimer);
      this.searchTimer = setTimeout(
        () => this.change({ search: this.search.value }),
        SEARCH_DELAY_MS,
      );
    });
    this.from.addEventListener('change', () => this.change({ from: this.from.value }));
    this.to.addEventListener('change', () => this.change({ to: this.to.value }));
    this.status.addEventListener('change', () =>
      this.change({ status: HISTORY_STATUSES.find((s) => s === this.status.value) ?? 'finished' }),
    );
    this.category.addEventListener('change', () =>
      this.change({ category: CATEGORIES.find((c) => c === this.category.value) ?? '' }),
    );
    this.severity.addEventListener('change', () =>
      this.change({ severity: SEVERITIES.find((s) => s === this.severity.value) ?? '' }),
    );
    this.resolution.addEventListener('change', () =>
      this.change({ resolution: ALL_RESOLUTIONS.find((r) => r === this.resolution.value) ?? '' }),
    );
    this.previous.addEventListener('click', () => this.turn(-1));
    this.next.addEventListener('click', () => this.turn(1));
    this.closeButton.addEventListener('click', () => this.close());
    this.list.addEventListener('click', this.onRowClick);
    this.teardown.push(onLocaleChange(() => this.render()));
    this.render();
  }

  get isOpen(): boolean {
    return !this.element.hidden;
  }

  /** Shows the view with these criteria (the rest cleared) and reads the first page. */
  open(criteria: Partial<HistoryCriteria> = {}): void {
    this.criteria = { ...EMPTY_HISTORY, ...criteria };
    this.element.hidden = false;
    this.render();
    this.search.focus();
    void this.load();
  }

  close(): void {
    this.loading?.abort();
    this.element.hidden = true;
  }

  destroy(): void {
    this.close();
    if (this.searchTimer) clearTimeout(this.searchTimer);
    for (const undo of this.teardown.splice(0)) undo();
    this.list.removeEventListener('click', this.onRowClick);
    this.element.remove();
  }

  private change(patch: Partial<HistoryCriteria>): void {
    this.criteria = { ...this.criteria, ...patch, page: 0 };
    void this.load();
  }

  private turn(step: number): void {
    const total = this.page?.total ?? 0;
    const page = Math.min(lastPage(total), Math.max(0, this.criteria.page + step));
    if (page === this.criteria.page) return;
    this.criteria = { ...this.criteria, page };
    void this.load();
  }

  private async load(): Promise<void> {
    this.loading?.abort();
    const controller = new AbortController();
    this.loading = controller;
    this.element.setAttribute('aria-busy', 'true');
    setText(this.summary, t('history.loading'));
    try {
      const page = await fetchIncidentHistory(historyQuery(this.criteria), controller.signal);
      if (controller.signal.aborted) return;
      this.page = page;
      this.renderRows();
    } catch (error) {
      if (controller.signal.aborted) return;
      if (error instanceof ApiError && error.isUnauthorized) return this.options.onUnauthorized();
      this.page = null;
      this.list.replaceChildren();
      setText(this.summary, t('history.error'));
    } finally {
      if (this.loading === controller) {
        this.loading = null;
        this.element.removeAttribute('aria-busy');
      }
    }
  }

  private render(): void {
    setText(this.heading, t('history.title'));
    setText(this.closeButton, t('history.close'));
    this.search.placeholder = t('history.search');
    this.search.setAttribute('aria-label', t('history.search'));
    this.search.value = this.criteria.search;
    setText(this.fromLabel, t('history.from'));
    setText(this.toLabel, t('history.to'));
    this.from.value = this.criteria.from;
    this.to.value = this.criteria.to;
    fill(this.status, t('history.status'), this.criteria.status, [
      ...HISTORY_STATUSES.map((s): [string, string] => [s, t(`history.status.${s}`)]),
    ]);
    fill(this.category, t('filter.category'), this.criteria.category, [
      ['', t('filter.allCategories')],
      ...CATEGORIES.map((c): [string, string] => [c, t(`category.${c}`)]),
    ]);
    fill(this.severity, t('history.severity'), this.criteria.severity, [
      ['', t('history.allSeverities')],
      ...[...SEVERITIES].reverse().map((s): [string, string] => [s, severityLabel(s)]),
    ]);
    fill(this.resolution, t('history.resolution'), this.criteria.resolution, [
      ['', t('history.allResolutions')],
      ...ALL_RESOLUTIONS.map((r): [string, string] => [r, t(`resolution.${r}`)]),
    ]);
    setText(this.previous, t('history.previous'));
    setText(this.next, t('history.next'));
    if (this.page) this.renderRows();
  }

  private renderRows(): void {
    const page = this.page;
    if (!page) return;
    this.list.replaceChildren(...page.items.map(historyRow));
    const first = this.criteria.page * HISTORY_PAGE_SIZE;
    setText(
      this.summary,
      page.total === 0
        ? t('history.none')
        : t('history.range', {
            from: formatNumber(first + 1, 0),
            to: formatNumber(first + page.items.length, 0),
            total: formatNumber(page.total, 0),
          }),
    );
    this.previous.disabled = this.criteria.page === 0;
    this.next.disabled = this.criteria.page >= lastPage(page.total);
  }

  private readonly onRowClick = (event: MouseEvent): void => {
    const row = (event.target as Element).closest<HTMLElement>('[data-incident-id]');
    const id = row?.dataset.incidentId;
    const incident = this.page?.items.find((i) => i.id === id);
    if (incident) this.options.onSelect(incident);
  };

  private button(testid: string, className = 'button'): HTMLButtonElement {
    return el('button', { className, attrs: { type: 'button' }, dataset: { testid } });
  }

  private select(testid: string): HTMLSelectElement {
    return el('select', { className: 'filters__select', dataset: { testid } });
  }

  private dateInput(testid: string): HTMLInputElement {
    return el('input', { className: 'history__day', attrs: { type: 'date' }, dataset: { testid } });
  }
}

/** One finished incident: opening time, title, place, how it ended. */
function historyRow(incident: Incident): HTMLElement {
  const ended = incident.resolution ? t(`resolution.${incident.resolution}`) : '';
  return el('li', { className: 'history__item' }, [
    el(
      'button',
      {
        className: `history__row history__row--${incident.severity}`,
        attrs: { type: 'button' },
        dataset: { incidentId: incident.id, testid: 'history-row' },
      },
      [
        el('span', {
          className: `sev-chip sev-chip--${incident.severity}`,
          text: severityLabel(incident.severity),
        }),
        el('span', { className: 'history__row-title', text: incidentTitle(incident) }),
        el('span', { className: 'history__row-meta', text: zoneName(incident.zone) }),
        el('time', {
          className: 'history__row-meta',
          text: formatDateTime(incident.firstSeen),
          attrs: { datetime: incident.firstSeen },
        }),
        el('span', {
          className: 'history__row-meta',
          text: [t(`status.${incident.status}`), ended].filter(Boolean).join(' · '),
        }),
      ],
    ),
  ]);
}

function fill(
  select: HTMLSelectElement,
  label: string,
  value: string,
  choices: readonly [value: string, text: string][],
): void {
  select.setAttribute('aria-label', label);
  select.replaceChildren(
    ...choices.map(([v, text]) => el('option', { text, attrs: { value: v } })),
  );
  select.value = value;
}
