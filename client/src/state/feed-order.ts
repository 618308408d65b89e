import { severityRank, type Incident } from '@ioc/shared';

function timeOf(iso: string): number {
  const ms = Date.parse(iso);
  return Number.isFinite(ms) ? ms : 0;
}

const byId = (a: Incident, b: Incident): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * Feed order: most severe first, then the most recently opened, then id for stability.
 * Opened, not last active: under a hundred updates a second a list ordered by activity
 * reshuffles constantly, and a row that jumps away under the pointer is a misclick. New
 * incidents still arrive on top of their severity, and a severity change moves a row.
 */
export function compareForFeed(a: Incident, b: Incident): number {
  return (
    severityRank(b.severity) - severityRank(a.severity) ||
    timeOf(b.firstSeen) - timeOf(a.firstSeen) ||
    byId(a, b)
  );
}

/** Same order as compareForFeed, with the keys computed once per incident, not per comparison. */
export function sortForFeed(incidents: Iterable<Incident>): Incident[] {
  return [...incidents]
    .map((incident) => ({
      incident,
      rank: severityRank(incident.severity),
      time: timeOf(incident.firstSeen),
    }))
    .sort((a, b) => b.rank - a.rank || b.time - a.time || byId(a.incident, b.incident))
    .map(({ incident }) => incident);
}
