import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import type {
  BearingRay,
  CorrelationReason,
  EventType,
  IncidentStatus,
  LocationMethod,
  RejectionReason,
  Resolution,
  Role,
  Severity,
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

@Entity('devices')
export class DeviceEntity {
  @PrimaryColumn('varchar', { length: 64 }) id!: string;
  @Column('varchar', { length: 16, nullable: true }) kind!: 'camera' | 'sensor' | 'gateway' | null;
  @Column('varchar', { length: 200, nullable: true }) name!: string | null;
  @Column('double precision', { nullable: true }) lat!: number | null;
  @Column('double precision', { nullable: true }) lon!: number | null;
  @Column('varchar', { length: 64, nullable: true }) zone!: string | null;
  @Column('simple-json') capabilities!: string[];
  @Column('varchar', { length: 16 }) status!: 'online' | 'offline' | 'unknown';
  @Column('boolean') registered!: boolean;
  @Column('bigint', { nullable: true, transformer: bigintNumber }) lastSeen!: number | null;
  @Column('bigint', { transformer: bigintNumber }) updatedAt!: number;
}

@Entity('incidents')
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
  @Column('simple-json') sources!: string[];
  @Column('integer') version!: number;
  @Index({ unique: true }) @Column('bigint', { transformer: bigintNumber }) seq!: number;
  @Column('boolean') escalated!: boolean;
  @Column('boolean') conditionCleared!: boolean;
  @Column('varchar', { length: 64, nullable: true }) relatedIncidentId!: string | null;
  @Column('varchar', { length: 64, nullable: true }) assignedUnitId!: string | null;
  @Column('varchar', { length: 64, nullable: true }) acknowledgedBy!: string | null;
  @Column('bigint', { nullable: true, transformer: bigintNumber }) acknowledgedAt!: number | null;
  @Column('bigint', { nullable: true, transformer: bigintNumber }) resolvedAt!: number | null;
  @Column('varchar', { length: 16, nullable: true }) resolution!: Resolution | null;
  @Column('bigint', { transformer: bigintNumber }) createdAt!: number;
  @Column('bigint', { transformer: bigintNumber }) updatedAt!: number;
  @Column('varchar', { length: 16, nullable: true }) locationMethod!: LocationMethod | null;
  @Column('double precision', { nullable: true }) locationUncertaintyM!: number | null;
  @Column('simple-json', { nullable: true }) rays!: BearingRay[] | null;
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
  @Column('varchar', { length: 32 }) kind!: UnitKind;
  @Column('varchar', { length: 64, nullable: true }) homeZone!: string | null;
  @Column('double precision') lat!: number;
  @Column('double precision') lon!: number;
  @Column('varchar', { length: 16 }) status!: UnitStatus;
  @Column('varchar', { length: 64, nullable: true }) incidentId!: string | null;
  @Column('bigint', { transformer: bigintNumber }) updatedAt!: number;
}

export const ENTITIES = [
  UserEntity,
  DeviceEntity,
  IncidentEntity,
  EventEntity,
  TelemetryEntity,
  AuditEntity,
  UnitEntity,
  RejectionEntity,
];
