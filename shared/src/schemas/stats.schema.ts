import { z } from 'zod';
import { SEVERITIES } from '../taxonomy';

/** A duration figure over the incidents of the period: median and p90, not only the mean. */
export const DurationSummarySchema = z.object({
  count: z.number().int(),
  meanMs: z.number().nullable(),
  medianMs: z.number().nullable(),
  p90Ms: z.number().nullable(),
});
export type DurationSummary = z.infer<typeof DurationSummarySchema>;

/** Query of `GET /api/stats`: the period starts at `since` (default: 24 hours ago). */
export const StatsQuerySchema = z.object({
  since: z.iso.datetime({ offset: true }).optional(),
});
export type StatsQuery = z.infer<typeof StatsQuerySchema>;

/**
 * `GET /api/stats` (docs/contract.md §7). Durations are measured from the incident's `opened` audit
 * entry to the first acknowledge (MTTA), dispatch and resolve, over incidents opened in
 * the period; open counts are "now".
 */
export const HubStatsSchema = z.object({
  at: z.string(),
  since: z.string(),
  openBySeverity: z.record(z.enum(SEVERITIES), z.number().int()),
  openTotal: z.number().int(),
  escalatedOpen: z.number().int(),
  /** Accepted events per second, averaged over the last minute. */
  eventsPerSecond: z.number(),
  eventsLastMinute: z.number().int(),
  incidentsOpened: z.number().int(),
  timeToAcknowledge: DurationSummarySchema,
  timeToDispatch: DurationSummarySchema,
  timeToResolve: DurationSummarySchema,
});
export type HubStats = z.infer<typeof HubStatsSchema>;
