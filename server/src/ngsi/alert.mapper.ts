import type { EventType, Incident, Severity } from '@ioc/shared';

/**
 * Incidents as the FIWARE Smart Data Models `Alert` (dataModel.Alert; its schema is
 * test/fixtures/standards/alert.schema.json). Pure; docs/integration.md explains the mapping.
 */
export const ALERT_CONTEXT = [
  'https://raw.githubusercontent.com/smart-data-models/dataModel.Alert/master/context.jsonld',
  'https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context-v1.8.jsonld',
];

export const ALERT_TYPE = 'Alert';
const ID_PREFIX = `urn:ngsi-ld:${ALERT_TYPE}:`;

export type AlertCategory =
  'traffic' | 'naturalDisaster' | 'weather' | 'environment' | 'health' | 'security' | 'agriculture';

/**
 * The model's closest category per hub event type. Its sub-categories have nothing for
 * unpermitted building or encroachment, so those carry no subCategory rather than a wrong one.
 */
const ALERT_KIND: Record<EventType, { category: AlertCategory; subCategory?: string }> = {
  'fire.smoke': { category: 'environment', subCategory: 'forestFire' },
  'fire.flame': { category: 'environment', subCategory: 'forestFire' },
  'fire.heat': { category: 'environment', subCategory: 'fireRisk' },
  'forest.logging': { category: 'security', subCategory: 'suspiciousAction' },
  'forest.intrusion': { category: 'security', subCategory: 'suspiciousAction' },
  'construction.unpermitted': { category: 'security' },
  'urban.encroachment': { category: 'security' },
  'urban.illegal_parking': { category: 'traffic', subCategory: 'carStopped' },
  'urban.littering': { category: 'environment' },
  'urban.crowd': { category: 'security', subCategory: 'civilDisorder' },
  'traffic.accident': { category: 'traffic', subCategory: 'carAccident' },
  'traffic.congestion': { category: 'traffic', subCategory: 'trafficJam' },
  'traffic.wrong_way': { category: 'traffic', subCategory: 'carWrongDirection' },
  'flood.water_level': { category: 'weather', subCategory: 'flood' },
  'flood.rainfall': { category: 'weather', subCategory: 'rainfall' },
  'landslide.tilt': { category: 'naturalDisaster', subCategory: 'landslide' },
  'landslide.report': { category: 'naturalDisaster', subCategory: 'landslide' },
  'air.pollution': { category: 'environment', subCategory: 'airPollution' },
  // Never published (cap/open-data-incidents.ts); here only so the table stays exhaustive.
  'device.offline': { category: 'security' },
};

const ALERT_SEVERITY: Record<Severity, 'informational' | 'low' | 'medium' | 'high' | 'critical'> = {
  critical: 'critical',
  high: 'high',
  medium: 'medium',
  low: 'low',
  info: 'informational',
};

export const alertId = (incidentId: string): string => `${ID_PREFIX}${incidentId}`;

/** The incident id inside an Alert's URN; null for any other URN. */
export function incidentIdOf(entityId: string): string | null {
  return entityId.startsWith(ID_PREFIX) && entityId.length > ID_PREFIX.length
    ? entityId.slice(ID_PREFIX.length)
    : null;
}

export type AlertKeyValues = Record<string, unknown> & { id: string; type: typeof ALERT_TYPE };

/** The simplified (key-values) form: what the model's JSON schema describes. */
export function toAlert(incident: Incident, alertSource: string): AlertKeyValues {
  const kind = ALERT_KIND[incident.type];
  const alert: AlertKeyValues = {
    id: alertId(incident.id),
    type: ALERT_TYPE,
    name: incident.title,
    description: `${incident.title} (${incident.status}${incident.resolution ? `, ${incident.resolution.replace('_', ' ')}` : ''})`,
    category: kind.category,
    severity: ALERT_SEVERITY[incident.severity],
    location: { type: 'Point', coordinates: [incident.location.lon, incident.location.lat] },
    dateIssued: incident.firstSeen,
    validFrom: incident.firstSeen,
    dateModified: incident.updatedAt,
    alertSource,
  };
  if (kind.subCategory) alert.subCategory = kind.subCategory;
  if (incident.zone) alert.address = { addressLocality: incident.zone };
  // The alert stops being valid when the incident is resolved; until then it has no end.
  if (incident.resolvedAt) alert.validTo = incident.resolvedAt;
  return alert;
}

const GEO_PROPERTIES = new Set(['location']);
const DATE_PROPERTIES = new Set(['dateIssued', 'validFrom', 'validTo', 'dateModified']);

/** NGSI-LD's normalized form: each attribute a Property (or GeoProperty) with its value. */
export function normalize(alert: AlertKeyValues): Record<string, unknown> {
  const entity: Record<string, unknown> = { id: alert.id, type: alert.type };
  for (const [name, value] of Object.entries(alert)) {
    if (name === 'id' || name === 'type') continue;
    if (GEO_PROPERTIES.has(name)) entity[name] = { type: 'GeoProperty', value };
    else if (DATE_PROPERTIES.has(name))
      entity[name] = { type: 'Property', value: { '@type': 'DateTime', '@value': value } };
    else entity[name] = { type: 'Property', value };
  }
  return entity;
}
