import { z } from 'zod';
import {
  CATEGORIES,
  EVENT_TYPES,
  METRICS,
  SEVERITIES,
  type Category,
  type Severity,
} from '@ioc/shared';
import {
  DEFAULT_LEARNING,
  DEFAULT_RULES,
  NEVER_EXPIRE,
  type CorrelationRules,
} from '../correlation/correlation-rules';

const minutes = z
  .number()
  .positive()
  .max(7 * 24 * 60);
const severity = z.enum(SEVERITIES);

const CategorySchema = z.strictObject({
  /** metres; `null` = same zone (device). */
  radiusM: z.number().positive().max(100_000).nullable().optional(),
  windowMinutes: minutes.optional(),
  /** Resolve an open low/info incident as `expired` once its window passed quietly. */
  expireWhenQuiet: z.boolean().optional(),
  /** Triage: AI detections under this confidence open `unverified` incidents. */
  triage: z.strictObject({ minConfidence: z.number().gt(0).max(1) }).optional(),
});

/** Learning from false alarms (docs/contract.md §9 rules file). */
const LearningSchema = z.strictObject({
  share: z.number().gt(0).max(1).optional(),
  minIncidents: z.number().int().min(1).max(100_000).optional(),
  days: z.number().positive().max(30).optional(),
  raiseBy: z.number().gt(0).max(0.99).optional(),
});

const ThresholdSchema = z.strictObject({
  metric: z.enum(METRICS),
  threshold: z.number(),
  consecutive: z.number().int().min(1).max(100).default(2),
  clearConsecutive: z.number().int().min(1).max(100).default(2),
  clearRatio: z.number().gt(0).max(1).default(0.9),
  derivedType: z.enum(EVENT_TYPES),
  escalateAt: z.strictObject({ threshold: z.number(), severity }).optional(),
});

/**
 * The rules file (RULES_FILE, YAML or JSON). Every section is optional and overrides
 * the defaults of docs/contract.md §4–§6; unknown keys are refused so a typo never passes silently.
 */
export const RulesFileSchema = z.strictObject({
  categories: z
    .partialRecord(z.enum(CATEGORIES), CategorySchema)
    .superRefine((categories, ctx) => {
      for (const category of NEVER_EXPIRE)
        if (categories[category]?.expireWhenQuiet)
          ctx.addIssue({
            code: 'custom',
            path: [category, 'expireWhenQuiet'],
            message: `${category} incidents never expire`,
          });
    })
    .optional(),
  typeSeverity: z.partialRecord(z.enum(EVENT_TYPES), severity).optional(),
  /** When given, replaces the whole list of threshold rules. */
  thresholds: z.array(ThresholdSchema).optional(),
  slaSeconds: z.partialRecord(severity, z.number().positive()).optional(),
  deviceSilenceMinutes: minutes.optional(),
  corroboratingSources: z.number().int().min(1).max(100).optional(),
  /** Minutes a cleared threshold condition holds before its incident resolves; null: never. */
  clearedHoldMinutes: minutes.nullable().optional(),
  learning: LearningSchema.optional(),
});
type RulesFile = z.infer<typeof RulesFileSchema>;

/** Merges a validated rules file over the defaults. */
export function toCorrelationRules(file: RulesFile): CorrelationRules {
  const categories = { ...DEFAULT_RULES.categories };
  for (const [name, override] of Object.entries(file.categories ?? {}) as [
    Category,
    z.infer<typeof CategorySchema>,
  ][]) {
    categories[name] = {
      radiusM: override.radiusM === undefined ? categories[name].radiusM : override.radiusM,
      windowMs:
        override.windowMinutes === undefined
          ? categories[name].windowMs
          : override.windowMinutes * 60_000,
    };
  }
  const expireWhenQuiet = { ...DEFAULT_RULES.expireWhenQuiet };
  for (const [name, override] of Object.entries(file.categories ?? {}) as [
    Category,
    z.infer<typeof CategorySchema>,
  ][])
    if (override.expireWhenQuiet !== undefined) expireWhenQuiet[name] = override.expireWhenQuiet;
  const triageMinConfidence: Partial<Record<Category, number>> = {};
  for (const [name, override] of Object.entries(file.categories ?? {}) as [
    Category,
    z.infer<typeof CategorySchema>,
  ][])
    if (override.triage) triageMinConfidence[name] = override.triage.minConfidence;
  const slaMs: Partial<Record<Severity, number>> = { ...DEFAULT_RULES.slaMs };
  for (const [s, seconds] of Object.entries(file.slaSeconds ?? {}) as [Severity, number][])
    slaMs[s] = seconds * 1000;
  return {
    categories,
    typeSeverity: { ...DEFAULT_RULES.typeSeverity, ...file.typeSeverity },
    thresholds: file.thresholds ?? DEFAULT_RULES.thresholds,
    slaMs,
    deviceSilenceMs:
      file.deviceSilenceMinutes === undefined
        ? DEFAULT_RULES.deviceSilenceMs
        : file.deviceSilenceMinutes * 60_000,
    corroboratingSources: file.corroboratingSources ?? DEFAULT_RULES.corroboratingSources,
    expireWhenQuiet,
    clearedHoldMs:
      file.clearedHoldMinutes === undefined
        ? DEFAULT_RULES.clearedHoldMs
        : file.clearedHoldMinutes === null
          ? null
          : file.clearedHoldMinutes * 60_000,
    triageMinConfidence,
    learning: { ...DEFAULT_LEARNING, ...file.learning },
  };
}
