import { CATEGORIES, SEVERITIES, type Category } from '@ioc/shared';
import { getLocale, onLocaleChange, severityLabel, t } from '../i18n/i18n';
import {
  isDefaultFilter,
  STATUS_CHOICES,
  type IncidentFilter,
  type StatusChoice,
} from '../state/incident-filter';
import { el } from './dom';
import { zoneName } from '../i18n/display-names';

const SEARCH_DELAY_MS = 120;

/** Search box, severity toggles, and category / status / zone lists above the feed. */
export class FeedFilters {
  readonly element: HTMLElement;
  private readonly search = el('input', {
    className: 'filters__search',
    attrs: { type: 'search', autocomplete: 'off', spellcheck: 'false' },
    dataset: { testid: 'feed-search' },
  });
  private readonly severityButtons = new Map<string, HTMLButtonElement>();
  private readonly category = el('select', {
    className: 'filters__select',
    dataset: { testid: 'filter-category' },
  });
  private readonly status = el('select', {
    className: 'filters__select',
    dataset: { testid: 'filter-status' },
  });
  private readonly zone = el('select', {
    className: 'filters__select',
    dataset: { testid: 'filter-zone' },
  });
  /** Province only (docs/federation.md): every center, this one, or one district. */
  private readonly district = el('select', {
    className: 'filters__select',
    dataset: { testid: 'filter-district' },
  });
  private districts: { id: string; name: string }[] = [];
  private readonly reset = el('button', {
    className: 'filters__reset',
    attrs: { type: 'button' },
    dataset: { testid: 'filter-reset' },
  });
  private zones: string[] = [];
  private searchTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly teardown: (() => void)[] = [];

  constructor(private readonly filter: IncidentFilter) {
    const severities = el('div', { className: 'filters__severities', attrs: { role: 'group' } });
    for (const severity of [...SEVERITIES].reverse()) {
      const button = el('button', {
        className: `sev-toggle sev-toggle--${severity}`,
        attrs: { type: 'button', 'aria-pressed': 'false' },
        dataset: { testid: `filter-severity-${severity}`, severity },
      });
      button.addEventListener('click', () => this.filter.toggleSeverity(severity));
      this.severityButtons.set(severity, button);
      severities.append(button);
    }
    this.search.addEventListener('input', () => {
      if (this.searchTimer) clearTimeout(this.searchTimer);
      this.searchTimer = setTimeout(() => {
        this.searchTimer = null;
        this.filter.update({ search: this.search.value });
      }, SEARCH_DELAY_MS);
    });
    this.search.addEventListener('keydown', (event) => {
      if (event.key !== 'Enter') return;
      if (this.searchTimer) clearTimeout(this.searchTimer);
      this.searchTimer = null;
      this.filter.update({ search: this.search.value });
    });
    this.category.addEventListener('change', () =>
      this.filter.update({ category: (this.category.value || null) as Category | null }),
    );
    this.status.addEventListener('change', () =>
      this.filter.update({ status: (this.status.value || 'active') as StatusChoice }),
    );
    this.zone.addEventListener('change', () =>
      this.filter.update({ zone: this.zone.value === '' ? null : this.zone.value.slice(1) }),
    );
    this.district.addEventListener('change', () =>
      this.filter.update({ district: districtOf(this.district.value) }),
    );
    this.reset.addEventListener('click', () => {
      if (this.searchTimer) clearTimeout(this.searchTimer);
      this.searchTimer = null;
      this.search.value = '';
      this.filter.reset();
    });
    this.element = el('div', { className: 'filters', dataset: { testid: 'feed-filters' } }, [
      this.search,
      severities,
      el('div', { className: 'filters__row' }, [
        this.category,
        this.status,
        this.zone,
        this.district,
      ]),
      this.reset,
    ]);
    this.teardown.push(
      onLocaleChange(() => this.render()),
      filter.onChange(() => this.renderState()),
    );
    this.render();
  }

  destroy(): void {
    if (this.searchTimer) clearTimeout(this.searchTimer);
    for (const undo of this.teardown.splice(0)) undo();
    this.element.remove();
  }

  /** The zones offered in the list: those of devices and incidents, by name. */
  setZones(zones: Iterable<string>): void {
    const next = [...new Set(zones)].sort((a, b) => a.localeCompare(b));
    if (next.length === this.zones.length && next.every((zone, i) => zone === this.zones[i]))
      return;
    this.zones = next;
    this.renderZones();
  }

  /** The districts whose incidents this console holds; none: the list stays hidden. */
  setDistricts(districts: { id: string; name: string }[]): void {
    const same =
      districts.length === this.districts.length &&
      districts.every(
        (d, i) => d.id === this.districts[i]?.id && d.name === this.districts[i]?.name,
      );
    if (same) return;
    this.districts = districts;
    this.renderDistricts();
  }

  private renderDistricts(): void {
    this.district.hidden = this.districts.length === 0;
    this.district.setAttribute('aria-label', t('district.filter'));
    this.district.replaceChildren(
      option('', t('district.all')),
      option('-', t('district.own')),
      ...this.districts.map(({ id, name }) => option(`=${id}`, name)),
    );
    this.district.value = districtValue(this.filter.current.district);
  }

  private render(): void {
    this.search.placeholder = t('filter.search');
    this.search.setAttribute('aria-label', t('filter.search'));
    for (const [severity, button] of this.severityButtons) {
      button.textContent = severityLabel(severity as (typeof SEVERITIES)[number]);
    }
    this.category.setAttribute('aria-label', t('filter.category'));
    this.category.replaceChildren(
      option('', t('filter.allCategories')),
      ...CATEGORIES.map((category) => option(category, t(`category.${category}`))),
    );
    this.status.setAttribute('aria-label', t('filter.status'));
    this.status.replaceChildren(
      ...STATUS_CHOICES.map((choice) => option(choice, t(`filter.status.${choice}`))),
    );
    this.reset.textContent = t('filter.reset');
    this.renderZones();
    this.renderDistricts();
    this.renderState();
  }

  private renderZones(): void {
    this.zone.setAttribute('aria-label', t('filter.zone'));
    // Values are prefixed so that a zone named "" or like an option keyword cannot clash.
    this.zone.replaceChildren(
      option('', t('filter.allZones')),
      ...this.zones
        .map((zone) => ({ zone, name: zoneName(zone) }))
        .sort((a, b) => a.name.localeCompare(b.name, getLocale()))
        .map(({ zone, name }) => option(`=${zone}`, name)),
    );
    const current = this.filter.current.zone;
    this.zone.value = current === null ? '' : `=${current}`;
  }

  private renderState(): void {
    const state = this.filter.current;
    for (const [severity, button] of this.severityButtons) {
      const pressed = state.severities.has(severity as (typeof SEVERITIES)[number]);
      button.setAttribute('aria-pressed', String(pressed));
    }
    this.category.value = state.category ?? '';
    this.status.value = state.status;
    this.zone.value = state.zone === null ? '' : `=${state.zone}`;
    this.district.value = districtValue(state.district);
    // A search still being typed (timer pending) wins over the state it has not reached yet.
    if (
      this.search.value !== state.search &&
      this.searchTimer === null &&
      document.activeElement !== this.search
    )
      this.search.value = state.search;
    this.reset.hidden = isDefaultFilter(state);
  }
}

/** The district list's value: '' every center, '-' this one, `=id` a district. */
function districtOf(value: string): string | null {
  if (value === '') return null;
  return value === '-' ? '' : value.slice(1);
}

function districtValue(district: string | null): string {
  if (district === null) return '';
  return district === '' ? '-' : `=${district}`;
}

function option(value: string, label: string): HTMLOptionElement {
  const element = document.createElement('option');
  element.value = value;
  element.textContent = label;
  return element;
}
