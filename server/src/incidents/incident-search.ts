import {
  EVENT_TYPE_LABELS,
  EVENT_TYPES,
  matchesWords,
  searchWords,
  type EventType,
  type LocalizedNames,
  type Zone,
} from '@ioc/shared';

export interface SearchableDevice {
  id: string;
  name: string | null;
  names: LocalizedNames | null;
}

/** What one word of a search finds: an incident matches it through any of these. */
export interface WordTargets {
  /** The word itself, found at the start of the incident's id. */
  idPrefix: string;
  zoneIds: string[];
  deviceIds: string[];
  types: EventType[];
}

/** Past this many words a search is not a search: the rest are ignored. */
const MAX_WORDS = 8;

/**
 * A history search resolved before the query: every word must be found in the incident's
 * id, type, zone names or a source device's names (so "Smoke Prenn" finds "Smoke — Prenn
 * Pass"). The database sees only ids, so SQLite and PostgreSQL agree, and diacritics fold
 * as in the console ("deo prenn" finds "Đèo Prenn").
 */
export function searchTargets(
  query: string,
  zones: readonly Zone[],
  devices: readonly SearchableDevice[],
): WordTargets[] {
  return searchWords(query)
    .slice(0, MAX_WORDS)
    .map((word) => ({
      idPrefix: word,
      zoneIds: zones
        .filter((z) => matchesWords([word], [z.id, z.name.vi, z.name.en]))
        .map((z) => z.id),
      deviceIds: devices
        .filter((d) =>
          matchesWords([word], [d.id, d.name ?? '', d.names?.vi ?? '', d.names?.en ?? '']),
        )
        .map((d) => d.id),
      types: EVENT_TYPES.filter((type) => matchesWords([word], [type, EVENT_TYPE_LABELS[type]])),
    }));
}
