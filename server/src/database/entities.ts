import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import type {
  CitizenReportStatus,
  AuditCode,
  AuditParams,
  BearingRay,
  CorrelationReason,
  DismissReason,
  EventType,
  LocalizedNames,
  IncidentStatus,
  LocationMethod,
  RejectionReason,
  Resolution,
  Role,
  Severity,
  SnapshotContentType,
  UnitKind,
  UnitStatus,
} from '@ioc/shared';
import { bigintNumber } from './column-types';

// Tables are created by migrations (./migrations), never by `synchronize`.

@Entity('users')
export class UserEntity {
  @PrimaryColumn('varchar', { length: 64 }) username!: string;
  @Column('varchar', { length: 200 }) passwordHash!: string;
  @Column('varchar', { length: 16 }) role!: Role;
  @Column('boolean', { default: false }) disabled!: boolean;
  @Column('bigint', { transformer: bigintNumber }) createdAt!: number;
  /** Raised by a password, role or disabled change and by logout: older tokens stop working. */
  @Column('integer', { default: 0 }) tokenVersion!: number;
}

/** A wall screen's read-only credential; the token itself is never stored. */
@Entity('wall_tokens')
export class WallTokenEntity {
  @PrimaryColumn('varchar', { length: 64 }) id!: string;
  @Column('varchar', { length: 100 }) label!: string;
  @Column('varchar', { length: 64 }) username!: string;
  @Column('varchar', { length: 64 }) createdBy!: string;
  @Column('bigint', { transformer: bigintNumber }) createdAt!: number;
  @Column('bigint', { transformer: bigintNumber }) expiresAt!: number;
  @Column('bigint', { nullable: true, transformer: bigintNumber }) revokedAt!: number | null;
}

@Entity('devices')
export class DeviceEntity {
  @PrimaryColumn('varchar', { length: 64 }) id!: string;
  @Column('varchar', { length: 16, nullable: true }) kind!: 'camera' | 'sensor' | 'gateway' | null;
  @Column('varchar', { length: 200, nullable: true }) name!: string | null;
  @Column('simple-json', { nullable: true }) names!: LocalizedNames | null;
  @Column('double precision', { nullable: true }) lat!: number | null;
  @Column('double precision', { nullable: true }) lon!: number | null;
  @Column('varchar', { length: 64, nullable: true }) zone!: string | null;
  @Column('simple-json') capabilities!: string[];
  @Column('varchar', { length: 16 }) status!: 'online' | 'offline' | 'unknown';
  @Column('boolean') registered!: boolean;
  @Column('bigint', { nullable: true, transformer: bigintNumber }) lastSeen!: number | null;
  @Column('bigint', { transformer: bigintNumber }) updatedAt!: number;
  /** SHA-256 (hex) of the device's MQTT password; null: not provisioned (device-secret.ts). */
  @Column('varchar', { length: 64, nullable: true }) secretDigest!: string | null;
  /** Retired by an admin: no credentials, not listed, its id may be provisioned again. */
  @Column('boolean', { default: false }) retired!: boolean;
}

@Entity('incidents')
/** The SLA check's (migration 1734000000000). */
@Index('IDX_incidents_sla', ['status', 'escalated', 'severity', 'createdAt'])
export class IncidentEntity {
  @PrimaryColumn('varchar', { length: 64 }) id!: string;
  @Column('varchar', { length: 32 }) category!: string;
  @Column('varchar', { length: 64 }) type!: EventType;
  @Column('simple-json') types!: EventType[];
  @Column('varchar', { length: 16 }) severity!: Severity;
  @Column('varchar', { length: 16 }) baseSeverity!: Severity;
  @Index() @Column('varchar', { length: 16 }) status!: IncidentStatus;
  @Column('double precision') lat!: number;
  @Column('double precision') lon!: number;
  @Column('varchar', { length: 64, nullable: true }) zone!: string | null;
  @Column('bigint', { transformer: bigintNumber }) firstSeen!: number;
  @Column('bigint', { transformer: bigintNumber }) lastSeen!: number;
  @Column('integer') eventCount!: number;
  /** The first SOURCES_LISTED sources; every one is in incident_sources. */
  @Column('simple-json') sources!: string[];
  @Column('integer', { default: 0 }) sourceCount!: number;
  @Column('integer') version!: number;
  @Index({ unique: true }) @Column('bigint', { transformer: bigintNumber }) seq!: number;
  @Column('boolean') escalated!: boolean;
  @Column('boolean') conditionCleared!: boolean;
  @Column('varchar', { length: 64, nullable: true }) relatedIncidentId!: string | null;
  @Column('varchar', { length: 64, nullable: true }) assignedUnitId!: string | null;
  @Column('simple-json') assignedUnitIds!: string[];
  @Column('varchar', { length: 64, nullable: true }) acknowledgedBy!: string | null;
  @Column('bigint', { nullable: true, transformer: bigintNumber }) acknowledgedAt!: number | null;
  @Column('bigint', { nullable: true, transformer: bigintNumber }) resolvedAt!: number | null;
  @Column('varchar', { length: 16, nullable: true }) resolution!: Resolution | null;
  @Column('bigint', { transformer: bigintNumber }) createdAt!: number;
  @Column('bigint', { transformer: bigintNumber }) updatedAt!: number;
  /** The public answer to its citizen reports: text, author, time (all null until written). */
  @Column('text', { nullable: true }) answerText!: string | null;
  @Column('varchar', { length: 64, nullable: true }) answeredBy!: string | null;
  @Column('bigint', { nullable: true, transformer: bigintNumber }) answeredAt!: number | null;
  @Column('varchar', { length: 16, nullable: true }) locationMethod!: LocationMethod | null;
  @Column('double precision', { nullable: true }) locationUncertaintyM!: number | null;
  @Column('simple-json', { nullable: true }) rays!: BearingRay[] | null;
  @Column('bigint', { nullable: true, transformer: bigintNumber }) confirmedAt!: number | null;
  @Column('varchar', { length: 64, nullable: true }) confirmedBy!: string | null;
  @Column('varchar', { length: 16, nullable: true }) dismissReason!: DismissReason | null;
}

@Entity('events')
export class EventEntity {
  /** (deviceId, eventId) is the idempotency key of docs/contract.md §3. */
  @PrimaryColumn('varchar', { length: 64 }) deviceId!: string;
  @PrimaryColumn('varchar', { length: 128 }) eventId!: string;
  /** NULL from the event's write until its incident is written with it (write-ahead). */
  @Index() @Column('varchar', { length: 64, nullable: true }) incidentId!: string | null;
  @Column('bigint', { transformer: bigintNumber }) ts!: number;
  @Index() @Column('bigint', { transformer: bigintNumber }) receivedAt!: number;
  @Column('varchar', { length: 64 }) type!: EventType;
  @Column('double precision', { nullable: true }) confidence!: number | null;
  @Column('varchar', { length: 16, nullable: true }) severity!: Severity | null;
  @Column('double precision') lat!: number;
  @Column('double precision') lon!: number;
  @Column('simple-json', { nullable: true }) attributes!: Record<string, unknown> | null;
  @Column('varchar', { length: 16 }) source!: 'device' | 'citizen' | 'derived';
  @Column('simple-json') reason!: CorrelationReason;
}

@Entity('telemetry')
@Index(['deviceId', 'metric', 'ts'])
export class TelemetryEntity {
  @PrimaryGeneratedColumn('increment') id!: number;
  @Column('varchar', { length: 64 }) deviceId!: string;
  @Column('varchar', { length: 32 }) metric!: string;
  @Column('bigint', { transformer: bigintNumber }) ts!: number;
  @Column('double precision') value!: number;
}

/** Every distinct source of an incident, once each, `ordinal` its place in join order. */
@Entity('incident_sources')
export class IncidentSourceEntity {
  @PrimaryColumn('varchar', { length: 64 }) incidentId!: string;
  @PrimaryColumn('varchar', { length: 200 }) source!: string;
  @Column('integer') ordinal!: number;
}

@Entity('incident_audit')
export class AuditEntity {
  @PrimaryGeneratedColumn('increment') id!: number;
  @Index() @Column('varchar', { length: 64 }) incidentId!: string;
  @Column('bigint', { transformer: bigintNumber }) at!: number;
  @Column('varchar', { length: 64 }) actor!: string;
  @Column('varchar', { length: 32 }) action!: string;
  @Column('varchar', { length: 16, nullable: true }) fromStatus!: IncidentStatus | null;
  @Column('varchar', { length: 16, nullable: true }) toStatus!: IncidentStatus | null;
  @Column('text', { nullable: true }) note!: string | null;
  /** What the hub wrote, as a code the console renders in its language (null: a person's). */
  @Column('varchar', { length: 48, nullable: true }) code!: AuditCode | null;
  @Column('simple-json', { nullable: true }) params!: AuditParams | null;
}

/** Rejected device messages (docs/contract.md §3), newest listed at GET /api/ingest/rejections. */
@Entity('ingest_rejections')
export class RejectionEntity {
  @PrimaryGeneratedColumn('increment') id!: number;
  @Column('bigint', { transformer: bigintNumber }) at!: number;
  @Column('varchar', { length: 512 }) topic!: string;
  @Column('varchar', { length: 32 }) reason!: RejectionReason;
  @Column('text') message!: string;
  @Column('text') payload!: string;
}

/** Response units; `incidentId` is the incident a busy unit is dispatched to. */
@Entity('units')
export class UnitEntity {
  @PrimaryColumn('varchar', { length: 64 }) id!: string;
  @Column('varchar', { length: 200 }) name!: string;
  @Column('simple-json', { nullable: true }) names!: LocalizedNames | null;
  @Column('varchar', { length: 32 }) kind!: UnitKind;
  @Column('varchar', { length: 64, nullable: true }) homeZone!: string | null;
  @Column('double precision') lat!: number;
  @Column('double precision') lon!: number;
  @Column('varchar', { length: 16 }) status!: UnitStatus;
  @Column('varchar', { length: 64, nullable: true }) incidentId!: string | null;
  @Column('bigint', { transformer: bigintNumber }) updatedAt!: number;
}

/** A citizen report and the status its app was last told (docs/contract.md §7). */
@Entity('citizen_reports')
export class CitizenReportEntity {
  /** At least 128 random bits, base64url: the only handle an app has on its report. */
  @PrimaryColumn('varchar', { length: 32 }) trackingCode!: string;
  /** The citizen app's API key id, or the username of staff who typed the report in. */
  @Column('varchar', { length: 64 }) appId!: string;
  @Column('varchar', { length: 16 }) via!: 'api_key' | 'user';
  @Column('varchar', { length: 128 }) eventId!: string;
  @Index() @Column('varchar', { length: 64 }) incidentId!: string;
  @Column('varchar', { length: 16 }) status!: CitizenReportStatus;
  /** The time of the incident answer its app was last told of (a new answer is news). */
  @Column('bigint', { nullable: true, transformer: bigintNumber }) answeredAt!: number | null;
  @Column('bigint', { transformer: bigintNumber }) createdAt!: number;
  @Column('bigint', { transformer: bigintNumber }) updatedAt!: number;
}

/** Webhook notifications to citizen apps, delivered in `sequence` order per app. */
@Entity('citizen_webhook_outbox')
export class WebhookOutboxEntity {
  @PrimaryGeneratedColumn('increment') id!: number;
  @Column('varchar', { length: 36, unique: true }) deliveryId!: string;
  @Column('varchar', { length: 64 }) appId!: string;
  @Column('bigint', { transformer: bigintNumber }) sequence!: number;
  /** The JSON body, frozen when the change was committed: every retry sends the same bytes. */
  @Column('text') body!: string;
  @Column('bigint', { transformer: bigintNumber }) createdAt!: number;
  @Column('integer', { default: 0 }) attempts!: number;
  @Column('bigint', { transformer: bigintNumber }) nextAttemptAt!: number;
  @Column('text', { nullable: true }) lastError!: string | null;
  @Column('bigint', { nullable: true, transformer: bigintNumber }) deliveredAt!: number | null;
  @Column('bigint', { nullable: true, transformer: bigintNumber }) deadAt!: number | null;
}

/** District side of federation: the last incident seq the province acknowledged. */
@Entity('federation_cursor')
export class FederationCursorEntity {
  @PrimaryColumn('varchar', { length: 64 }) upstream!: string;
  @Column('bigint', { transformer: bigintNumber }) seq!: number;
  @Column('bigint', { transformer: bigintNumber }) updatedAt!: number;
}

/** District side of federation: each forwarded incident change, until the province acknowledged it. */
@Entity('federation_outbox')
export class FederationOutboxEntity {
  @PrimaryColumn('bigint', { transformer: bigintNumber }) seq!: number;
  @Column('varchar', { length: 64 }) incidentId!: string;
  /** The incident as it was at this change (JSON), frozen when the change was committed. */
  @Column('text') body!: string;
  @Column('bigint', { transformer: bigintNumber }) createdAt!: number;
}

/** Province side of federation: each district's incidents, latest state, apart from ours. */
@Entity('district_incidents')
export class DistrictIncidentEntity {
  @PrimaryColumn('varchar', { length: 64 }) districtId!: string;
  @PrimaryColumn('varchar', { length: 64 }) id!: string;
  /** The district's seq of this state: a change applies only when newer. */
  @Column('bigint', { transformer: bigintNumber }) seq!: number;
  @Column('varchar', { length: 16 }) status!: IncidentStatus;
  @Column('varchar', { length: 16 }) severity!: Severity;
  /** The district's incident JSON (contract §6) as received. */
  @Column('text') body!: string;
  @Index() @Column('bigint', { transformer: bigintNumber }) receivedAt!: number;
}

/** A device's raised confidence bar for one event type (learning from false alarms). */
@Entity('triage_overrides')
export class TriageOverrideEntity {
  @PrimaryColumn('varchar', { length: 64 }) deviceId!: string;
  @PrimaryColumn('varchar', { length: 64 }) type!: EventType;
  /** Null once undone (the row stays to remember `undoneAt`). */
  @Column('double precision', { nullable: true }) minConfidence!: number | null;
  @Column('double precision') baseConfidence!: number;
  @Column('bigint', { transformer: bigintNumber }) raisedAt!: number;
  @Column('varchar', { length: 64 }) raisedBy!: string;
  @Column('text') reason!: string;
  @Column('bigint', { nullable: true, transformer: bigintNumber }) undoneAt!: number | null;
}

/** Who changed a device's bar, when, and why: append-only. */
@Entity('rule_audit')
export class RuleAuditEntity {
  @PrimaryGeneratedColumn('increment') id!: number;
  @Column('bigint', { transformer: bigintNumber }) at!: number;
  @Column('varchar', { length: 64 }) actor!: string;
  @Column('varchar', { length: 16 }) action!: 'raised' | 'undone';
  @Column('varchar', { length: 64 }) deviceId!: string;
  @Column('varchar', { length: 64 }) type!: EventType;
  @Column('double precision', { nullable: true }) fromConfidence!: number | null;
  @Column('double precision', { nullable: true }) toConfidence!: number | null;
  @Column('text') note!: string;
}

/** Each committed incident change as /live pushed it (the replay, docs/contract.md §7). */
@Entity('incident_history')
@Index(['incidentId', 'seq'])
export class IncidentHistoryEntity {
  /** The incident's seq at this change: hub-wide, so it orders every change. */
  @PrimaryColumn('bigint', { transformer: bigintNumber }) seq!: number;
  @Column('varchar', { length: 64 }) incidentId!: string;
  @Index() @Column('bigint', { transformer: bigintNumber }) at!: number;
  @Column('varchar', { length: 16 }) status!: IncidentStatus;
  /** The incident JSON (contract §6), frozen when the change was committed. */
  @Column('text') body!: string;
}

/** Each device change as /live pushed it (the replay). */
@Entity('device_history')
@Index(['deviceId', 'id'])
export class DeviceHistoryEntity {
  @PrimaryGeneratedColumn('increment') id!: number;
  @Column('varchar', { length: 64 }) deviceId!: string;
  @Index() @Column('bigint', { transformer: bigintNumber }) at!: number;
  @Column('varchar', { length: 16 }) status!: string;
  /** The device JSON (contract §7), as pushed. */
  @Column('text') body!: string;
}

/** One stored image of an event; the bytes are in the snapshot store under `id`. */
@Entity('snapshots')
@Index('IDX_snapshots_event', ['deviceId', 'eventId'])
export class SnapshotEntity {
  /** Derived from device, event and content: the same image sent twice is one row. */
  @PrimaryColumn('varchar', { length: 64 }) id!: string;
  @Column('varchar', { length: 64 }) deviceId!: string;
  @Column('varchar', { length: 128 }) eventId!: string;
  @Column('varchar', { length: 32 }) contentType!: SnapshotContentType;
  @Column('integer') bytes!: number;
  @Column('bigint', { transformer: bigintNumber }) receivedAt!: number;
}

export const ENTITIES = [
  TriageOverrideEntity,
  RuleAuditEntity,
  IncidentHistoryEntity,
  DeviceHistoryEntity,
  SnapshotEntity,
  CitizenReportEntity,
  WebhookOutboxEntity,
  UserEntity,
  DeviceEntity,
  IncidentEntity,
  EventEntity,
  IncidentSourceEntity,
  TelemetryEntity,
  AuditEntity,
  UnitEntity,
  RejectionEntity,
  WallTokenEntity,
  FederationCursorEntity,
  FederationOutboxEntity,
  DistrictIncidentEntity,
];
