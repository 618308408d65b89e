import type { AuditEntry, IncidentEvent } from '@ioc/shared';
import type { IncidentState } from '../correlation/incident-state';
import { AuditEntity, EventEntity, IncidentEntity } from '../database/entities';

/** Conversions between the in-memory aggregate, table rows and the contract JSON. */
export function stateToEntity(s: IncidentState): IncidentEntity {
  const e = new IncidentEntity();
  e.id = s.id;
  e.category = s.category;
  e.type = s.type;
  e.types = [...s.types];
  e.severity = s.severity;
  e.baseSeverity = s.baseSeverity;
  e.status = s.status;
  e.lat = s.location.lat;
  e.lon = s.location.lon;
  e.zone = s.zone;
  e.firstSeen = s.firstSeen;
  e.lastSeen = s.lastSeen;
  e.eventCount = s.eventCount;
  e.sources = [...s.sources];
  e.version = s.version;
  e.seq = s.seq;
  e.escalated = s.escalated;
  e.conditionCleared = s.conditionCleared;
  e.relatedIncidentId = s.relatedIncidentId;
  e.assignedUnitId = s.assignedUnitId;
  e.acknowledgedBy = s.acknowledgedBy;
  e.acknowledgedAt = s.acknowledgedAt;
  e.resolvedAt = s.resolvedAt;
  e.resolution = s.resolution;
  e.createdAt = s.createdAt;
  e.updatedAt = s.updatedAt;
  return e;
}

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
    zone: e.zone,
    firstSeen: e.firstSeen,
    lastSeen: e.lastSeen,
    eventCount: e.eventCount,
    sources: [...e.sources],
    version: e.version,
    seq: e.seq,
    escalated: Boolean(e.escalated),
    conditionCleared: Boolean(e.conditionCleared),
    relatedIncidentId: e.relatedIncidentId,
    assignedUnitId: e.assignedUnitId,
    acknowledgedBy: e.acknowledgedBy,
    acknowledgedAt: e.acknowledgedAt,
    resolvedAt: e.resolvedAt,
    resolution: e.resolution,
    createdAt: e.createdAt,
    updatedAt: e.updatedAt,
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
  };
}
