import { haversineM, type LatLon } from '@ioc/shared';

const M_PER_DEG = 111_320;

/**
 * Buckets items in square cells about `cellM` metres wide so that a radius search looks
 * at a handful of cells instead of every item. x is longitude scaled at the equator; a
 * query widens its x range by 1/cos(lat), which keeps the search exact at any latitude.
 */
export class SpatialGrid<T> {
  private readonly cells = new Map<string, Map<string, T>>();
  private readonly cellOf = new Map<string, string>();

  constructor(
    private readonly cellM: number,
    private readonly locate: (item: T) => LatLon,
  ) {}

  get size(): number {
    return this.cellOf.size;
  }

  private static key(cx: number, cy: number): string {
    return `${cx}:${cy}`;
  }

  private cellCoords(p: LatLon): [number, number] {
    return [Math.floor((p.lon * M_PER_DEG) / this.cellM), Math.floor((p.lat * M_PER_DEG) / this.cellM)];
  }

  /** Adds or moves an item (after its location changed). */
  upsert(id: string, item: T): void {
    const [cx, cy] = this.cellCoords(this.locate(item));
    const key = SpatialGrid.key(cx, cy);
    const previous = this.cellOf.get(id);
    if (previous !== undefined && previous !== key) this.removeFromCell(previous, id);
    let cell = this.cells.get(key);
    if (!cell) {
      cell = new Map();
      this.cells.set(key, cell);
    }
    cell.set(id, item);
    this.cellOf.set(id, key);
  }

  remove(id: string): void {
    const key = this.cellOf.get(id);
    if (key === undefined) return;
    this.removeFromCell(key, id);
    this.cellOf.delete(id);
  }

  private removeFromCell(key: string, id: string): void {
    const cell = this.cells.get(key);
    if (!cell) return;
    cell.delete(id);
    if (cell.size === 0) this.cells.delete(key);
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
      for (let cy = y0; cy <= y1; cy++) {
        const cell = this.cells.get(SpatialGrid.key(cx, cy));
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
    for (const cell of this.cells.values()) yield* cell.values();
  }
}
