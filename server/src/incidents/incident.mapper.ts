import type { AuditEntry, IncidentEvent } from '@ioc/shared';
import type { IncidentState } from '../correlation/incident-state';
import { AuditEntity, EventEntity, IncidentEntity } from '../database/entities';

/** Conversions between table rows, the in-memory aggregate and the contract JSON. */
export function entityToState(e: IncidentEntity): IncidentState {
  return {
    id: e.id,
    category: e.category as IncidentState['category'],
    type: e.type,
    types: [...e.types],
    severity: e.severity,
    baseSeverity: e.baseSeverity,
    status: e.status,
    location: { lat: e.lat, lon: e.lon },
    // Rows from before bearings have no method: their place was reported.
    locationMethod: e.locationMethod ?? 'reported',
    locationUncertaintyM: e.locationUncertaintyM,
    rays: e.rays ?? [],
    zone: e.zone,
    firstSeen: e.firstSeen,
    lastSeen: e.lastSeen,
    eventCount: e.eventCount,
    sources: [...e.sources],
    sourceCount: e.sourceCount,
    // Complete only when nothing was cut from the list; else IncidentWriteService loads it.
    knownSources: new Set(e.sources),
    version: e.version,
    seq: e.seq,
    escalated: Boolean(e.escalated),
    conditionCleared: Boolean(e.conditionCleared),
    relatedIncidentId: e.relatedIncidentId,
    assignedUnitId: e.assignedUnitId,
    assignedUnitIds: [...(e.assignedUnitIds ?? [])],
    acknowledgedBy: e.acknowledgedBy,
    acknowledgedAt: e.acknowledgedAt,
    resolvedAt: e.resolvedAt,
    resolution: e.resolution,
    createdAt: e.createdAt,
    updatedAt: e.updatedAt,
    answer:
      e.answerText === null || e.answeredAt === null
        ? null
        : { text: e.answerText, by: e.answeredBy ?? '', at: e.answeredAt },
    // Rows from before triage: never triaged.
    confirmedAt: e.confirmedAt ?? null,
    confirmedBy: e.confirmedBy ?? null,
    dismissReason: e.dismissReason ?? null,
  };
}

export function eventEntityToJson(e: EventEntity): IncidentEvent {
  return {
    deviceId: e.deviceId,
    eventId: e.eventId,
    ts: new Date(e.ts).toISOString(),
    receivedAt: new Date(e.receivedAt).toISOString(),
    type: e.type,
    confidence: e.confidence,
    severity: e.severity,
    location: { lat: e.lat, lon: e.lon },
    attributes: e.attributes,
    source: e.source,
    reason: e.reason,
  };
}

export function auditEntityToJson(a: AuditEntity): AuditEntry {
  return {
    at: new Date(a.at).toISOString(),
    actor: a.actor,
    action: a.action,
    from: a.fromStatus,
    to: a.toStatus,
    note: a.note,
    code: a.code ?? null,
    params: a.params ?? null,
  };
}
