import { severityRank, type Incident } from '@ioc/shared';

function timeOf(iso: string): number {
  const ms = Date.parse(iso);
  return Number.isFinite(ms) ? ms : 0;
}

const byId = (a: Incident, b: Incident): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Feed order: most severe first, then the most recently active, then id for stability. */
export function compareForFeed(a: Incident, b: Incident): number {
  return (
    severityRank(b.severity) - severityRank(a.severity) ||
    timeOf(b.lastSeen) - timeOf(a.lastSeen) ||
    byId(a, b)
  );
}

/** Same order as compareForFeed, with the keys computed once per incident, not per comparison. */
export function sortForFeed(incidents: Iterable<Incident>): Incident[] {
  return [...incidents]
    .map((incident) => ({
      incident,
      rank: severityRank(incident.severity),
      time: timeOf(incident.lastSeen),
    }))
    .sort((a, b) => b.rank - a.rank || b.time - a.time || byId(a.incident, b.incident))
    .map(({ incident }) => incident);
}
