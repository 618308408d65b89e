import { z } from 'zod';
import {
  BirthSchema,
  CATEGORIES,
  DeviceIdSchema,
  DeviceStatusPayloadSchema,
  EventPayloadSchema,
  SeveritySchema,
  TelemetryPayloadSchema,
} from '@ioc/shared';

/**
 * A scenario is data: declared devices, a list of timed steps, and the outcome the hub
 * should reach. Built-in scenarios are TypeScript values of this shape; scenario files
 * (YAML/JSON) parse into the same shape and play through the same runner. Payload parts
 * reuse shared's schemas, so a scenario cannot describe a message the contract forbids
 * unless a step says so on purpose (a later `fault` step).
 */

/** Scenario seconds from the start; `--speed` compresses them, `--speed 0` ignores them. */
const AtSchema = z.number().min(0);

export const OffsetSchema = z.object({ northM: z.number(), eastM: z.number() });

export const BirthStepSchema = z.object({
  at: AtSchema,
  action: z.literal('birth'),
  device: DeviceIdSchema,
});

export const StatusStepSchema = z.object({
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
export const EventTemplateSchema = EventPayloadSchema.omit({ id: true, ts: true }).extend({
  id: EventPayloadSchema.shape.id.optional(),
  offset: OffsetSchema.optional(),
});

export const EventStepSchema = z.object({
  at: AtSchema,
  action: z.literal('event'),
  device: DeviceIdSchema,
  event: EventTemplateSchema,
});

export const TelemetryStepSchema = z.object({
  at: AtSchema,
  action: z.literal('telemetry'),
  device: DeviceIdSchema,
  readings: TelemetryPayloadSchema.shape.readings,
  qos: z.union([z.literal(0), z.literal(1)]).default(1),
});

export const ScenarioStepSchema = z.discriminatedUnion('action', [
  BirthStepSchema,
  StatusStepSchema,
  EventStepSchema,
  TelemetryStepSchema,
]);

/** What the hub should show once the scenario has played (printed now, verified later). */
export const ExpectedIncidentSchema = z.object({
  category: z.enum(CATEGORIES),
  zone: z.string().min(1).optional(),
  minSeverity: SeveritySchema.optional(),
  sourcesInclude: z.array(DeviceIdSchema).default([]),
  count: z.number().int().min(0).default(1),
});

/** Deterministic (per `--seed`) noise on event places and confidences, so runs differ a little. */
export const JitterSchema = z.object({
  locationM: z.number().min(0).max(500).default(0),
  confidence: z.number().min(0).max(0.5).default(0),
});

export const ScenarioSchema = z
  .object({
    name: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'lowercase letters, digits and dashes'),
    title: z.string().min(1).max(200),
    description: z.string().max(4000).optional(),
    devices: z.record(DeviceIdSchema, BirthSchema),
    jitter: JitterSchema.default({ locationM: 0, confidence: 0 }),
    steps: z.array(ScenarioStepSchema).min(1),
    expect: z.object({ incidents: z.array(ExpectedIncidentSchema).default([]) }),
  })
  .superRefine((scenario, ctx) => {
    scenario.steps.forEach((step, i) => {
      const declared = Object.prototype.hasOwnProperty.call(scenario.devices, step.device);
      const issue = (message: string): void => {
        ctx.addIssue({ code: 'custom', path: ['steps', i, 'device'], message });
      };
      if (step.action === 'birth' && !declared)
        issue(`birth of ${step.device}, which is not under devices`);
      if (step.action === 'event') {
        const { location, offset } = step.event;
        if (location && offset) issue('an event has a location or an offset, not both');
        if (!location && !declared)
          issue(`event of ${step.device} needs a location: the device is not declared`);
      }
    });
  });

export type ScenarioInput = z.input<typeof ScenarioSchema>;
export type Scenario = z.output<typeof ScenarioSchema>;
export type ScenarioStep = Scenario['steps'][number];
export type ExpectedIncident = z.output<typeof ExpectedIncidentSchema>;
