import type { Device } from '@ioc/shared';
import { Listeners } from './listeners';

/** The console's copy of the device list; a `device` message replaces the stored one. */
export class DeviceStore {
  private readonly devices = new Map<string, Device>();
  private readonly changed = new Listeners<string>();

  upsert(device: Device): void {
    this.devices.set(device.id, device);
    this.changed.emit(device.id);
  }

  get(id: string): Device | undefined {
    return this.devices.get(id);
  }

  values(): IterableIterator<Device> {
    return this.devices.values();
  }

  get size(): number {
    return this.devices.size;
  }

  countByStatus(): Record<Device['status'], number> {
    const counts = { online: 0, offline: 0, unknown: 0 };
    for (const device of this.devices.values()) counts[device.status] += 1;
    return counts;
  }

  onChange(listener: (id: string) => void): () => void {
    return this.changed.add(listener);
  }

  clear(): void {
    const ids = [...this.devices.keys()];
    this.devices.clear();
    for (const id of ids) this.changed.emit(id);
  }
}
