import type { Incident } from '@ioc/shared';

const texts = new WeakMap<Incident, string>();

/**
 * The JSON text of an incident snapshot, made once: a committed change is written to
 * incident_history, to the federation outbox and to `ioc/incidents/{id}` with the same
 * text (at saturation, three JSON.stringify of each snapshot were a tenth of the hub's busy
 * time, docs/benchmarks.md). Snapshots are never mutated once announced.
 */
export function incidentJson(incident: Incident): string {
  let text = texts.get(incident);
  if (text === undefined) {
    text = JSON.stringify(incident);
    texts.set(incident, text);
  }
  return text;
}
