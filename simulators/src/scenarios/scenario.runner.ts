import { offsetM, type EventPayload, type LatLon } from '@ioc/shared';
import type { Clock } from '../clock';
import { round6 } from '../fleet/fleet.generator';
import {
  birthMessage,
  eventId,
  eventMessage,
  statusMessage,
  telemetryMessage,
  type MessageSink,
  type OutboundMessage,
} from '../messages';
import { Random } from '../random';
import type { ExpectedIncident, Scenario, ScenarioStep } from './scenario.schema';

export interface ScenarioRunOptions {
  sink: MessageSink;
  clock: Clock;
  /** Scenario seconds per real second; 0 publishes every step as fast as possible. */
  speed: number;
  topicRoot: string;
  /** Tags this run's event ids (see `eventId`), so a rerun is not taken for duplicates. */
  runTag: string;
  /** Seeds the scenario's jitter. */
  seed: number;
  signal?: AbortSignal;
  onPublish?: (message: OutboundMessage, step: ScenarioStep) => void;
}

export interface ScenarioRunResult {
  messages: OutboundMessage[];
  /** False when the signal stopped the run before its last step. */
  completed: boolean;
}

/**
 * Plays a scenario's steps in time order (steps at the same time keep their listed
 * order), each published and acknowledged before the next, so that a birth always
 * precedes the events that rely on it.
 */
export async function runScenario(
  scenario: Scenario,
  options: ScenarioRunOptions,
): Promise<ScenarioRunResult> {
  const { clock, speed, signal } = options;
  const build = stepMessageBuilder(scenario, options);
  const messages: OutboundMessage[] = [];
  const start = clock.now();
  for (const step of orderedSteps(scenario)) {
    if (speed > 0) await clock.sleep(start + (step.at * 1000) / speed - clock.now(), signal);
    if (signal?.aborted) return { messages, completed: false };
    const message = build(step, clock.now());
    await options.sink.publish(message);
    messages.push(message);
    options.onPublish?.(message, step);
  }
  return { messages, completed: true };
}

export function orderedSteps(scenario: Scenario): ScenarioStep[] {
  // Array.prototype.sort is stable, which keeps same-time steps in their listed order.
  return [...scenario.steps].sort((a, b) => a.at - b.at);
}

/** Scenario length in scenario seconds. */
export function scenarioDurationS(scenario: Scenario): number {
  return Math.max(0, ...scenario.steps.map((s) => s.at));
}

/**
 * Turns steps into messages: numbers events per device, stamps them with `nowMs`, places
 * them, and applies the scenario's seeded jitter. Pure apart from its counters, so it can
 * be tested without a broker.
 */
export function stepMessageBuilder(
  scenario: Scenario,
  options: Pick<ScenarioRunOptions, 'topicRoot' | 'runTag' | 'seed'>,
): (step: ScenarioStep, nowMs: number) => OutboundMessage {
  const { topicRoot: root, runTag } = options;
  const rng = Random.derive(options.seed, `scenario:${scenario.name}`);
  const counters = new Map<string, number>();

  const place = (
    device: string,
    location?: LatLon,
    offset?: { northM: number; eastM: number },
  ): LatLon | undefined => {
    const home = scenario.devices[device]?.location;
    const base =
      location ?? (offset && home ? offsetM(home, offset.northM, offset.eastM) : undefined);
    if (!base) return undefined;
    const { locationM } = scenario.jitter;
    const r = locationM * Math.sqrt(rng.next());
    const theta = rng.range(0, 2 * Math.PI);
    const p = locationM > 0 ? offsetM(base, r * Math.cos(theta), r * Math.sin(theta)) : base;
    return { lat: round6(p.lat), lon: round6(p.lon) };
  };

  return (step, nowMs) => {
    switch (step.action) {
      case 'birth': {
        const birth = scenario.devices[step.device];
        if (!birth) throw new Error(`scenario ${scenario.name}: no device ${step.device}`);
        return birthMessage(step.device, birth, root);
      }
      case 'status':
        return statusMessage(step.device, step.status, root);
      case 'telemetry':
        return telemetryMessage(
          step.device,
          { ts: new Date(nowMs).toISOString(), readings: step.readings },
          root,
          step.qos,
        );
      case 'event': {
        const { id, offset, location, confidence, type, severity, attributes } = step.event;
        const n = (counters.get(step.device) ?? 0) + 1;
        counters.set(step.device, n);
        const event: EventPayload = {
          id: id ?? eventId(step.device, runTag, n),
          // Wall-clock now: the hub refuses times in the future and windows run on event time.
          ts: new Date(nowMs).toISOString(),
          type,
        };
        if (confidence !== undefined)
          event.confidence = jitterConfidence(confidence, scenario.jitter.confidence, rng);
        if (severity !== undefined) event.severity = severity;
        const where = place(step.device, location, offset);
        if (where) event.location = where;
        if (attributes !== undefined) event.attributes = attributes;
        return eventMessage(step.device, event, root);
      }
    }
  };
}

function jitterConfidence(value: number, spread: number, rng: Random): number {
  if (spread === 0) return value;
  return Math.round(Math.min(1, Math.max(0, value + rng.range(-spread, spread))) * 100) / 100;
}

/** Human-readable expected outcome, printed when a scenario ends. */
export function describeExpectation(incidents: readonly ExpectedIncident[]): string[] {
  if (incidents.length === 0) return ['no incident expected'];
  return incidents.map((e) => {
    const parts = [`${e.count} ${e.category} incident${e.count === 1 ? '' : 's'}`];
    if (e.zone) parts.push(`in zone ${e.zone}`);
    if (e.minSeverity) parts.push(`severity at least ${e.minSeverity}`);
    if (e.sourcesInclude.length > 0) parts.push(`sources include ${e.sourcesInclude.join(', ')}`);
    return parts.join(', ');
  });
}
