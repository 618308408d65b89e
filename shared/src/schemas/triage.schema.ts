import { z } from 'zod';
import { EVENT_TYPES } from '../taxonomy';

/** One period of `GET /api/stats/false-alarms`: incidents a device fed, and how many were false. */
export const FalseAlarmPeriodSchema = z.object({
  incidents: z.number().int().nonnegative(),
  /** Dismissed in triage or resolved `false_alarm`: both count the same. */
  falseAlarms: z.number().int().nonnegative(),
  /** falseAlarms / incidents, 0..1; 0 without incidents. */
  share: z.number().min(0).max(1),
});
export type FalseAlarmPeriod = z.infer<typeof FalseAlarmPeriodSchema>;

/** A device's raised confidence bar for one event type (learning from false alarms). */
export const RuleOverrideSchema = z.object({
  deviceId: z.string(),
  type: z.enum(EVENT_TYPES),
  /** Events of this device and type under it open nothing (stored, counted as suppressed). */
  minConfidence: z.number().min(0).max(1),
  /** The category's bar from the rules file when it was raised. */
  baseConfidence: z.number().min(0).max(1),
  raisedAt: z.string(),
  raisedBy: z.string(),
  /** Why: the share and count that passed the limit. */
  reason: z.string(),
});
export type RuleOverride = z.infer<typeof RuleOverrideSchema>;

export const FalseAlarmRowSchema = z.object({
  deviceId: z.string(),
  type: z.enum(EVENT_TYPES),
  last7Days: FalseAlarmPeriodSchema,
  last30Days: FalseAlarmPeriodSchema,
  /** The raised bar in force for this device and type, else null. */
  raisedMinConfidence: z.number().nullable(),
});
export type FalseAlarmRow = z.infer<typeof FalseAlarmRowSchema>;

/** `GET /api/stats/false-alarms` (extension): per device and event type, highest 7-day share first. */
export const FalseAlarmStatsSchema = z.object({
  at: z.string(),
  /** The learning limit of the rules file: a share at or above it over `minIncidents`. */
  limit: z.object({
    share: z.number(),
    minIncidents: z.number().int(),
    days: z.number(),
    raiseBy: z.number(),
  }),
  rows: z.array(FalseAlarmRowSchema),
});
export type FalseAlarmStats = z.infer<typeof FalseAlarmStatsSchema>;

/** One entry of the rule audit: a bar raised by the learning pass, or undone by an admin. */
export const RuleAuditEntrySchema = z.object({
  at: z.string(),
  actor: z.string(),
  action: z.enum(['raised', 'undone']),
  deviceId: z.string(),
  type: z.enum(EVENT_TYPES),
  fromConfidence: z.number().nullable(),
  toConfidence: z.number().nullable(),
  note: z.string(),
});
export type RuleAuditEntry = z.infer<typeof RuleAuditEntrySchema>;

/** `GET /api/rules/overrides`: the raised bars in force, and the latest audit entries. */
export const RuleOverridesSchema = z.object({
  items: z.array(RuleOverrideSchema),
  audit: z.array(RuleAuditEntrySchema),
});
export type RuleOverrides = z.infer<typeof RuleOverridesSchema>;
