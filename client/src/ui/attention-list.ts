import { severityRank, type Incident } from '@ioc/shared';
import { formatNumber, formatRelative } from '../i18n/format';
import { eventTypeLabel, onLocaleChange, severityLabel, t } from '../i18n/i18n';
import type { AttentionTracker } from '../state/attention';
import type { IncidentStore } from '../state/incident-store';
import type { AlarmBell } from './alarm-bell';
import { el, setText } from './dom';
import { icon } from './icons';
import { incidentTitle, zoneName } from '../i18n/display-names';

export interface AttentionListOptions {
  store: IncidentStore;
  attention: AttentionTracker;
  bell: AlarmBell;
  onSelect(id: string): void;
}

/** Most severe first (so every critical comes first), then the newest. */
function byUrgency(a: Incident, b: Incident): number {
  return (
    severityRank(b.severity) - severityRank(a.severity) ||
    Date.parse(b.firstSeen) - Date.parse(a.firstSeen) ||
    (a.id < b.id ? -1 : 1)
  );
}

/**
 * The alarms nobody has acknowledged, pinned above the feed whatever its order, filters
 * or scroll: with a hundred open incidents an alarm must not be row 30 of the list.
 * Alarms are few (unacknowledged critical or overdue), so the block is rebuilt whole.
 */
export class AttentionList {
  readonly element: HTMLElement;
  private readonly heading = el('h3', { className: 'attention__title' });
  private readonly count = el('span', {
    className: 'attention__count',
    dataset: { testid: 'attention-count' },
  });
  private readonly silence = el('button', {
    className: 'button button--ghost attention__silence',
    attrs: { type: 'button' },
    dataset: { testid: 'attention-silence' },
  });
  private readonly list = el('ol', {
    className: 'attention__list',
    dataset: { testid: 'attention-list' },
  });
  private readonly teardown: (() => void)[] = [];
  /** What the block shows, so an unchanged one is not rebuilt (that would drop focus). */
  /** null until the first paint: an empty list at start must hide the block too. */
  private shownKey: string | null = null;

  constructor(private readonly options: AttentionListOptions) {
    this.element = el('section', { className: 'attention', dataset: { testid: 'attention' } }, [
      el('header', { className: 'attention__header' }, [
        icon('alert'),
        this.heading,
        this.count,
        this.silence,
      ]),
      this.list,
    ]);
    this.silence.addEventListener('click', this.onSilence);
    this.list.addEventListener('click', this.onClick);
    this.teardown.push(
      onLocaleChange(() => this.render(Date.now(), true)),
      options.bell.onChange(() => this.render()),
    );
    this.render();
  }

  destroy(): void {
    for (const undo of this.teardown.splice(0)) undo();
    this.silence.removeEventListener('click', this.onSilence);
    this.list.removeEventListener('click', this.onClick);
    this.element.remove();
  }

  /** The alarming incidents, in the order shown. */
  alarms(): Incident[] {
    const incidents: Incident[] = [];
    for (const id of this.options.attention.ids()) {
      const incident = this.options.store.get(id);
      if (incident) incidents.push(incident);
    }
    return incidents.sort(byUrgency);
  }

  render(now = Date.now(), force = false): void {
    const alarms = this.alarms();
    const { bell } = this.options;
    const key = alarms
      .map(
        (incident) =>
          `${incident.id}|${incident.severity}|${incidentTitle(incident)}|${zoneName(incident.zone)}|${bell.isSilenced(incident.id)}|${formatRelative(Date.parse(incident.firstSeen), now)}`,
      )
      .join('\n');
    if (key === this.shownKey && !force) return;
    this.shownKey = key;
    this.element.hidden = alarms.length === 0;
    if (alarms.length === 0) {
      this.list.replaceChildren();
      return;
    }
    setText(this.heading, t('attention.heading'));
    this.heading.title = t('attention.hint');
    setText(this.count, formatNumber(alarms.length, 0));
    const loud = alarms.filter((incident) => !bell.isSilenced(incident.id));
    setText(this.silence, t('attention.silence'));
    this.silence.title = t('attention.silenceHint');
    this.silence.disabled = loud.length === 0;
    this.list.replaceChildren(...alarms.map((incident) => this.item(incident, now)));
  }

  private item(incident: Incident, now: number): HTMLElement {
    const reason = this.options.attention.reason(incident.id);
    const silenced = this.options.bell.isSilenced(incident.id);
    const critical = incident.severity === 'critical';
    return el(
      'li',
      {
        className: `attention__item attention__item--${critical ? 'critical' : 'overdue'}`,
        dataset: {
          testid: 'attention-item',
          incidentId: incident.id,
          severity: incident.severity,
          reason: reason ?? '',
          silenced: String(silenced),
        },
      },
      [
        el('button', { className: 'attention__open', attrs: { type: 'button' } }, [
          el('span', {
            className: `badge badge--${incident.severity}`,
            text: severityLabel(incident.severity),
          }),
          el('span', { className: 'attention__main' }, [
            el('span', { className: 'attention__type', text: eventTypeLabel(incident.type) }),
            el('span', {
              className: 'attention__why',
              text: t(critical ? 'attention.critical' : 'attention.overdue'),
            }),
            el('span', {
              className: 'attention__where',
              text: `${zoneName(incident.zone)} · ${incidentTitle(incident)}`,
            }),
          ]),
          el('span', { className: 'attention__side' }, [
            el('time', {
              className: 'attention__time',
              text: formatRelative(Date.parse(incident.firstSeen), now),
              attrs: { datetime: incident.firstSeen },
            }),
            ...(silenced
              ? [
                  el('span', { className: 'attention__silenced', text: t('attention.silenced') }, [
                    icon('bellOff'),
                  ]),
                ]
              : []),
          ]),
        ]),
      ],
    );
  }

  private readonly onSilence = (): void => {
    this.options.bell.silence(this.alarms().map((incident) => incident.id));
  };

  private readonly onClick = (event: MouseEvent): void => {
    if (!(event.target instanceof Element)) return;
    const id = event.target.closest<HTMLElement>('[data-incident-id]')?.dataset.incidentId;
    if (id) this.options.onSelect(id);
  };
}
