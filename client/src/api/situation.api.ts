import {
  apiRoutes,
  SituationChangesSchema,
  SituationSchema,
  type Situation,
  type SituationChanges,
} from '@ioc/shared';
import { ApiError, requestJson } from './http-client';

/** `GET /api/situation?at=`: the incidents and devices as /live had pushed them then. */
export async function fetchSituation(at: number): Promise<Situation> {
  const route = apiRoutes.situation(new URLSearchParams({ at: new Date(at).toISOString() }));
  const parsed = SituationSchema.safeParse(await requestJson(route));
  if (!parsed.success) throw new ApiError(502, 'the hub answered with an invalid situation');
  return parsed.data;
}

/** `GET /api/situation/changes`: what changed with from < at ≤ to (maybe fewer: see `until`). */
export async function fetchSituationChanges(from: number, to: number): Promise<SituationChanges> {
  const query = new URLSearchParams({
    from: new Date(from).toISOString(),
    to: new Date(to).toISOString(),
  });
  const parsed = SituationChangesSchema.safeParse(
    await requestJson(apiRoutes.situationChanges(query)),
  );
  if (!parsed.success) throw new ApiError(502, 'the hub answered with invalid changes');
  return parsed.data;
}
