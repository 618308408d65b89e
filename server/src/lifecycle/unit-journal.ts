import type { UnitBook } from './lifecycle.machine';

/** What the journal needs besides UnitBook: whether a unit is out on an incident, and putting it back. */
export interface RestorableUnitBook extends UnitBook {
  isOutOn(unitId: string, incidentId: string): boolean;
  /** Puts a released unit back on its incident if nobody took it meanwhile. */
  restore(unitId: string, incidentId: string): void;
}

/**
 * A UnitBook for one incident change that remembers what it did, so a change whose commit
 * fails (503) gives back the units it reserved and takes back the ones it released:
 * nothing of a failed change is stored, the units included.
 */
export class UnitJournal implements UnitBook {
  private readonly undo: (() => void)[] = [];

  constructor(private readonly units: RestorableUnitBook) {}

  reserve(unitId: string, incidentId: string): void {
    this.units.reserve(unitId, incidentId);
    this.undo.push(() => this.units.release(unitId, incidentId));
  }

  release(unitId: string, incidentId: string): void {
    if (!this.units.isOutOn(unitId, incidentId)) return;
    this.units.release(unitId, incidentId);
    this.undo.push(() => this.units.restore(unitId, incidentId));
  }

  rollback(): void {
    while (this.undo.length) this.undo.pop()!();
  }
}
