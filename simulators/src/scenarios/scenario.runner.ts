import {
  bearingDeg,
  offsetM,
  type EventPayload,
  type LatLon,
  type ReportRequest,
} from '@ioc/shared';
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
  snapshotMessage,
} from '../messages';
import { paintFrame, type FrameKind } from '../images/frame.painter';
import { hashString, Random } from '../random';
import type { ExpectedIncident, Scenario, ScenarioStep } from './scenario.schema';

/**
 * Devices with a connection of their own (`connect`/`disconnect` steps): each has a Last
 * Will, so that dropping it makes the broker say `offline` for it, as a power cut would.
 */
export interface DeviceLinks {
  /** Opens the device's connection with `will` as its Last Will. */
  connect(deviceId: string, will: OutboundMessage): Promise<void>;
  /** Drops it without a DISCONNECT; resolves once the broker has published the will. */
  drop(deviceId: string): Promise<void>;
  /** Publishes on the device's own connection (it must be connected). */
  publish(message: OutboundMessage): Promise<void>;
  isConnected(deviceId: string): boolean;
}

/** What a citizen report became on the hub (`POST /api/reports`). */
export interface ReportReceipt {
  source: string;
  eventId: string;
  incidentId: string;
}

export interface CitizenReporter {
  report(request: ReportRequest): Promise<ReportReceipt>;
}

/** What a scenario needs beyond a broker connection; checked before the first step. */
export function scenarioNeeds(scenario: Scenario): { links: boolean; reports: boolean } {
  return {
    links: scenario.steps.some((s) => s.action === 'connect' || s.action === 'disconnect'),
    reports: scenario.steps.some((s) => s.action === 'report'),
  };
}

/** One played step, for printing and for the verify report. */
export type PlayedStep =
  | { step: ScenarioStep; kind: 'message'; message: OutboundMessage }
  | { step: ScenarioStep; kind: 'connect'; deviceId: string; messages: OutboundMessage[] }
  | { step: ScenarioStep; kind: 'disconnect'; deviceId: string }
  | { step: ScenarioStep; kind: 'report'; request: ReportRequest; receipt: ReportReceipt };

/** A step that failed: the run stops there, and the error says which step and why. */
export class ScenarioStepError extends Error {
  override name = 'ScenarioStepError';
  constructor(
    readonly step: ScenarioStep,
    readonly index: number,
    cause: Error,
  ) {
    super(`step ${index + 1} (t=${step.at} s, ${step.action}): ${cause.message}`);
  }
}

export interface ScenarioRunOptions {
  /** The shared connection: every message of a device without a link of its own. */
  sink: MessageSink;
  /** Needed when the scenario has `connect`/`disconnect` steps. */
  links?: DeviceLinks;
  /** Needed when the scenario has `report` steps. */
  reporter?: CitizenReporter;
  clock: Clock;
  /** Scenario seconds per real second; 0 publishes every step as fast as possible. */
  speed: number;
  topicRoot: string;
  /** Tags this run's event ids (see `eventId`), so a rerun is not taken for duplicates. */
  runTag: string;
  /** Seeds the scenario's jitter. */
  seed: number;
  signal?: AbortSignal;
  onStep?: (played: PlayedStep) => void;
}

export interface ScenarioRunResult {
  played: PlayedStep[];
  /** Every MQTT message published, in order (the `connect` announcements included). */
  messages: OutboundMessage[];
  reports: ReportReceipt[];
  /** False when the signal stopped the run before its last step. */
  completed: boolean;
}

/**
 * Plays a scenario's steps in time order (steps at the same time keep their listed
 * order), each published and acknowledged before the next, so that a birth always
 * precedes the events that rely on it. A failing step throws ScenarioStepError.
 */
export async function runScenario(
  scenario: Scenario,
  options: ScenarioRunOptions,
): Promise<ScenarioRunResult> {
  const { clock, speed, signal } = options;
  const needs = scenarioNeeds(scenario);
  if (needs.links && !options.links)
    throw new Error(`scenario ${scenario.name} has connect/disconnect steps but no device links`);
  if (needs.reports && !options.reporter)
    throw new Error(
      `scenario ${scenario.name} has citizen-report steps: give the hub (--hub) and a user to report as`,
    );
  const build = stepMessageBuilder(scenario, options);
  const result: ScenarioRunResult = { played: [], messages: [], reports: [], completed: false };
  const start = clock.now();
  const send = async (message: OutboundMessage): Promise<void> => {
    if (options.links?.isConnected(message.deviceId)) await options.links.publish(message);
    else await options.sink.publish(message);
    result.messages.push(message);
  };

  for (const [index, step] of orderedSteps(scenario).entries()) {
    if (speed > 0) await clock.sleep(start + (step.at * 1000) / speed - clock.now(), signal);
    if (signal?.aborted) return result;
    let played: PlayedStep;
    try {
      played = await playStep(step, clock.now());
    } catch (error) {
      throw new ScenarioStepError(step, index, error as Error);
    }
    result.played.push(played);
    options.onStep?.(played);
  }
  result.completed = true;
  return result;

  async function playStep(step: ScenarioStep, nowMs: number): Promise<PlayedStep> {
    switch (step.action) {
      case 'connect': {
        const links = options.links as DeviceLinks;
        const root = options.topicRoot;
        await links.connect(step.device, statusMessage(step.device, 'offline', root));
        const birth = scenario.devices[step.device];
        // A device announces itself on its new connection: birth, then online.
        const messages = [
          ...(birth ? [birthMessage(step.device, birth, root)] : []),
          statusMessage(step.device, 'online', root),
        ];
        for (const m of messages) await send(m);
        return { step, kind: 'connect', deviceId: step.device, messages };
      }
      case 'disconnect':
        await (options.links as DeviceLinks).drop(step.device);
        return { step, kind: 'disconnect', deviceId: step.device };
      case 'report': {
        const request = build.report(step);
        const receipt = await (options.reporter as CitizenReporter).report(request);
        result.reports.push(receipt);
        return { step, kind: 'report', request, receipt };
      }
      case 'event': {
        const message = build.message(step, nowMs);
        await send(message);
        // The frame after the event's PUBACK: the hub refuses a frame of an unknown event.
        if (step.snapshot) await send(frameOf(step.device, message, step.snapshot));
        return { step, kind: 'message', message };
      }
      case 'birth':
      case 'status':
      case 'telemetry': {
        const message = build.message(step, nowMs);
        await send(message);
        return { step, kind: 'message', message };
      }
    }
  }
}

/** The drawn frame of an event message, seeded by its event id (the same run, the same frame). */
function frameOf(deviceId: string, event: OutboundMessage, kind: FrameKind): OutboundMessage {
  const { id } = JSON.parse(String(event.payload)) as { id: string };
  const root = event.topic.slice(0, event.topic.indexOf('/devices/'));
  return snapshotMessage(deviceId, id, paintFrame(kind, hashString(id)), root);
}

export function orderedSteps(scenario: Scenario): ScenarioStep[] {
  // Array.prototype.sort is stable, which keeps same-time steps in their listed order.
  return [...scenario.steps].sort((a, b) => a.at - b.at);
}

/** Scenario length in scenario seconds. */
export function scenarioDurationS(scenario: Scenario): number {
  return Math.max(0, ...scenario.steps.map((s) => s.at));
}

type MessageStep = Extract<ScenarioStep, { action: 'birth' | 'status' | 'event' | 'telemetry' }>;
type ReportStep = Extract<ScenarioStep, { action: 'report' }>;

/**
 * Turns steps into messages and reports: numbers events per device, stamps them with
 * `nowMs`, places them, and applies the scenario's seeded jitter. Pure apart from its
 * counters, so it can be tested without a broker.
 */
export function stepMessageBuilder(
  scenario: Scenario,
  options: Pick<ScenarioRunOptions, 'topicRoot' | 'runTag' | 'seed'>,
): {
  message: (step: MessageStep, nowMs: number) => OutboundMessage;
  report: (step: ReportStep) => ReportRequest;
} {
  const { topicRoot: root, runTag } = options;
  const rng = Random.derive(options.seed, `scenario:${scenario.name}`);
  const counters = new Map<string, number>();
  // Strictly increasing stamps: at --speed 0 several steps share a millisecond, and the hub
  // ignores a reading no newer than the device's last one (and orders events by time).
  let lastStamp = -Infinity;
  const stamp = (nowMs: number): string => {
    lastStamp = Math.max(Math.floor(nowMs), lastStamp + 1);
    return new Date(lastStamp).toISOString();
  };

  const place = (
    device: string,
    location?: LatLon,
    offset?: { northM: number; eastM: number },
  ): LatLon | undefined => {
    const home = scenario.devices[device]?.location;
    const base =
      location ??
      (home ? (offset ? offsetM(home, offset.northM, offset.eastM) : undefined) : undefined);
    if (!base) return undefined;
    const { locationM } = scenario.jitter;
    const r = locationM * Math.sqrt(rng.next());
    const theta = rng.range(0, 2 * Math.PI);
    const p = locationM > 0 ? offsetM(base, r * Math.cos(theta), r * Math.sin(theta)) : base;
    return { lat: round6(p.lat), lon: round6(p.lon) };
  };

  const message = (step: MessageStep, nowMs: number): OutboundMessage => {
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
          { ts: stamp(nowMs), readings: step.readings },
          root,
          step.qos,
        );
      case 'event': {
        const { id, offset, location, confidence, type, severity, attributes, towards } =
          step.event;
        const n = (counters.get(step.device) ?? 0) + 1;
        counters.set(step.device, n);
        const event: EventPayload = {
          id: id ?? eventId(step.device, runTag, n),
          // Wall-clock now: the hub refuses times in the future and windows run on event time.
          ts: stamp(nowMs),
          type,
        };
        if (confidence !== undefined)
          event.confidence = jitterConfidence(confidence, scenario.jitter.confidence, rng);
        if (severity !== undefined) event.severity = severity;
        for (const key of ['bearingDeg', 'bearingSpreadDeg', 'rangeM'] as const)
          if (step.event[key] !== undefined) event[key] = step.event[key];
        const home = scenario.devices[step.device]?.location;
        if (towards && home) {
          const noise = rng.range(-scenario.jitter.bearingDeg, scenario.jitter.bearingDeg);
          event.bearingDeg = round6((bearingDeg(home, towards) + noise + 360) % 360);
        } else {
          const where = place(step.device, location, offset);
          if (where) event.location = where;
        }
        if (attributes !== undefined) event.attributes = attributes;
        return eventMessage(step.device, event, root);
      }
    }
  };

  const report = (step: ReportStep): ReportRequest => {
    const where = step.location
      ? place('', step.location)
      : place(step.near ?? '', undefined, step.offset ?? { northM: 0, eastM: 0 });
    if (!where) throw new Error(`scenario ${scenario.name}: a report has no place`);
    return { type: step.type, location: where, description: step.description };
  };

  return { message, report };
}

function jitterConfidence(value: number, spread: number, rng: Random): number {
  if (spread === 0) return value;
  return Math.round(Math.min(1, Math.max(0, value + rng.range(-spread, spread))) * 100) / 100;
}

/** One expectation as a sentence: `1 fire incident in zone langbiang, severity ≥ high, …`. */
export function describeExpected(e: ExpectedIncident): string {
  const what = e.type ? `${e.category} (${e.type})` : e.category;
  const parts = [`${e.count} ${what} incident${e.count === 1 ? '' : 's'}`];
  if (e.zone) parts.push(`in zone ${e.zone}`);
  if (e.minSeverity && e.maxSeverity && e.minSeverity === e.maxSeverity)
    parts.push(`severity ${e.minSeverity}`);
  else {
    if (e.minSeverity) parts.push(`severity at least ${e.minSeverity}`);
    if (e.maxSeverity) parts.push(`severity at most ${e.maxSeverity}`);
  }
  if (e.sources.length > 0) parts.push(`sources include ${e.sources.join(', ')}`);
  if (e.minSources) parts.push(`at least ${e.minSources} sources`);
  if (e.types.length > 0) parts.push(`types include ${e.types.join(', ')}`);
  if (e.minEvents) parts.push(`at least ${e.minEvents} events`);
  return parts.join(', ');
}

/** Human-readable expected outcome, printed when a scenario ends. */
export function describeExpectation(incidents: readonly ExpectedIncident[]): string[] {
  if (incidents.length === 0) return ['no incident expected'];
  return incidents.map(describeExpected);
}
