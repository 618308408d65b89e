import { SEVERITIES, type Device, type Incident, type Severity, type Unit } from '@ioc/shared';
import { formatDateTime, formatNumber } from '../i18n/format';
import { eventTypeLabel, severityLabel, t } from '../i18n/i18n';
import { el, facts } from '../ui/dom';
import { deviceName, incidentTitle, unitName, zoneName } from '../i18n/display-names';

// Built with textContent only: titles, zones and names may come from citizens or devices.

/** The listed sources, and how many the hub left out of the list. */
function sourcesText(incident: Incident): string {
  const omitted = incident.sourceCount - incident.sources.length;
  const listed = incident.sources.join(', ');
  return omitted > 0
    ? `${listed} ${t('popup.moreSources', { count: formatNumber(omitted, 0) })}`
    : listed;
}

export function incidentPopup(incident: Incident): HTMLElement {
  const rows: [string, string][] = [
    [t('popup.type'), eventTypeLabel(incident.type)],
    [t('popup.severity'), severityLabel(incident.severity)],
    [t('popup.status'), t(`status.${incident.status}`)],
    [t('popup.zone'), zoneName(incident.zone)],
    [t('popup.sources'), sourcesText(incident)],
    [t('popup.events'), formatNumber(incident.eventCount, 0)],
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
      el('strong', { className: 'popup__title', text: incidentTitle(incident) }),
    ]),
    facts(rows),
  ]);
}

export function incidentTooltip(incident: Incident): HTMLElement {
  const flags: string[] = [t(`status.${incident.status}`)];
  if (incident.escalated) flags.push(t('feed.escalated'));
  return el('div', { className: 'tip' }, [
    el('strong', { text: eventTypeLabel(incident.type) }),
    el('span', { text: ` · ${severityLabel(incident.severity)}` }),
    el('div', { className: 'tip__sub', text: incidentTitle(incident) }),
    el('div', { className: 'tip__meta', text: flags.join(' · ') }),
  ]);
}

/** "14 incidents" and one line per severity present, worst first. */
export function incidentClusterTooltip(incidents: readonly Incident[]): HTMLElement {
  const counts = new Map<Severity, number>();
  for (const incident of incidents)
    counts.set(incident.severity, (counts.get(incident.severity) ?? 0) + 1);
  const lines = [...SEVERITIES]
    .reverse()
    .filter((severity) => counts.has(severity))
    .map((severity) =>
      el('div', { className: 'tip__row' }, [
        el('span', { className: `dot dot--${severity}` }),
        el('span', {
          text: `${severityLabel(severity)}: ${formatNumber(counts.get(severity) ?? 0, 0)}`,
        }),
      ]),
    );
  return el('div', { className: 'tip' }, [
    el('strong', { text: t('map.incidentCluster', { count: formatNumber(incidents.length, 0) }) }),
    ...lines,
    el('div', { className: 'tip__meta', text: t('map.clusterHint') }),
  ]);
}

export function deviceClusterTooltip(devices: readonly Device[]): HTMLElement {
  const offline = devices.filter((d) => d.status !== 'online').length;
  return el('div', { className: 'tip' }, [
    el('strong', { text: t('map.deviceCluster', { count: formatNumber(devices.length, 0) }) }),
    el('div', {
      text: `${t('deviceStatus.online')}: ${formatNumber(devices.length - offline, 0)} · ${t('deviceStatus.offline')}: ${formatNumber(offline, 0)}`,
    }),
    el('div', { className: 'tip__meta', text: t('map.clusterHint') }),
  ]);
}

export function devicePopup(device: Device): HTMLElement {
  const rows: [string, string][] = [
    [t('device.kind'), device.kind ? t(`deviceKind.${device.kind}`) : t('device.unknownKind')],
    [t('device.status'), t(`deviceStatus.${device.status}`)],
    [t('device.zone'), zoneName(device.zone)],
    [t('device.lastSeen'), device.lastSeen ? formatDateTime(device.lastSeen) : t('device.never')],
  ];
  if (device.capabilities.length > 0)
    rows.push([t('device.capabilities'), device.capabilities.join(', ')]);
  const children: Node[] = [
    el('div', { className: 'popup__heading' }, [
      el('strong', { className: 'popup__title', text: deviceName(device) }),
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
    el('strong', { text: deviceName(device) }),
    el('span', { text: ` · ${t(`deviceStatus.${device.status}`)}` }),
    el('div', {
      className: 'tip__meta',
      text: device.kind ? t(`deviceKind.${device.kind}`) : t('device.unknownKind'),
    }),
  ]);
}

export function unitTooltip(unit: Unit): HTMLElement {
  const children: Node[] = [
    el('strong', { text: unitName(unit) }),
    el('div', { text: `${t(`unitKind.${unit.kind}`)} · ${t(`unitStatus.${unit.status}`)}` }),
  ];
  if (unit.incidentId)
    children.push(
      el('div', { className: 'tip__meta', text: t('unit.assignedTo', { id: unit.incidentId }) }),
    );
  return el('div', { className: 'tip', dataset: { unitId: unit.id } }, children);
}
