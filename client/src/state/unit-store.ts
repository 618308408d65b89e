import type { Unit } from '@ioc/shared';
import { Listeners } from './listeners';

/** Response units (GET /api/units, socket `unit`); the newest `updatedAt` wins. */
export class UnitStore {
  private readonly units = new Map<string, Unit>();
  private readonly changed = new Listeners<string>();

  upsert(unit: Unit): void {
    const known = this.units.get(unit.id);
    if (known && Date.parse(known.updatedAt) > Date.parse(unit.updatedAt)) return;
    this.units.set(unit.id, unit);
    this.changed.emit(unit.id);
  }

  get(id: string): Unit | undefined {
    return this.units.get(id);
  }

  values(): IterableIterator<Unit> {
    return this.units.values();
  }

  get size(): number {
    return this.units.size;
  }

  onChange(listener: (id: string) => void): () => void {
    return this.changed.add(listener);
  }
}
