import { DEFAULT_SLA_MS, type Incident } from '@ioc/shared';
import { formatCountdown, formatDateTime, formatNumber, formatRelative } from '../i18n/format';
import { eventTypeLabel, severityLabel, t } from '../i18n/i18n';
import type { AlarmReason } from '../state/attention';
import { el, setText } from './dom';
import { incidentTitle, zoneName } from '../i18n/display-names';

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
  private readonly unit = el('span', { className: 'feed-row__unit' });
  private readonly time = el('time', { className: 'feed-row__time' });
  private readonly sla = el('span', {
    className: 'feed-row__sla',
    dataset: { testid: 'incident-sla' },
  });
  private incidentValue: Incident;
  private selected = false;
  private flagsKey = '';
  private alarm: AlarmReason | null = null;

  constructor(incident: Incident) {
    this.incidentValue = incident;
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
          el('span', { className: 'feed-row__meta' }, [
            this.zone,
            this.sources,
            this.events,
            this.unit,
          ]),
        ]),
        el('span', { className: 'feed-row__side' }, [this.time, this.sla]),
      ],
    );
    this.render();
  }

  get id(): string {
    return this.incidentValue.id;
  }

  get incident(): Incident {
    return this.incidentValue;
  }

  update(incident: Incident): void {
    this.incidentValue = incident;
    this.render();
  }

  setSelected(selected: boolean): void {
    this.selected = selected;
    this.element.setAttribute('aria-selected', String(selected));
    this.element.classList.toggle('feed-row--selected', selected);
  }

  /** Flashes (CSS) until the incident is acknowledged. */
  setAlarm(reason: AlarmReason | null): void {
    if (this.alarm === reason) return;
    this.alarm = reason;
    this.renderClasses();
    this.renderFlags();
  }

  /**
   * Relative times age; the feed calls this on a timer. The time shown is the opening,
   * the feed's order within a severity; the last event is in the tooltip.
   */
  renderTime(now = Date.now()): void {
    const incident = this.incidentValue;
    setText(this.time, formatRelative(Date.parse(incident.firstSeen), now));
    const title = t('feed.openedAt', {
      time: formatDateTime(incident.firstSeen),
      last: formatRelative(Date.parse(incident.lastSeen), now),
    });
    if (this.time.title !== title) this.time.title = title;
    // A district's incident: its SLA runs at its district (docs/federation.md).
    const left = incident.districtId ? null : slaLeft(incident, now);
    if (this.sla.hidden !== (left === null)) this.sla.hidden = left === null;
    if (left === null) return;
    setText(
      this.sla,
      left > 0 ? t('feed.slaLeft', { time: formatCountdown(left) }) : t('feed.slaDue'),
    );
    const urgency = left <= 0 ? 'due' : left < 60_000 ? 'soon' : '';
    if (this.sla.dataset.urgency !== urgency) this.sla.dataset.urgency = urgency;
  }

  render(now = Date.now()): void {
    const incident = this.incidentValue;
    if (this.element.dataset.severity !== incident.severity)
      this.element.dataset.severity = incident.severity;
    if (this.element.dataset.status !== incident.status)
      this.element.dataset.status = incident.status;
    this.renderClasses();
    this.badge.className = `badge badge--${incident.severity}`;
    setText(this.badge, severityLabel(incident.severity));
    setText(this.type, eventTypeLabel(incident.type));
    setText(this.title, incidentTitle(incident));
    setText(this.zone, zoneName(incident.zone));
    setText(this.sources, `${t('feed.sources')}: ${formatNumber(incident.sourceCount, 0)}`);
    setText(this.events, `${t('feed.events')}: ${formatNumber(incident.eventCount, 0)}`);
    setText(
      this.unit,
      incident.assignedUnitId ? `${t('feed.unit')}: ${incident.assignedUnitId}` : '',
    );
    if (this.unit.hidden !== !incident.assignedUnitId) this.unit.hidden = !incident.assignedUnitId;
    if (this.time.dateTime !== incident.firstSeen) this.time.dateTime = incident.firstSeen;
    if (this.sla.title !== t('feed.slaHint')) this.sla.title = t('feed.slaHint');
    this.renderTime(now);
    this.renderFlags();
  }

  private renderClasses(): void {
    const incident = this.incidentValue;
    const className = [
      'feed-row',
      `feed-row--${incident.severity}`,
      this.selected ? 'feed-row--selected' : '',
      this.alarm ? 'feed-row--alarm' : '',
      incident.status === 'resolved' ? 'feed-row--resolved' : '',
    ]
      .filter(Boolean)
      .join(' ');
    // Unchanged classes are not re-set: every assignment invalidates style.
    if (this.element.className !== className) this.element.className = className;
    const alarm = this.alarm ?? '';
    if (this.element.dataset.alarm !== alarm) this.element.dataset.alarm = alarm;
  }

  private renderFlags(): void {
    const { escalated, status, conditionCleared, districtName } = this.incidentValue;
    const key = `${this.alarm ?? ''}|${escalated}|${status}|${conditionCleared}|${districtName ?? ''}|${t('feed.escalated')}`;
    if (key === this.flagsKey) return;
    this.flagsKey = key;
    const chips: HTMLElement[] = [];
    if (this.alarm === 'critical')
      chips.push(el('span', { className: 'chip chip--alarm', text: t('alarm.new') }));
    if (escalated)
      chips.push(el('span', { className: 'chip chip--escalated', text: t('feed.escalated') }));
    if (status !== 'open')
      chips.push(
        el('span', { className: `chip chip--status chip--${status}`, text: t(`status.${status}`) }),
      );
    if (conditionCleared)
      chips.push(el('span', { className: 'chip chip--cleared', text: t('feed.conditionCleared') }));
    if (districtName)
      chips.push(
        el('span', {
          className: 'chip chip--district',
          text: districtName,
          attrs: { title: t('district.badgeHint', { name: districtName }) },
          dataset: { testid: 'district-badge' },
        }),
      );
    this.flags.replaceChildren(...chips);
  }
}

/**
 * Time left before an open incident escalates, or null when no SLA runs (acknowledged,
 * already escalated, or a severity without one). The limits are the contract's defaults
 * (docs/contract.md §6), counted from the opening; the hub's `escalated` flag stays the
 * authority, so a hub with other limits shows "SLA due" or "Escalated" on its own time.
 */
export function slaLeft(incident: Incident, now: number): number | null {
  const limit = DEFAULT_SLA_MS[incident.severity];
  if (incident.status !== 'open' || incident.escalated || limit === undefined) return null;
  const opened = Date.parse(incident.firstSeen);
  return Number.isFinite(opened) ? opened + limit - now : null;
}
