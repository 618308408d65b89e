import type { Incident } from '@ioc/shared';
import { formatDateTime, formatRelative } from '../i18n/format';
import { eventTypeLabel, severityLabel, t } from '../i18n/i18n';
import { el, setText } from './dom';

/** One incident in the feed; keeps its parts so an update touches only what changed. */
export class FeedRow {
  readonly element: HTMLLIElement;
  private readonly badge = el('span', { className: 'badge' });
  private readonly type = el('span', { className: 'feed-row__type' });
  private readonly flags = el('span', { className: 'feed-row__flags' });
  private readonly title = el('span', { className: 'feed-row__title' });
  private readonly zone = el('span', { className: 'feed-row__zone' });
  private readonly sources = el('span', { className: 'feed-row__sources' });
  private readonly events = el('span', { className: 'feed-row__events' });
  private readonly time = el('time', { className: 'feed-row__time' });
  private incident: Incident;
  private selected = false;

  constructor(incident: Incident) {
    this.incident = incident;
    this.element = el(
      'li',
      {
        className: 'feed-row',
        attrs: { role: 'option', tabindex: '0', 'aria-selected': 'false' },
        dataset: { testid: 'incident-row', incidentId: incident.id },
      },
      [
        this.badge,
        el('span', { className: 'feed-row__main' }, [
          el('span', { className: 'feed-row__head' }, [this.type, this.flags]),
          this.title,
          el('span', { className: 'feed-row__meta' }, [this.zone, this.sources, this.events]),
        ]),
        this.time,
      ],
    );
    this.render();
  }

  get id(): string {
    return this.incident.id;
  }

  update(incident: Incident): void {
    this.incident = incident;
    this.render();
  }

  setSelected(selected: boolean): void {
    this.selected = selected;
    this.element.setAttribute('aria-selected', String(selected));
    this.element.classList.toggle('feed-row--selected', selected);
  }

  /** Relative times age; the feed calls this on a timer. */
  renderTime(now = Date.now()): void {
    setText(this.time, formatRelative(Date.parse(this.incident.lastSeen), now));
  }

  render(now = Date.now()): void {
    const incident = this.incident;
    this.element.dataset.severity = incident.severity;
    this.element.dataset.status = incident.status;
    this.element.className = `feed-row feed-row--${incident.severity}${this.selected ? ' feed-row--selected' : ''}`;
    this.badge.className = `badge badge--${incident.severity}`;
    setText(this.badge, severityLabel(incident.severity));
    setText(this.type, eventTypeLabel(incident.type));
    setText(this.title, incident.title);
    setText(this.zone, incident.zone ?? t('feed.noZone'));
    setText(this.sources, `${t('feed.sources')}: ${incident.sources.length}`);
    setText(this.events, `${t('feed.events')}: ${incident.eventCount}`);
    this.time.dateTime = incident.lastSeen;
    this.time.title = formatDateTime(incident.lastSeen);
    this.renderTime(now);
    this.renderFlags();
  }

  private renderFlags(): void {
    const { escalated, status, conditionCleared } = this.incident;
    const chips: HTMLElement[] = [];
    if (escalated)
      chips.push(el('span', { className: 'chip chip--escalated', text: t('feed.escalated') }));
    if (status !== 'open')
      chips.push(el('span', { className: 'chip chip--status', text: t(`status.${status}`) }));
    if (conditionCleared)
      chips.push(el('span', { className: 'chip chip--cleared', text: t('feed.conditionCleared') }));
    this.flags.replaceChildren(...chips);
  }
}
