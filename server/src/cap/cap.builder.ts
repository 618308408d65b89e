import {
  DEFAULT_CATEGORY_PARAMETERS,
  EVENT_TYPE_LABELS,
  haversineM,
  type Category,
  type IncidentDetail,
  type Severity,
  type Zone,
} from '@ioc/shared';
import { formatCapTime } from './cap-time';
import { XmlWriter } from './xml-writer';

/** OASIS CAP 1.2 from an incident (pure). Validates against shared/standards/cap12.xsd. */
const CAP_NAMESPACE = 'urn:oasis:names:tc:emergency:cap:1.2';

type CapCategory =
  | 'Geo'
  | 'Met'
  | 'Safety'
  | 'Security'
  | 'Rescue'
  | 'Fire'
  | 'Health'
  | 'Env'
  | 'Transport'
  | 'Infra'
  | 'CBRNE'
  | 'Other';
type CapMsgType = 'Alert' | 'Update' | 'Cancel';

export const CAP_CATEGORY: Record<Category, CapCategory> = {
  fire: 'Fire',
  // Illegal logging and intrusion threaten the forest itself.
  forest: 'Env',
  construction: 'Infra',
  urban: 'Safety',
  traffic: 'Transport',
  flood: 'Met',
  landslide: 'Geo',
  air: 'Env',
  device: 'Infra',
};

const CAP_SEVERITY: Record<Severity, 'Extreme' | 'Severe' | 'Moderate' | 'Minor'> = {
  critical: 'Extreme',
  high: 'Severe',
  medium: 'Moderate',
  low: 'Minor',
  info: 'Minor',
};

interface CapOptions {
  sender: string;
  timeZone: string;
  senderName?: string;
}

/**
 * The zone as CAP names it: the info block is `en-US`, so the English name, with the
 * Vietnamese one beside it when it differs (the name people on the ground use); the id
 * when the zones file does not list it.
 */
export function capZoneName(id: string, zone: Zone | undefined): string {
  if (!zone) return id;
  return zone.name.vi === zone.name.en ? zone.name.en : `${zone.name.en} (${zone.name.vi})`;
}

/** `Cancel` for a false alarm; `Alert` for the first publication; `Update` once anything changed. */
export function capMessageType(
  incident: Pick<IncidentDetail, 'resolution' | 'version' | 'eventCount'>,
): CapMsgType {
  if (incident.resolution === 'false_alarm') return 'Cancel';
  return incident.version > 1 || incident.eventCount > 1 ? 'Update' : 'Alert';
}

function urgency(incident: IncidentDetail): 'Immediate' | 'Expected' | 'Future' | 'Past' {
  if (incident.status === 'resolved' || incident.status === 'closed') return 'Past';
  if (incident.severity === 'critical' || incident.severity === 'high') return 'Immediate';
  return incident.severity === 'medium' ? 'Expected' : 'Future';
}

/** The circle around the centroid: the category's radius, or wider to hold every event. */
function radiusKm(incident: IncidentDetail): number {
  const base = DEFAULT_CATEGORY_PARAMETERS[incident.category].radiusM ?? 1000;
  const farthest = Math.max(
    0,
    ...incident.events.map((e) => haversineM(incident.location, e.location)),
  );
  return Math.max(base, farthest) / 1000;
}

const coord = (v: number): string => v.toFixed(6).replace(/\.?0+$/, '');

export function buildCap(incident: IncidentDetail, options: CapOptions, zone?: Zone): string {
  const msgType = capMessageType(incident);
  const openedAt = Date.parse(
    incident.audit.find((a) => a.action === 'opened')?.at ?? incident.firstSeen,
  );
  const firstIdentifier = `ioc-${incident.id}`;
  // Each published state gets its own identifier; seq is unique hub-wide.
  const identifier = msgType === 'Alert' ? firstIdentifier : `ioc-${incident.id}-${incident.seq}`;
  const sent = msgType === 'Alert' ? openedAt : Date.parse(incident.updatedAt);
  const time = (ms: number): string => formatCapTime(ms, options.timeZone);
  const label = EVENT_TYPE_LABELS[incident.type];
  const where = incident.zone
    ? capZoneName(incident.zone, zone)
    : `${coord(incident.location.lat)}, ${coord(incident.location.lon)}`;

  const description = [
    `${label} in ${where}: ${incident.eventCount} event${incident.eventCount === 1 ? '' : 's'} from ${incident.sourceCount} source${incident.sourceCount === 1 ? '' : 's'}, ` +
      `first seen ${time(Date.parse(incident.firstSeen))}, last seen ${time(Date.parse(incident.lastSeen))}.`,
    `Status: ${incident.status}${incident.resolution ? ` (${incident.resolution.replace('_', ' ')})` : ''}.` +
      `${incident.escalated ? ' Escalated: open past its response time.' : ''}${incident.conditionCleared ? ' The measured condition has cleared.' : ''}`,
    ...incident.events
      .filter((e) => e.source === 'citizen' && typeof e.attributes?.description === 'string')
      .slice(-3)
      .map((e) => `Citizen report: ${String(e.attributes?.description)}`),
  ].join('\n');

  const xml = new XmlWriter().open('alert', { xmlns: CAP_NAMESPACE });
  xml
    .leaf('identifier', identifier)
    .leaf('sender', options.sender)
    .leaf('sent', time(sent))
    // Triage: an unverified detection is a draft, not an actionable alert, until confirmed.
    .leaf('status', incident.status === 'unverified' ? 'Draft' : 'Actual')
    .leaf('msgType', msgType)
    .leaf('source', 'IOC event hub')
    .leaf('scope', 'Public');
  if (msgType === 'Cancel')
    xml.leaf('note', 'Resolved as a false alarm: the earlier alert is withdrawn.');
  if (msgType !== 'Alert')
    xml.leaf('references', `${options.sender},${firstIdentifier},${time(openedAt)}`);
  xml.leaf('incidents', incident.id);

  xml
    .open('info')
    .leaf('language', 'en-US')
    .leaf('category', CAP_CATEGORY[incident.category])
    .leaf('event', label)
    .leaf('responseType', urgency(incident) === 'Past' ? 'AllClear' : 'Monitor')
    .leaf('urgency', urgency(incident))
    .leaf('severity', CAP_SEVERITY[incident.severity])
    .leaf('certainty', incident.sourceCount >= 2 ? 'Likely' : 'Possible')
    .leaf('onset', time(Date.parse(incident.firstSeen)))
    .leaf('senderName', options.senderName ?? 'IOC event hub')
    .leaf('headline', incident.title.slice(0, 160))
    .leaf('description', description);
  for (const [name, value] of [
    ['incidentStatus', incident.status],
    ['hubSeverity', incident.severity],
    ['eventCount', String(incident.eventCount)],
    ['escalated', String(incident.escalated)],
  ] as const) {
    xml.open('parameter').leaf('valueName', name).leaf('value', value).close('parameter');
  }
  xml
    .open('area')
    .leaf('areaDesc', where)
    .leaf(
      'circle',
      `${coord(incident.location.lat)},${coord(incident.location.lon)} ${radiusKm(incident).toFixed(3)}`,
    )
    .close('area');
  xml.close('info').close('alert');
  return xml.toString();
}
