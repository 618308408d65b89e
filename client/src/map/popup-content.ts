import type { Device, Incident } from '@ioc/shared';
import { formatDateTime } from '../i18n/format';
import { eventTypeLabel, severityLabel, t } from '../i18n/i18n';
import { el, facts } from '../ui/dom';

// Built with textContent only: titles, zones and names may come from citizens or devices.

export function incidentPopup(incident: Incident): HTMLElement {
  const rows: [string, string][] = [
    [t('popup.type'), eventTypeLabel(incident.type)],
    [t('popup.severity'), severityLabel(incident.severity)],
    [t('popup.status'), t(`status.${incident.status}`)],
    [t('popup.zone'), incident.zone ?? t('feed.noZone')],
    [t('popup.sources'), incident.sources.join(', ')],
    [t('popup.events'), String(incident.eventCount)],
    [t('popup.firstSeen'), formatDateTime(incident.firstSeen)],
    [t('popup.lastSeen'), formatDateTime(incident.lastSeen)],
  ];
  if (incident.assignedUnitId) rows.push([t('popup.unit'), incident.assignedUnitId]);
  return el('div', { className: 'popup popup--incident', dataset: { incidentId: incident.id } }, [
    el('div', { className: 'popup__heading' }, [
      el('span', {
        className: `badge badge--${incident.severity}`,
        text: severityLabel(incident.severity),
      }),
      el('strong', { className: 'popup__title', text: incident.title }),
    ]),
    facts(rows),
  ]);
}

export function incidentTooltip(incident: Incident): HTMLElement {
  return el('div', { className: 'tip' }, [
    el('strong', { text: eventTypeLabel(incident.type) }),
    el('span', { text: ` · ${severityLabel(incident.severity)}` }),
    el('div', { className: 'tip__sub', text: incident.title }),
  ]);
}

export function devicePopup(device: Device): HTMLElement {
  const rows: [string, string][] = [
    [t('device.kind'), device.kind ? t(`deviceKind.${device.kind}`) : t('device.unknownKind')],
    [t('device.status'), t(`deviceStatus.${device.status}`)],
    [t('device.zone'), device.zone ?? t('feed.noZone')],
    [t('device.lastSeen'), device.lastSeen ? formatDateTime(device.lastSeen) : t('device.never')],
  ];
  const children: Node[] = [
    el('div', { className: 'popup__heading' }, [
      el('strong', { className: 'popup__title', text: device.name ?? device.id }),
    ]),
    el('div', { className: 'popup__id', text: device.id }),
    facts(rows),
  ];
  if (!device.registered)
    children.push(el('p', { className: 'popup__note', text: t('device.unregistered') }));
  return el('div', { className: 'popup popup--device' }, children);
}

export function deviceTooltip(device: Device): HTMLElement {
  return el('div', { className: 'tip' }, [
    el('strong', { text: device.name ?? device.id }),
    el('span', { text: ` · ${t(`deviceStatus.${device.status}`)}` }),
  ]);
}
