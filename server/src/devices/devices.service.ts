import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { Birth, Device, LatLon, ProvisionDeviceRequest } from '@ioc/shared';
import { DomainError } from '../common/domain-error';
import { HubEvents } from '../common/hub-events';
import { KeyedQueue } from '../common/keyed-queue';
import { DeviceEntity } from '../database/entities';
import { DeviceRepository } from './device.repository';

const TOUCH_FLUSH_MS = 1000;

/**
 * The device registry: births register, statuses mark online/offline, every message
 * refreshes lastSeen. Held in memory (devices are few compared with events) and written
 * through; lastSeen refreshes are written once a second, not per message.
 *
 * A birth, status, provisioning or credential change is written one device at a time, in
 * the order it came, each from the row the previous one stored, and enters the registry
 * only once committed: a failed write (the device is not acknowledged and resends) leaves
 * memory as the database, and a write in flight is never undone by the one behind it.
 * Writes of different devices share the hub's group commit, so a fleet reconnecting at once
 * is stored in a few transactions, not one per device.
 */
@Injectable()
export class DevicesService implements OnApplicationShutdown {
  private readonly logger = new Logger('devices');
  private readonly devices = new Map<string, DeviceEntity>();
  private readonly touched = new Set<string>();
  private readonly writes = new KeyedQueue();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly repository: DeviceRepository,
    private readonly events: HubEvents,
  ) {}

  async load(): Promise<void> {
    for (const row of await this.repository.findAll()) this.devices.set(row.id, row);
    this.timer = setInterval(() => void this.flushTouched(), TOUCH_FLUSH_MS);
    this.timer.unref();
  }

  get(id: string): DeviceEntity | undefined {
    return this.devices.get(id);
  }

  /** Every device but the retired ones. */
  list(): Device[] {
    return [...this.devices.values()]
      .filter((d) => !d.retired)
      .map(toDevice)
      .sort((a, b) => a.id.localeCompare(b.id));
  }

  /** The digest of a device's MQTT password, from memory; null when it has none. */
  secretDigestOf(id: string): string | null {
    return this.devices.get(id)?.secretDigest ?? null;
  }

  isProvisioned(id: string): boolean {
    return this.secretDigestOf(id) !== null;
  }

  /**
   * Registers a device with the digest of its new password. A device the hub knows without
   * credentials (registered anonymously, or retired) is taken over; a provisioned one is a
   * conflict: its credentials are rotated, not issued twice.
   */
  provision(request: ProvisionDeviceRequest, digest: string, now: number): Promise<Device> {
    return this.write(request.id, now, (existing) => {
      if (existing?.secretDigest)
        throw new DomainError('CONFLICT', `device ${request.id} is already provisioned`);
      return {
        kind: request.kind,
        name: request.name,
        lat: request.location.lat,
        lon: request.location.lon,
        zone: request.zone,
        capabilities: request.capabilities,
        registered: true,
        secretDigest: digest,
        retired: false,
        updatedAt: now,
      };
    });
  }

  /** Replaces a device's credential digest; the old password stops working at once. */
  async replaceSecret(id: string, digest: string, now: number): Promise<void> {
    await this.write(id, now, (existing) => {
      listed(id, existing);
      return { secretDigest: digest, updatedAt: now };
    });
    this.events.deviceCredentialsRevoked$.next(id);
  }

  /** Removes a device's credentials and its listing; its id may be provisioned again. */
  async retire(id: string, now: number): Promise<void> {
    await this.write(id, now, (existing) => {
      listed(id, existing);
      return { secretDigest: null, retired: true, status: 'offline', updatedAt: now };
    });
    this.events.deviceCredentialsRevoked$.next(id);
  }

  locationOf(id: string): LatLon | null {
    const d = this.devices.get(id);
    return d && d.lat !== null && d.lon !== null ? { lat: d.lat, lon: d.lon } : null;
  }

  zoneOf(id: string): string | null {
    return this.devices.get(id)?.zone ?? null;
  }

  async registerBirth(id: string, birth: Birth, now: number): Promise<void> {
    await this.write(id, now, () => ({
      kind: birth.kind,
      name: birth.name,
      names: birth.names ?? null,
      lat: birth.location.lat,
      lon: birth.location.lon,
      zone: birth.zone,
      capabilities: birth.capabilities,
      registered: true,
      // Only an anonymous birth reaches a retired device (docs/security.md): it returns.
      retired: false,
      lastSeen: now,
      updatedAt: now,
    }));
  }

  /** Sets a device's status; returns true when it changed. `offline` keeps lastSeen as it was. */
  async setStatus(id: string, status: 'online' | 'offline', now: number): Promise<boolean> {
    let changed = true;
    await this.write(id, now, (existing) => {
      if (existing?.status !== status) {
        return { status, updatedAt: now, ...(status === 'online' ? { lastSeen: now } : {}) };
      }
      if (status === 'online') this.touch(id, now);
      changed = false;
      return null;
    });
    return changed;
  }

  /** Devices still marked online that have said nothing since `before`. */
  silentSince(before: number): DeviceEntity[] {
    return [...this.devices.values()].filter(
      (d) => d.status === 'online' && d.lastSeen !== null && d.lastSeen < before,
    );
  }

  /** Notes that a device spoke (an event or telemetry); an unknown one is listed as unregistered. */
  touch(id: string, now: number, location?: LatLon): void {
    const known = this.devices.get(id);
    const row = known ?? this.row(id, now);
    row.lastSeen = now;
    if (!known) {
      if (location) Object.assign(row, { lat: location.lat, lon: location.lon });
      row.status = 'online';
      this.devices.set(id, row);
      this.events.deviceChanged$.next(toDevice(row));
    } else if (row.status !== 'online') {
      row.status = 'online';
      this.events.deviceChanged$.next(toDevice(row));
    }
    this.touched.add(id);
  }

  private row(id: string, now: number): DeviceEntity {
    const row = new DeviceEntity();
    Object.assign(row, {
      id,
      kind: null,
      name: null,
      names: null,
      lat: null,
      lon: null,
      zone: null,
      capabilities: [],
      status: 'unknown',
      registered: false,
      lastSeen: null,
      updatedAt: now,
      secretDigest: null,
      retired: false,
    });
    return row;
  }

  /**
   * Queues a change of one device behind its earlier ones. `change` sees the row as stored
   * (undefined when the hub has none) and returns the fields to change, or null for none;
   * the row written is the stored one with them, and the registry takes them once it is
   * committed. A touch during the write (lastSeen, online) stays and is flushed as usual.
   */
  private write(
    id: string,
    now: number,
    change: (stored: DeviceEntity | undefined) => Partial<DeviceEntity> | null,
  ): Promise<Device> {
    return this.writes.run(id, async () => {
      const stored = this.devices.get(id);
      const patch = change(stored);
      if (!patch) return toDevice(stored ?? this.row(id, now));
      const row = Object.assign(new DeviceEntity(), stored ?? this.row(id, now), patch);
      const seen = { lastSeen: stored?.lastSeen, status: stored?.status };
      await this.repository.store(row);
      // The registry's row is the one touch() changes in place; it may have moved meanwhile.
      const current = this.devices.get(id);
      const movedMeanwhile =
        !!current && (current.lastSeen !== seen.lastSeen || current.status !== seen.status);
      const lastSeen = current?.lastSeen ?? null;
      const next = current ? Object.assign(current, patch) : row;
      if (movedMeanwhile && lastSeen !== null)
        next.lastSeen = Math.max(next.lastSeen ?? 0, lastSeen);
      this.devices.set(id, next);
      if (!movedMeanwhile) this.touched.delete(id);
      const device = toDevice(next);
      this.events.deviceChanged$.next(device);
      this.events.deviceStored$.next(id);
      return device;
    });
  }

  /**
   * Cluster mode: another instance committed this device's row; the registry takes it as
   * stored (credentials, status, place), in turn with this instance's own writes of it. A
   * later lastSeen seen here is kept. Consoles hear of it from that instance's push.
   */
  refresh(id: string): Promise<void> {
    return this.writes.run(id, async () => {
      const stored = await this.repository.findById(id);
      if (!stored) return;
      const current = this.devices.get(id);
      if (current?.lastSeen != null && (stored.lastSeen ?? 0) < current.lastSeen)
        stored.lastSeen = current.lastSeen;
      this.devices.set(id, current ? Object.assign(current, stored) : stored);
    });
  }

  private async flushTouched(): Promise<void> {
    if (this.touched.size === 0) return;
    // A device with a write in flight waits for the next flush: this older row, stored
    // after that write, would undo it.
    const rows = [...this.touched]
      .filter((id) => !this.writes.busy(id))
      .map((id) => this.devices.get(id))
      .filter((r): r is DeviceEntity => !!r)
      // One order on every instance: two writing the same rows at once never deadlock.
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    for (const r of rows) this.touched.delete(r.id);
    try {
      await this.repository.upsert(rows);
    } catch (error) {
      this.logger.warn(`could not save device lastSeen: ${(error as Error).message}`);
      for (const r of rows) this.touched.add(r.id);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.flushTouched();
  }
}

function listed(id: string, row: DeviceEntity | undefined): void {
  if (!row || row.retired) throw new DomainError('NOT_FOUND', `no device ${id}`);
}

export function toDevice(row: DeviceEntity): Device {
  return {
    id: row.id,
    kind: row.kind,
    name: row.name,
    names: row.names ?? null,
    location: row.lat !== null && row.lon !== null ? { lat: row.lat, lon: row.lon } : null,
    zone: row.zone,
    capabilities: row.capabilities,
    status: row.status,
    registered: row.registered,
    provisioned: row.secretDigest !== null,
    lastSeen: row.lastSeen === null ? null : new Date(row.lastSeen).toISOString(),
  };
}
