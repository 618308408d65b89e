import type { AuditEntry, Device, Incident, IncidentEvent, Unit } from '@ioc/shared';
import { formatDateTime, formatNumber, formatPercent, formatTimeOfDay } from '../i18n/format';
import { eventTypeLabel, severityLabel, t } from '../i18n/i18n';
import type { MessageKey } from '../i18n/messages';
import { el, facts } from './dom';
import { attributeRows } from './attribute-text';
import { describeAudit } from './audit-text';
import { describeReason } from './reason-text';
import { deviceName, unitName, zoneName } from '../i18n/display-names';

/** The timeline shows at most this many events (the newest); the count says how many exist. */
export const TIMELINE_LIMIT = 100;

/** The sources the panel shows: the incident's first ones, or all once asked for. */
export interface SourceListing {
  /** Every source (GET …/sources), once fetched; null: the incident's own list. */
  all: readonly string[] | null;
  showAll(): void;
}

export function incidentFacts(
  incident: Incident,
  lookupDevice: (id: string) => Device | undefined,
  lookupUnit: (id: string) => Unit | undefined,
  listing: SourceListing | null = null,
): HTMLElement {
  const rows: [string, string][] = [
    [t('popup.type'), eventTypeLabel(incident.type)],
    [t('popup.zone'), zoneName(incident.zone)],
    [t('popup.firstSeen'), formatDateTime(incident.firstSeen)],
    [t('popup.lastSeen'), formatDateTime(incident.lastSeen)],
    [t('popup.events'), formatNumber(incident.eventCount, 0)],
  ];
  if (incident.types.length > 1)
    rows.push([t('panel.types'), incident.types.map((type) => eventTypeLabel(type)).join(', ')]);
  if (incident.acknowledgedBy)
    rows.push([
      t('panel.acknowledged'),
      t('panel.byAt', {
        actor: incident.acknowledgedBy,
        time: incident.acknowledgedAt ? formatDateTime(incident.acknowledgedAt) : '—',
      }),
    ]);
  if (incident.assignedUnitId) {
    const unit = lookupUnit(incident.assignedUnitId);
    rows.push([t('popup.unit'), unit ? `${unitName(unit)} (${unit.id})` : incident.assignedUnitId]);
  }
  if (incident.resolution)
    rows.push([
      t('panel.resolution'),
      `${t(`resolution.${incident.resolution}`)}${incident.resolvedAt ? ` · ${formatDateTime(incident.resolvedAt)}` : ''}`,
    ]);
  if (incident.relatedIncidentId) rows.push([t('panel.related'), incident.relatedIncidentId]);
  if (incident.conditionCleared) rows.push([t('popup.status'), t('feed.conditionCleared')]);
  rows.push([t('panel.id'), incident.id]);
  const list = facts(rows);
  const sources = el('ul', { className: 'panel__sources', dataset: { testid: 'panel-sources' } });
  const shown = listing?.all ?? incident.sources;
  for (const id of shown) {
    const device = lookupDevice(id);
    const name = device ? deviceName(device) : id;
    const label = name !== id ? `${id} — ${name}` : id;
    sources.append(
      el('li', { dataset: { status: device?.status ?? 'unknown' } }, [
        el('span', { className: 'panel__source-dot' }),
        el('span', { text: label }),
      ]),
    );
  }
  // The hub lists the first sources only (docs/contract.md §6); say how many it left out.
  const omitted = incident.sourceCount - shown.length;
  if (omitted > 0) {
    const more = el('li', { className: 'panel__sources-more' }, [
      el('span', { text: t('popup.moreSources', { count: formatNumber(omitted, 0) }) }),
    ]);
    if (listing) {
      const button = el('button', {
        className: 'button button--ghost panel__sources-all',
        text: t('panel.showAllSources'),
        attrs: { type: 'button' },
        dataset: { testid: 'panel-all-sources' },
      });
      button.addEventListener('click', () => listing.showAll(), { once: true });
      more.append(button);
    }
    sources.append(more);
  }
  return el('div', {}, [
    list,
    el('h4', {
      className: 'panel__subheading',
      text: `${t('popup.sources')} (${formatNumber(incident.sourceCount, 0)})`,
    }),
    sources,
  ]);
}

const SOURCE_KEYS: Record<IncidentEvent['source'], MessageKey> = {
  device: 'source.device',
  citizen: 'source.citizen',
  derived: 'source.derived',
};

export function timeline(
  events: readonly IncidentEvent[],
  relatedIncidentId: string | null,
  /** The event's image thumbnails (camera events with snapshots), if any. */
  thumbnails: (event: IncidentEvent) => readonly Node[] = () => [],
): HTMLElement {
  const shown = events.slice(-TIMELINE_LIMIT);
  const list = el('ol', { className: 'timeline', dataset: { testid: 'timeline' } });
  for (const event of shown) {
    const head = el('div', { className: 'timeline__head' }, [
      el('time', {
        className: 'timeline__time',
        text: formatTimeOfDay(event.ts),
        attrs: { datetime: event.ts, title: formatDateTime(event.ts) },
      }),
      el('strong', { className: 'timeline__type', text: eventTypeLabel(event.type) }),
    ]);
    const meta: string[] = [`${event.deviceId} · ${t(SOURCE_KEYS[event.source])}`];
    if (event.confidence !== null)
      meta.push(t('panel.confidence', { value: formatPercent(event.confidence) }));
    if (event.severity) meta.push(severityLabel(event.severity));
    const reason = el('div', {
      className: 'timeline__reason',
      text: describeReason(event.reason, relatedIncidentId),
      attrs: { title: event.reason.text },
      dataset: { rule: event.reason.rule, testid: 'timeline-reason' },
    });
    const children: Node[] = [
      head,
      el('div', { className: 'timeline__meta', text: meta.join(' · ') }),
      reason,
    ];
    const attributes = attributeRows(event.attributes ?? {});
    if (attributes.length > 0) children.push(facts(attributes));
    const images = thumbnails(event);
    if (images.length > 0)
      children.push(el('div', { className: 'timeline__snapshots' }, [...images]));
    list.append(
      el(
        'li',
        {
          className: `timeline__event timeline__event--${event.reason.rule}`,
          dataset: { testid: 'timeline-event', eventId: event.eventId },
        },
        children,
      ),
    );
  }
  const section = el('div', {}, [list]);
  if (events.length > shown.length)
    section.prepend(
      el('p', {
        className: 'panel__hint',
        text: t('panel.timelineTruncated', {
          shown: formatNumber(shown.length, 0),
          total: formatNumber(events.length, 0),
        }),
      }),
    );
  return section;
}

export function auditTrail(
  entries: readonly AuditEntry[],
  lookupUnit: (id: string) => Unit | undefined = () => undefined,
): HTMLElement {
  const list = el('ol', { className: 'audit', dataset: { testid: 'audit' } });
  for (const entry of [...entries].reverse()) {
    const action = auditActionLabel(entry.action);
    const change =
      entry.from && entry.to && entry.from !== entry.to
        ? `${t(`status.${entry.from}`)} → ${t(`status.${entry.to}`)}`
        : '';
    const children: Node[] = [
      el('div', { className: 'audit__head' }, [
        el('time', {
          className: 'audit__time',
          text: formatDateTime(entry.at),
          attrs: { datetime: entry.at },
        }),
        el('span', { className: 'audit__action', text: action }),
        el('strong', {
          className: 'audit__actor',
          // The hub's own entries, in the console's language; people by their username.
          text: entry.actor === 'hub' ? t('audit.actorHub') : entry.actor,
        }),
        el('span', { className: 'audit__change', text: change }),
      ]),
    ];
    const note = describeAudit(entry, lookupUnit);
    if (note)
      children.push(
        el('p', {
          className: 'audit__note',
          text: note,
          dataset: entry.code ? { code: entry.code } : {},
        }),
      );
    list.append(
      el(
        'li',
        {
          className: `audit__entry audit__entry--${entry.action === 'note' ? 'note' : 'change'}`,
          dataset: { testid: 'audit-entry', action: entry.action },
        },
        children,
      ),
    );
  }
  return list;
}

const AUDIT_ACTIONS: Record<string, MessageKey> = {
  opened: 'audit.opened',
  acknowledged: 'audit.acknowledged',
  dispatched: 'audit.dispatched',
  resolved: 'audit.resolved',
  closed: 'audit.closed',
  note: 'audit.note',
  escalated: 'audit.escalated',
  condition_cleared: 'audit.condition_cleared',
};

export function auditActionLabel(action: string): string {
  const key = AUDIT_ACTIONS[action];
  return key ? t(key) : action;
}
