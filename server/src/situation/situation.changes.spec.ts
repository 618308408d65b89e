import { mergeChanges, type HistoryRow } from './situation.changes';

const incident = (seq: number, at: number): HistoryRow => ({
  at,
  body: JSON.stringify({ id: `inc-${seq}`, seq }),
});
const device = (id: string, at: number): HistoryRow => ({
  at,
  body: JSON.stringify({ id, status: 'online' }),
});

describe('the changes between two moments', () => {
  it('merges incident and device changes in time order', () => {
    const page = mergeChanges([incident(1, 10), incident(2, 30)], [device('cam-1', 20)], 100, 10);
    expect(page.until).toBe(100);
    expect(page.changes.map((c) => (c.kind === 'incident' ? c.incident.id : c.device.id))).toEqual([
      'inc-1',
      'cam-1',
      'inc-2',
    ]);
    expect(page.changes[0]?.at).toBe(new Date(10).toISOString());
  });

  it('ends a full page before the first row left out, so the next page misses nothing', () => {
    // limit 2: three rows read, the third (at 40) is left out; the device at 45 too.
    const page = mergeChanges(
      [incident(1, 10), incident(2, 20), incident(3, 40)],
      [device('cam-1', 15), device('cam-1', 45)],
      100,
      2,
    );
    expect(page.until).toBe(39);
    expect(page.changes).toHaveLength(3);
    const next = mergeChanges([incident(3, 40)], [device('cam-1', 45)], 100, 2);
    expect(next.changes).toHaveLength(2);
  });
});
