import type { Incident } from '@ioc/shared';

/**
 * A province's console holds its districts' incidents beside its own (docs/federation.md).
 * Their ids may repeat another hub's, so the console keys them `{districtId}/{id}`; their
 * `seq` is the district's, never the hub's resync point.
 */
export function toConsoleIncident(incident: Incident): Incident {
  return incident.districtId
    ? { ...incident, id: `${incident.districtId}/${incident.id}` }
    : incident;
}

/** Whether an incident came from a district (read-only here). */
export function isDistrictIncident(incident: Incident | null | undefined): boolean {
  return Boolean(incident?.districtId);
}

/** The districts seen, by name, for the feed's filter. */
export function knownDistricts(incidents: Iterable<Incident>): { id: string; name: string }[] {
  const byId = new Map<string, string>();
  for (const incident of incidents)
    if (incident.districtId)
      byId.set(incident.districtId, incident.districtName ?? incident.districtId);
  return [...byId].map(([id, name]) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name));
}
