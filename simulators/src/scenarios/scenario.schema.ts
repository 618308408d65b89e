import { z } from 'zod';
import {
  INCIDENT_STATUSES,
  BirthSchema,
  CATEGORIES,
  DeviceIdSchema,
  DeviceStatusPayloadSchema,
  EVENT_TYPES,
  EventPayloadSchema,
  LocationSchema,
  SeveritySchema,
  TelemetryPayloadSchema,
  categoryOf,
  severityRank,
} from '@ioc/shared';
import { FRAME_KINDS } from '../images/frame.painter';

/**
 * A scenario is data: declared devices, a list of timed steps, and the outcome the hub
 * should reach. Scenario files (YAML or JSON, simulators/scenarios/*.yaml) parse into this
 * shape and play through one runner. Payload parts reuse shared's schemas, so a scenario
 * cannot describe a message the contract forbids (faults are the `faults` command's job).
 *
 * Objects are strict: a misspelt key (`minSeverty`) is an error naming the field, never a
 * silently ignored expectation — a tester must be able to trust a pass.
 */

/** Scenario seconds from the start; `--speed` compresses them, `--speed 0` ignores them. */
const AtSchema = z.number().min(0).max(86_400);

export const OffsetSchema = z.strictObject({ northM: z.number(), eastM: z.number() });

/** A device as a scenario declares it: its birth (shared BirthSchema), with no unknown keys. */
export const DeclaredDeviceSchema = z.strictObject({
  ...BirthSchema.shape,
  location: z.strictObject(LocationSchema.shape),
});

export const BirthStepSchema = z.strictObject({
  at: AtSchema,
  action: z.literal('birth'),
  device: DeviceIdSchema,
});

export const StatusStepSchema = z.strictObject({
  at: AtSchema,
  action: z.literal('status'),
  device: DeviceIdSchema,
  status: DeviceStatusPayloadSchema,
});

/**
 * An event without `id` and `ts`: the runner numbers it and stamps it with wall-clock now.
 * Its place is `location`, or `offset` metres from the device's declared location, or
 * (neither) the device's own location, filled in by the hub.
 */
export const EventTemplateSchema = z.strictObject({
  ...EventPayloadSchema.omit({ id: true, ts: true }).shape,
  id: EventPayloadSchema.shape.id.optional(),
  offset: OffsetSchema.optional(),
  /**
   * A bearing instead of a place: the runner sends `bearingDeg` from the device's declared
   * location towards this (true) place, with the scenario's bearing jitter, and no location.
   */
  towards: z.strictObject(LocationSchema.shape).optional(),
});

export const EventStepSchema = z.strictObject({
  at: AtSchema,
  action: z.literal('event'),
  device: DeviceIdSchema,
  event: EventTemplateSchema,
  /** A camera frame drawn by the simulator, sent on the snapshot topic after the event. */
  snapshot: z.enum(FRAME_KINDS).optional(),
});

export const TelemetryStepSchema = z.strictObject({
  at: AtSchema,
  action: z.literal('telemetry'),
  device: DeviceIdSchema,
  readings: TelemetryPayloadSchema.shape.readings,
  qos: z.union([z.literal(0), z.literal(1)]).default(1),
});

/**
 * The device gets its own MQTT connection whose Last Will is its `offline` status, and
 * announces itself on it (birth, then `online`). Later messages of the device use it.
 */
export const ConnectStepSchema = z.strictObject({
  at: AtSchema,
  action: z.literal('connect'),
  device: DeviceIdSchema,
});

/**
 * The device's own connection drops without a DISCONNECT (a power cut, a cut cable): the
 * broker publishes its Last Will. The runner waits until the broker has done so.
 */
export const DisconnectStepSchema = z.strictObject({
  at: AtSchema,
  action: z.literal('disconnect'),
  device: DeviceIdSchema,
});

/**
 * A citizen report over HTTP (`POST /api/reports`), placed at `location`, or `near` a
 * declared device (optionally `offset` from it). Its source on the hub is `citizen:<who>`.
 */
export const ReportStepSchema = z.strictObject({
  at: AtSchema,
  action: z.literal('report'),
  type: z.enum(EVENT_TYPES),
  location: z.strictObject(LocationSchema.shape).optional(),
  near: DeviceIdSchema.optional(),
  offset: OffsetSchema.optional(),
  description: z.string().min(1).max(2000),
});

export const STEP_ACTIONS = [
  'birth',
  'status',
  'event',
  'telemetry',
  'connect',
  'disconnect',
  'report',
] as const;

export const ScenarioStepSchema = z.discriminatedUnion('action', [
  BirthStepSchema,
  StatusStepSchema,
  EventStepSchema,
  TelemetryStepSchema,
  ConnectStepSchema,
  DisconnectStepSchema,
  ReportStepSchema,
]);

/** A source the hub names in `incident.sources`: a device id, or `citizen` / `citizen:<reporter>`. */
export const CITIZEN_SOURCE = /^citizen(:[A-Za-z0-9_.@-]{1,64})?$/;
export const ExpectedSourceSchema = z.union([
  DeviceIdSchema,
  z.string().regex(CITIZEN_SOURCE, 'a device id, or citizen / citizen:<reporter>'),
]);

/**
 * Incidents the scenario should produce. An expectation selects this run's incidents by
 * `category` (and `type`, the incident's main type, `zone` and `status` when given), then checks
 * that there are `count` of them and that each meets the severity, source and type bounds.
 */
export const ExpectedIncidentSchema = z
  .strictObject({
    category: z.enum(CATEGORIES),
    type: z.enum(EVENT_TYPES).optional(),
    zone: z.string().min(1).max(64).optional(),
    count: z.number().int().min(0).max(1000).default(1),
    minSeverity: SeveritySchema.optional(),
    maxSeverity: SeveritySchema.optional(),
    /** Selects by status too, e.g. `unverified` for detections held for triage. */
    status: z.enum(INCIDENT_STATUSES).optional(),
    /** Every one of these must be among the incident's sources (`citizen` matches any reporter). */
    sources: z.array(ExpectedSourceSchema).default([]),
    /** At least this many distinct sources (devices or reporters). */
    minSources: z.number().int().min(1).optional(),
    /** Every one of these event types must be in the incident's `types`. */
    types: z.array(z.enum(EVENT_TYPES)).default([]),
    minEvents: z.number().int().min(1).optional(),
    /** The incident's location must be within `withinM` of this true place (a triangulation check). */
    near: z
      .strictObject({ ...LocationSchema.shape, withinM: z.number().positive().max(100_000) })
      .optional(),
  })
  .superRefine((e, ctx) => {
    if (e.minSeverity && e.maxSeverity && severityRank(e.minSeverity) > severityRank(e.maxSeverity))
      ctx.addIssue({
        code: 'custom',
        path: ['maxSeverity'],
        message: `maxSeverity ${e.maxSeverity} is below minSeverity ${e.minSeverity}`,
      });
    const foreign = [...(e.type ? [e.type] : []), ...e.types].filter(
      (t) => categoryOf(t) !== e.category,
    );
    for (const t of foreign)
      ctx.addIssue({
        code: 'custom',
        path: [e.types.includes(t) ? 'types' : 'type'],
        message: `${t} is not a ${e.category} type`,
      });
  });

export const ExpectSchema = z.strictObject({
  incidents: z.array(ExpectedIncidentSchema).default([]),
  /** Seconds after the last step for the outcome to be reached. */
  within: z.number().positive().max(600).default(20),
  /** The outcome must hold, unchanged, for this many seconds before it counts as reached. */
  settle: z.number().min(0).max(60).default(2),
  /** Off by default: an incident of this run that no expectation selects is a failure. */
  allowOtherIncidents: z.boolean().default(false),
});

/** Deterministic (per `--seed`) noise on event places and confidences, so runs differ a little. */
export const JitterSchema = z.strictObject({
  locationM: z.number().min(0).max(500).default(0),
  confidence: z.number().min(0).max(0.5).default(0),
  /** Uniform noise on bearings sent `towards` a place, ± degrees. */
  bearingDeg: z.number().min(0).max(10).default(0),
});

export const ScenarioSchema = z
  .strictObject({
    name: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'lowercase letters, digits and dashes'),
    title: z.string().min(1).max(200),
    description: z.string().max(4000).optional(),
    devices: z.record(DeviceIdSchema, DeclaredDeviceSchema).default({}),
    jitter: JitterSchema.default({ locationM: 0, confidence: 0, bearingDeg: 0 }),
    steps: z.array(ScenarioStepSchema).min(1),
    expect: ExpectSchema,
  })
  .superRefine((scenario, ctx) => checkReferences(scenario, ctx));

type ParsedScenario = z.output<typeof ScenarioSchema>;

/**
 * Cross-references the schema alone cannot express: steps name declared devices, a
 * `disconnect` follows a `connect`, a dropped device stays silent until it reconnects,
 * and expected sources are devices of this scenario.
 */
function checkReferences(scenario: ParsedScenario, ctx: z.RefinementCtx): void {
  const declared = (id: string): boolean =>
    Object.prototype.hasOwnProperty.call(scenario.devices, id);
  const issue = (path: (string | number)[], message: string): void => {
    ctx.addIssue({ code: 'custom', path, message });
  };
  // Steps play in time order, same-time steps in listed order (a stable sort).
  const order = scenario.steps
    .map((step, index) => ({ step, index }))
    .sort((a, b) => a.step.at - b.step.at);
  const link = new Map<string, 'connected' | 'dropped'>();
  for (const { step, index } of order) {
    const at = (field: string): (string | number)[] => ['steps', index, field];
    switch (step.action) {
      case 'birth':
        if (!declared(step.device)) issue(at('device'), `${step.device} is not under devices`);
        break;
      case 'connect':
        if (!declared(step.device))
          issue(at('device'), `${step.device} is not under devices (connect sends its birth)`);
        if (link.get(step.device) === 'connected')
          issue(at('device'), `${step.device} is already connected at t=${step.at}`);
        link.set(step.device, 'connected');
        break;
      case 'disconnect':
        if (link.get(step.device) !== 'connected')
          issue(at('device'), `${step.device} has no connection to drop at t=${step.at}`);
        link.set(step.device, 'dropped');
        break;
      case 'event': {
        const { location, offset } = step.event;
        if (location && offset) issue(at('event'), 'give a location or an offset, not both');
        if (step.event.towards && (location || offset || step.event.bearingDeg !== undefined))
          issue(
            at('event'),
            'towards gives the bearing: no location, offset or bearingDeg with it',
          );
        if (step.event.towards && !declared(step.device))
          issue(at('event'), `towards needs ${step.device} under devices (the ray starts there)`);
        if (!location && !declared(step.device))
          issue(at('device'), `${step.device} is not under devices: its event needs a location`);
        if (offset && !declared(step.device))
          issue(at('event'), `an offset needs ${step.device} under devices`);
        break;
      }
      case 'report':
        if (!!step.location === !!step.near)
          issue(['steps', index], 'a report needs a location or near (a device), exactly one');
        if (step.near && !declared(step.near))
          issue(at('near'), `${step.near} is not under devices`);
        if (step.offset && !step.near) issue(at('offset'), 'an offset needs near');
        break;
      case 'status':
      case 'telemetry':
        break;
    }
    if (step.action !== 'report' && step.action !== 'connect' && step.action !== 'disconnect') {
      if (link.get(step.device) === 'dropped')
        issue(
          at('device'),
          `${step.device} lost its connection earlier: connect it again before t=${step.at}`,
        );
    }
  }

  const sources = new Set(Object.keys(scenario.devices));
  for (const step of scenario.steps) if (step.action !== 'report') sources.add(step.device);
  scenario.expect.incidents.forEach((e, i) => {
    e.sources.forEach((source, j) => {
      if (!CITIZEN_SOURCE.test(source) && !sources.has(source))
        issue(
          ['expect', 'incidents', i, 'sources', j],
          `${source} is not a device of this scenario`,
        );
      if (CITIZEN_SOURCE.test(source) && !scenario.steps.some((s) => s.action === 'report'))
        issue(['expect', 'incidents', i, 'sources', j], `no report step gives a ${source} source`);
    });
  });
}

export type ScenarioInput = z.input<typeof ScenarioSchema>;
export type Scenario = z.output<typeof ScenarioSchema>;
export type ScenarioStep = Scenario['steps'][number];
export type ExpectedIncident = z.output<typeof ExpectedIncidentSchema>;
export type ScenarioExpectation = Scenario['expect'];

/** Every device a scenario's messages come from: the sources its incidents can have. */
export function scenarioDevices(scenario: Scenario): string[] {
  const ids = new Set(Object.keys(scenario.devices));
  for (const step of scenario.steps) if (step.action !== 'report') ids.add(step.device);
  return [...ids].sort();
}
