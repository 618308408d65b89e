import {
  foldText,
  isActiveStatus,
  type Category,
  type Incident,
  type IncidentStatus,
  type Severity,
} from '@ioc/shared';
import { Listeners } from './listeners';
import { incidentTitle, zoneName } from '../i18n/display-names';

/** `active` is every status not yet resolved; `all` adds the recently resolved ones. */
export type StatusChoice = 'active' | 'all' | Exclude<IncidentStatus, 'closed'>;
export const STATUS_CHOICES: readonly StatusChoice[] = [
  'active',
  'unverified',
  'open',
  'acknowledged',
  'dispatched',
  'resolved',
  'all',
];

export interface IncidentFilterState {
  category: Category | null;
  /** Empty: every severity. */
  severities: ReadonlySet<Severity>;
  status: StatusChoice;
  zone: string | null;
  /** Province (docs/federation.md): null every center, '' this hub's own, else a district id. */
  district: string | null;
  search: string;
}

export const DEFAULT_FILTER: IncidentFilterState = {
  category: null,
  severities: new Set(),
  status: 'active',
  zone: null,
  district: null,
  search: '',
};

/** Folding is shared with the hub's history search, so both find the same words. */
export { foldText };

export function statusMatches(status: IncidentStatus, choice: StatusChoice): boolean {
  switch (choice) {
    case 'active':
      return isActiveStatus(status);
    case 'all':
      return status !== 'closed';
    case 'unverified':
    case 'open':
    case 'acknowledged':
    case 'dispatched':
    case 'resolved':
      return status === choice;
  }
}

/** Whether the filter lets resolved incidents through at all (the feed then lists them). */
export function includesResolved(choice: StatusChoice): boolean {
  return choice === 'resolved' || choice === 'all';
}

/**
 * The feed's and the map's filter. `labels` gives the words a person reads for an incident
 * (translated type and category), so a search in the console's language finds it.
 */
export function matchesFilter(
  incident: Incident,
  filter: IncidentFilterState,
  labels: (incident: Incident) => readonly string[] = () => [],
): boolean {
  if (filter.category && incident.category !== filter.category) return false;
  if (filter.severities.size > 0 && !filter.severities.has(incident.severity)) return false;
  if (!statusMatches(incident.status, filter.status)) return false;
  if (filter.zone !== null && (incident.zone ?? '') !== filter.zone) return false;
  if (filter.district !== null && (incident.districtId ?? '') !== filter.district) return false;
  const query = foldText(filter.search.trim());
  if (!query) return true;
  const haystack = foldText(
    [
      incident.id,
      incident.title,
      incident.zone ?? '',
      incidentTitle(incident),
      zoneName(incident.zone),
      incident.type,
      incident.assignedUnitId ?? '',
      incident.acknowledgedBy ?? '',
      ...incident.sources,
      ...labels(incident),
    ].join('\n'),
  );
  return query.split(/\s+/).every((word) => haystack.includes(word));
}

export function isDefaultFilter(filter: IncidentFilterState): boolean {
  return (
    filter.category === null &&
    filter.severities.size === 0 &&
    filter.status === 'active' &&
    filter.zone === null &&
    filter.district === null &&
    filter.search.trim() === ''
  );
}

/** The current filter, shared by the feed and the map. */
export class IncidentFilter {
  private state: IncidentFilterState = DEFAULT_FILTER;
  private readonly changed = new Listeners<IncidentFilterState>();

  get current(): IncidentFilterState {
    return this.state;
  }

  update(patch: Partial<IncidentFilterState>): void {
    this.state = { ...this.state, ...patch };
    this.changed.emit(this.state);
  }

  toggleSeverity(severity: Severity): void {
    const severities = new Set(this.state.severities);
    if (!severities.delete(severity)) severities.add(severity);
    this.update({ severities });
  }

  reset(): void {
    this.state = DEFAULT_FILTER;
    this.changed.emit(this.state);
  }

  onChange(listener: (state: IncidentFilterState) => void): () => void {
    return this.changed.add(listener);
  }
}
