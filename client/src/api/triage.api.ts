import {
  apiRoutes,
  FalseAlarmStatsSchema,
  RuleOverridesSchema,
  type EventType,
  type FalseAlarmStats,
  type RuleOverrides,
} from '@ioc/shared';
import type { z } from 'zod';
import { ApiError, requestJson } from './http-client';

async function parsed<S extends z.ZodType>(schema: S, route: string): Promise<z.output<S>> {
  const answer = schema.safeParse(await requestJson(route));
  if (!answer.success) throw new ApiError(502, `the hub answered ${route} with an unexpected body`);
  return answer.data;
}

/** `GET /api/stats/false-alarms`: per device and type, over 7 and 30 days. */
export function fetchFalseAlarms(): Promise<FalseAlarmStats> {
  return parsed(FalseAlarmStatsSchema, apiRoutes.falseAlarms());
}

/** `GET /api/rules/overrides`: the raised bars and their audit. */
export function fetchOverrides(): Promise<RuleOverrides> {
  return parsed(RuleOverridesSchema, apiRoutes.overrides());
}

/** `DELETE /api/rules/overrides/{deviceId}/{type}` (admin): the bar goes back to its category's. */
export async function undoOverride(deviceId: string, type: EventType): Promise<void> {
  await requestJson(apiRoutes.override(deviceId, type), { method: 'DELETE' });
}
