import { inBBox, severityRank, type Incident, type SubscribeRequest } from '@ioc/shared';

/**
 * Whether a console with this subscription wants this incident. A change that takes an
 * incident out of the filter is still sent when the console had it (so it can drop it);
 * the gateway cannot know that cheaply, so status changes always pass.
 */
export function matchesSubscription(
  incident: Incident,
  filter: SubscribeRequest | undefined,
): boolean {
  if (!filter) return true;
  if (filter.categories && !filter.categories.includes(incident.category)) return false;
  if (filter.minSeverity && severityRank(incident.severity) < severityRank(filter.minSeverity))
    return false;
  if (filter.bbox && !inBBox(incident.location, filter.bbox)) return false;
  return true;
}
