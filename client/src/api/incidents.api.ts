import {
  ACTIVE_STATUSES,
  apiRoutes,
  IncidentDetailSchema,
  IncidentListSchema,
  IncidentSchema,
  type Incident,
  type IncidentDetail,
  type IncidentList,
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
  const envelope = IncidentEnvelopeSchema.safeParse(await requestJson(apiRoutes.incidents(query)));
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

/** `POST /api/incidents/{id}/{action}`; a stale version throws ApiError 409 with the current incident. */
export async function transitionIncident(id: string, command: LifecycleCommand): Promise<Incident> {
  const { action, ...body } = command;
  const answer = await requestJson(apiRoutes.transition(id, action), {
    method: 'POST',
    body,
  });
  return parseIncident(answer);
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
