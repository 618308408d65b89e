import { z } from 'zod';
import { DeviceSchema } from './device.schema';
import { IncidentSchema } from './incident.schema';

const IsoTime = z.iso.datetime({ offset: true });

/** `GET /api/situation?at=` (docs/contract.md §7): the moment to rebuild. */
export const SituationQuerySchema = z.object({ at: IsoTime });
export type SituationQuery = z.infer<typeof SituationQuerySchema>;

/**
 * The situation at `at` (docs/contract.md §7): each incident and device as `/live` last
 * pushed it at or before that moment. Incidents: the active ones, and those finished within
 * SITUATION_FINISHED_MS before `at` (what a console kept on screen).
 */
export const SituationSchema = z.object({
  at: z.string(),
  /** The highest incident seq in the answer: changes after it follow in `…/changes`. */
  lastSeq: z.number().int(),
  /** The oldest recorded change (null: none yet). Before it the hub has no history. */
  historySince: z.string().nullable(),
  incidents: z.array(IncidentSchema),
  devices: z.array(DeviceSchema),
});
export type Situation = z.infer<typeof SituationSchema>;

/** `GET /api/situation/changes?from=&to=`: the changes with from < at ≤ to, in order. */
export const SituationChangesQuerySchema = z.object({ from: IsoTime, to: IsoTime });
export type SituationChangesQuery = z.infer<typeof SituationChangesQuerySchema>;

export const SituationChangeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('incident'), at: z.string(), incident: IncidentSchema }),
  z.object({ kind: z.literal('device'), at: z.string(), device: DeviceSchema }),
]);
export type SituationChange = z.infer<typeof SituationChangeSchema>;

export const SituationChangesSchema = z.object({
  from: z.string(),
  /** Complete up to here: `to`, or earlier when the page was full (ask again from it). */
  until: z.string(),
  changes: z.array(SituationChangeSchema),
});
export type SituationChanges = z.infer<typeof SituationChangesSchema>;

/** Finished incidents stay in a situation this long after they finished. */
export const SITUATION_FINISHED_MS = 24 * 3600 * 1000;
/** Changes per `…/changes` page. */
export const SITUATION_CHANGES_PAGE = 5000;
