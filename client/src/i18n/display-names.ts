import type { Device, Incident, LocalizedNames, Unit, Zone } from '@ioc/shared';
import { formatNumber } from './format';
import { eventTypeLabel, getLocale, refreshTexts, t } from './i18n';

/*
 * Names in the console's language: zones (GET /api/zones, the hub's ZONES_FILE; a zone the
 * file does not list is shown by its id), incident titles, and devices whose birth gave
 * `names` (else the name it gave, else its id), and units likewise.
 */
let names = new Map<string, Zone['name']>();

export function setZoneNames(zones: readonly Zone[]): void {
  names = new Map(zones.map((zone) => [zone.id, zone.name]));
  refreshTexts();
}

export function zoneName(id: string | null): string {
  if (id === null) return t('feed.noZone');
  return names.get(id)?.[getLocale()] ?? id;
}

/**
 * The title the console shows: the type's label and the zone's name in its language (the
 * hub's `title` is English, for API readers and CAP).
 */
export function incidentTitle(incident: Pick<Incident, 'type' | 'zone' | 'location'>): string {
  const where =
    incident.zone === null
      ? `${formatNumber(incident.location.lat, 4)}, ${formatNumber(incident.location.lon, 4)}`
      : zoneName(incident.zone);
  return `${eventTypeLabel(incident.type)} — ${where}`;
}

/** The name in the console's language when given, else `fallback`. */
export function localName(names: LocalizedNames | null | undefined, fallback: string): string {
  return names?.[getLocale()] ?? fallback;
}

/** A response unit's name in the console's language when its admin gave one. */
export function unitName(unit: Pick<Unit, 'name' | 'names'>): string {
  return localName(unit.names, unit.name);
}

export function deviceName(device: Pick<Device, 'id' | 'name' | 'names'>): string {
  return localName(device.names, device.name ?? device.id);
}

/** Every name a device or unit goes by, in both languages: the search finds it by any. */
export function searchNames(
  item: { name: string | null; names?: LocalizedNames | null } | undefined,
): string[] {
  return item ? [item.name ?? '', item.names?.vi ?? '', item.names?.en ?? ''] : [];
}
