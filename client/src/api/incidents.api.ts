import {
  ACTIVE_STATUSES,
  apiRoutes,
  IncidentCitizenReportsSchema,
  IncidentDetailSchema,
  IncidentListSchema,
  IncidentSchema,
  IncidentSourcesSchema,
  type Incident,
  type IncidentCitizenReports,
  type IncidentDetail,
  type IncidentList,
  type IncidentSources,
  type IncidentStatus,
  type LifecycleCommand,
} from '@ioc/shared';
import { z } from 'zod';
import { ApiError, requestJson } from './http-client';
import { parseEach } from './parse';

export interface IncidentPage extends IncidentList {
  /** The hub's committed seq when it answered: resync from here, not from 0. */
  lastSeq: number;
}

/** Shared's list envelope; its items are parsed one by one, so a bad one costs only itself. */
const IncidentEnvelopeSchema = IncidentListSchema.extend({ items: z.array(z.unknown()) });

async function fetchIncidents(
  statuses: readonly IncidentStatus[],
  limit: number,
  district?: string,
): Promise<IncidentPage> {
  const query = new URLSearchParams({ status: statuses.join(','), limit: String(limit) });
  if (district) query.set('district', district);
  return fetchIncidentPage(query);
}

/** One page of the history view (`q`, `from`, `to`, `resolution`, `offset`: §7 extensions). */
export function fetchIncidentHistory(
  query: URLSearchParams,
  signal?: AbortSignal,
): Promise<IncidentPage> {
  return fetchIncidentPage(query, signal);
}

async function fetchIncidentPage(
  query: URLSearchParams,
  signal?: AbortSignal,
): Promise<IncidentPage> {
  const envelope = IncidentEnvelopeSchema.safeParse(
    await requestJson(apiRoutes.incidents(query), { signal }),
  );
  if (!envelope.success) throw new ApiError(502, 'the hub answered with an invalid incident list');
  const items = parseEach(IncidentSchema, envelope.data.items, 'incident');
  const lastSeq =
    envelope.data.lastSeq ??
    items.reduce((highest, incident) => Math.max(highest, incident.seq), 0);
  return { items, total: envelope.data.total, lastSeq };
}

/** Every open, acknowledged and dispatched incident (the hub caps a page at 5,000). */
export function fetchActiveIncidents(limit = 5000): Promise<IncidentPage> {
  return fetchIncidents(ACTIVE_STATUSES, limit);
}

/** At a province, every district's active incidents (docs/federation.md); elsewhere none. */
export function fetchDistrictIncidents(limit = 5000): Promise<IncidentPage> {
  return fetchIncidents(ACTIVE_STATUSES, limit, '*');
}

/**
 * At a province, its districts' most recently resolved or closed incidents: after a live
 * link drop, what left the active list while the console was not listening.
 */
export function fetchFinishedDistrictIncidents(limit = 200): Promise<IncidentPage> {
  return fetchIncidents(['resolved', 'closed'], limit, '*');
}

/** The most recently changed resolved incidents, which a dispatcher may still close. */
export function fetchResolvedIncidents(limit = 200): Promise<IncidentPage> {
  return fetchIncidents(['resolved'], limit);
}

export async function fetchIncidentDetail(
  id: string,
  signal?: AbortSignal,
): Promise<IncidentDetail> {
  const body = await requestJson(apiRoutes.incident(id), { signal });
  const parsed = IncidentDetailSchema.safeParse(body);
  if (!parsed.success) {
    console.warn('invalid incident detail', parsed.error.issues);
    throw new ApiError(502, 'the hub answered with an invalid incident');
  }
  return parsed.data;
}

/** Every source of an incident (`GET /api/incidents/{id}/sources`); the incident lists the first 20. */
export async function fetchIncidentSources(id: string): Promise<IncidentSources> {
  const parsed = IncidentSourcesSchema.safeParse(await requestJson(apiRoutes.sources(id)));
  if (!parsed.success) throw new ApiError(502, 'the hub answered with an invalid source list');
  return parsed.data;
}

/** `POST /api/incidents/{id}/{action}`; a stale version throws ApiError 409 with the current incident. */
export async function transitionIncident(id: string, command: LifecycleCommand): Promise<Incident> {
  const { action, ...body } = command;
  const answer = await requestJson(apiRoutes.transition(id, action), {
    method: 'POST',
    body,
  });
  return parseIncident(answer);
}

/** `POST /api/incidents/{id}/answer`: the public answer citizens see. */
export async function answerIncident(id: string, text: string): Promise<Incident> {
  return parseIncident(await requestJson(apiRoutes.answer(id), { method: 'POST', body: { text } }));
}

/** Who will see the incident's public answer: its citizen reports, by app. */
export async function fetchCitizenReports(
  id: string,
  signal?: AbortSignal,
): Promise<IncidentCitizenReports> {
  const parsed = IncidentCitizenReportsSchema.safeParse(
    await requestJson(apiRoutes.citizenReports(id), { signal }),
  );
  if (!parsed.success) throw new ApiError(502, 'the hub answered with an invalid report count');
  return parsed.data;
}

/** A unit added to a dispatched incident, or one released (docs/dispatch.md, "Several units"). */
export type UnitCommand =
  | { action: 'addUnit'; version: number; unitId: string; note?: string }
  | { action: 'releaseUnit'; version: number; unitId: string; note?: string };

/** What the panel's buttons ask for: a lifecycle transition or a unit change. */
export type PanelCommand = LifecycleCommand | UnitCommand;

/** `POST …/units` or `DELETE …/units/{unitId}`; a stale version throws ApiError 409 like a transition. */
export async function changeIncidentUnits(id: string, command: UnitCommand): Promise<Incident> {
  const { action, unitId, ...body } = command;
  const answer =
    action === 'addUnit'
      ? await requestJson(apiRoutes.incidentUnits(id), {
          method: 'POST',
          body: { unitId, ...body },
        })
      : await requestJson(apiRoutes.incidentUnit(id, unitId), { method: 'DELETE', body });
  return parseIncident(answer);
}

/** Runs whichever the panel asked for. */
export function runPanelCommand(id: string, command: PanelCommand): Promise<Incident> {
  return command.action === 'addUnit' || command.action === 'releaseUnit'
    ? changeIncidentUnits(id, command)
    : transitionIncident(id, command);
}

export async function addIncidentNote(id: string, text: string): Promise<Incident> {
  const answer = await requestJson(apiRoutes.notes(id), {
    method: 'POST',
    body: { text },
  });
  return parseIncident(answer);
}

/** The incident a 409 carries in `details`, when it parses. */
export function conflictIncident(error: unknown): Incident | null {
  if (!(error instanceof ApiError) || error.status !== 409) return null;
  const parsed = IncidentSchema.safeParse(error.details);
  return parsed.success ? parsed.data : null;
}

function parseIncident(body: unknown): Incident {
  const parsed = IncidentSchema.safeParse(body);
  if (!parsed.success) throw new ApiError(502, 'the hub answered with an invalid incident');
  return parsed.data;
}
