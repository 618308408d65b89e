import { UnitJournal, type RestorableUnitBook } from './unit-journal';

/** An in-memory book: unit → the incident it is out on. */
function book(
  initial: Record<string, string> = {},
): RestorableUnitBook & { out: Map<string, string> } {
  const out = new Map(Object.entries(initial));
  return {
    out,
    reserve: (unitId, incidentId) => {
      if (out.has(unitId)) throw new Error(`${unitId} busy`);
      out.set(unitId, incidentId);
    },
    release: (unitId, incidentId) => {
      if (out.get(unitId) === incidentId) out.delete(unitId);
    },
    isOutOn: (unitId, incidentId) => out.get(unitId) === incidentId,
    restore: (unitId, incidentId) => {
      if (!out.has(unitId)) out.set(unitId, incidentId);
    },
  };
}

describe('UnitJournal', () => {
  it('gives back a reserved unit when the change is rolled back', () => {
    const units = book();
    const journal = new UnitJournal(units);
    journal.reserve('fire-dalat', 'inc-1');
    expect(units.out.get('fire-dalat')).toBe('inc-1');
    journal.rollback();
    expect(units.out.has('fire-dalat')).toBe(false);
  });

  it('puts a released unit back, in reverse order', () => {
    const units = book({ 'rangers-langbiang': 'inc-1' });
    const journal = new UnitJournal(units);
    journal.release('rangers-langbiang', 'inc-1');
    journal.reserve('fire-dalat', 'inc-1');
    journal.rollback();
    expect(Object.fromEntries(units.out)).toEqual({ 'rangers-langbiang': 'inc-1' });
  });

  it('does not restore a unit that was not out on the incident', () => {
    const units = book({ 'fire-dalat': 'inc-2' });
    const journal = new UnitJournal(units);
    journal.release('fire-dalat', 'inc-1');
    journal.rollback();
    expect(Object.fromEntries(units.out)).toEqual({ 'fire-dalat': 'inc-2' });
  });

  it('does nothing on rollback when the reservation itself failed', () => {
    const units = book({ 'fire-dalat': 'inc-2' });
    const journal = new UnitJournal(units);
    expect(() => journal.reserve('fire-dalat', 'inc-1')).toThrow('busy');
    journal.rollback();
    expect(Object.fromEntries(units.out)).toEqual({ 'fire-dalat': 'inc-2' });
  });
});
