import { haversineM, type LatLon } from '@ioc/shared';

const M_PER_DEG = 111_320;

/**
 * Buckets items in square cells about `cellM` metres wide so that a radius search looks
 * at a handful of cells instead of every item. x is longitude scaled at the equator; a
 * query widens its x range by 1/cos(lat), which keeps the search exact at any latitude.
 */
export class SpatialGrid<T> {
  /**
   * Cells by column, then row: integer keys, so a search allocates no key strings (it
   * looks at nine cells per event, and string keys would be a visible share of the
   * hub's garbage, docs/benchmarks.md).
   */
  private readonly columns = new Map<number, Map<number, Map<string, T>>>();
  private readonly cellOf = new Map<string, { cx: number; cy: number }>();

  constructor(
    private readonly cellM: number,
    private readonly locate: (item: T) => LatLon,
  ) {}

  get size(): number {
    return this.cellOf.size;
  }

  private cell(cx: number, cy: number): Map<string, T> | undefined {
    return this.columns.get(cx)?.get(cy);
  }

  /** Adds or moves an item (after its location changed). */
  upsert(id: string, item: T): void {
    const p = this.locate(item);
    const cx = Math.floor((p.lon * M_PER_DEG) / this.cellM);
    const cy = Math.floor((p.lat * M_PER_DEG) / this.cellM);
    const previous = this.cellOf.get(id);
    if (previous && previous.cx === cx && previous.cy === cy) {
      this.cell(cx, cy)?.set(id, item);
      return;
    }
    if (previous) this.removeFromCell(previous.cx, previous.cy, id);
    let column = this.columns.get(cx);
    if (!column) {
      column = new Map();
      this.columns.set(cx, column);
    }
    let cell = column.get(cy);
    if (!cell) {
      cell = new Map();
      column.set(cy, cell);
    }
    cell.set(id, item);
    this.cellOf.set(id, { cx, cy });
  }

  remove(id: string): void {
    const at = this.cellOf.get(id);
    if (at === undefined) return;
    this.removeFromCell(at.cx, at.cy, id);
    this.cellOf.delete(id);
  }

  private removeFromCell(cx: number, cy: number, id: string): void {
    const column = this.columns.get(cx);
    const cell = column?.get(cy);
    if (!column || !cell) return;
    cell.delete(id);
    if (cell.size > 0) return;
    column.delete(cy);
    if (column.size === 0) this.columns.delete(cx);
  }

  /** Items within `radiusM` of `center`, with their distance, nearest first. */
  within(center: LatLon, radiusM: number): { item: T; distanceM: number }[] {
    const cosLat = Math.max(Math.cos((Math.min(Math.abs(center.lat), 85) * Math.PI) / 180), 0.05);
    const x = center.lon * M_PER_DEG;
    // 1 % margin on y: a degree of latitude is up to 111.7 km, not 111.32.
    const y = center.lat * M_PER_DEG;
    const dx = radiusM / cosLat;
    const dy = radiusM * 1.01;
    const x0 = Math.floor((x - dx) / this.cellM);
    const x1 = Math.floor((x + dx) / this.cellM);
    const y0 = Math.floor((y - dy) / this.cellM);
    const y1 = Math.floor((y + dy) / this.cellM);
    const found: { item: T; distanceM: number }[] = [];
    for (let cx = x0; cx <= x1; cx++) {
      const column = this.columns.get(cx);
      if (!column) continue;
      for (let cy = y0; cy <= y1; cy++) {
        const cell = column.get(cy);
        if (!cell) continue;
        for (const item of cell.values()) {
          const distanceM = haversineM(center, this.locate(item));
          if (distanceM <= radiusM) found.push({ item, distanceM });
        }
      }
    }
    return found.sort((a, b) => a.distanceM - b.distanceM);
  }

  *values(): IterableIterator<T> {
    for (const column of this.columns.values())
      for (const cell of column.values()) yield* cell.values();
  }
}
