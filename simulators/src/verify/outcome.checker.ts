import { haversineM, severityRank, type Incident } from '@ioc/shared';
import { describeExpected } from '../scenarios/scenario.runner';
import type { ExpectedIncident, ScenarioExpectation } from '../scenarios/scenario.schema';

/**
 * The pure half of `verify`: given the hub's incidents, which belong to this run, and does
 * the expected outcome hold? No I/O here, so every rule is unit-tested.
 */

export interface RunIdentity {
  /** Sources of this run: the scenario's devices and the `citizen:<who>` of its reports. */
  sources: ReadonlySet<string>;
  /** When the run started (ms): its events are all stamped at or after this. */
  startMs: number;
}

export interface RunIncidents {
  /** First seen after the run started: the incidents this run opened. */
  fresh: Incident[];
  /** Touched by this run but opened before it: an earlier run's incident it joined. */
  stale: Incident[];
}

/**
 * The incidents of a run: a source among the run's, and a change after the run started
 * (`lastSeen` is event time; every event of the run is stamped after its start).
 */
export function incidentsOfRun(all: readonly Incident[], run: RunIdentity): RunIncidents {
  const own = all.filter(
    (i) => Date.parse(i.lastSeen) >= run.startMs && i.sources.some((s) => run.sources.has(s)),
  );
  const fresh = own.filter((i) => Date.parse(i.firstSeen) >= run.startMs);
  return { fresh, stale: own.filter((i) => !fresh.includes(i)) };
}

export interface Check {
  ok: boolean;
  /** One line: what was checked. */
  title: string;
  /** What was found, and on failure why. */
  details: string[];
}

/** `citizen` stands for any reporter (`citizen:operator`, `citizen:dalat-app`…). */
export function sourceMatches(expected: string, actual: string): boolean {
  return expected === 'citizen' ? actual.startsWith('citizen:') : expected === actual;
}

export function selects(e: ExpectedIncident, incident: Incident): boolean {
  return (
    incident.category === e.category &&
    (e.type === undefined || incident.type === e.type) &&
    (e.zone === undefined || incident.zone === e.zone) &&
    (e.status === undefined || incident.status === e.status)
  );
}

export function describeIncident(i: Incident): string {
  return (
    `${i.id.slice(0, 8)} ${i.category}/${i.type} ${i.severity} ${i.status}` +
    ` zone ${i.zone ?? '-'}, ${i.eventCount} event${i.eventCount === 1 ? '' : 's'},` +
    ` sources ${i.sources.join(', ')}; types ${i.types.join(', ')}`
  );
}

function checkOne(e: ExpectedIncident, selected: Incident[]): Check {
  const problems: string[] = [];
  if (selected.length !== e.count)
    problems.push(
      `expected ${e.count} incident${e.count === 1 ? '' : 's'}, found ${selected.length}`,
    );
  for (const i of selected) {
    const id = i.id.slice(0, 8);
    if (e.minSeverity && severityRank(i.severity) < severityRank(e.minSeverity))
      problems.push(`${id}: severity ${i.severity}, expected at least ${e.minSeverity}`);
    if (e.maxSeverity && severityRank(i.severity) > severityRank(e.maxSeverity))
      problems.push(`${id}: severity ${i.severity}, expected at most ${e.maxSeverity}`);
    if (e.minSources && i.sourceCount < e.minSources)
      problems.push(`${id}: ${i.sourceCount} source(s), expected at least ${e.minSources}`);
    const missingTypes = e.types.filter((t) => !i.types.includes(t));
    if (missingTypes.length > 0)
      problems.push(`${id}: no ${missingTypes.join(', ')} among its types`);
    if (e.minEvents && i.eventCount < e.minEvents)
      problems.push(`${id}: ${i.eventCount} event(s), expected at least ${e.minEvents}`);
    if (e.near) {
      const offM = Math.round(haversineM(i.location, e.near));
      if (offM > e.near.withinM)
        problems.push(
          `${id}: placed ${offM} m from ${e.near.lat}, ${e.near.lon} (${i.locationMethod ?? 'reported'}), expected within ${e.near.withinM} m`,
        );
    }
  }
  if (selected.length > 0) {
    const all = selected.flatMap((i) => i.sources);
    const missing = e.sources.filter((s) => !all.some((a) => sourceMatches(s, a)));
    if (missing.length > 0) problems.push(`sources lack ${missing.join(', ')}`);
  }
  return {
    ok: problems.length === 0,
    title: describeExpected(e),
    details: [...problems, ...selected.map((i) => `found ${describeIncident(i)}`)],
  };
}

/**
 * Checks a run's incidents against the expectation: one check per expected incident, then
 * that no incident joined one opened before the run (results would mix runs), and that no
 * incident is left unexplained (unless `allowOtherIncidents`).
 */
export function checkOutcome(expect: ScenarioExpectation, run: RunIncidents): Check[] {
  const checks = expect.incidents.map((e) =>
    checkOne(
      e,
      run.fresh.filter((i) => selects(e, i)),
    ),
  );
  checks.push({
    ok: run.stale.length === 0,
    title: 'no incident of this run joined one opened before it started',
    details: run.stale.map(
      (i) =>
        `${describeIncident(i)} — first seen ${i.firstSeen}: an earlier run's incident still open ` +
        'within its window; resolve it (verify --cleanup does) or wait for the window to pass',
    ),
  });
  if (!expect.allowOtherIncidents) {
    const other = run.fresh.filter((i) => !expect.incidents.some((e) => selects(e, i)));
    checks.push({
      ok: other.length === 0,
      title: 'no unexpected incident',
      details: other.map((i) => `unexpected ${describeIncident(i)}`),
    });
  }
  return checks;
}

/** A stable fingerprint of a run's incidents: it changes whenever any of them changes. */
export function fingerprint(run: RunIncidents): string {
  return [...run.fresh, ...run.stale]
    .map((i) => `${i.id}@${i.seq}`)
    .sort()
    .join(',');
}
