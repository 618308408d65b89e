/**
 * Markers that would sit on one another (two fires reported at one spot) are spread on a
 * small circle around their common point, so each stays visible and clickable. The
 * incident layer draws on a canvas, where `leaflet.markercluster` (DOM markers) cannot
 * reach, and its bubbles already count what is far apart at low zoom: this is the part
 * they leave, overlap among single markers.
 */
export interface SpreadPoint {
  x: number;
  y: number;
  /** Where the markers' common point is, when this one was moved away from it. */
  anchor: { x: number; y: number } | null;
}

/**
 * `xs`, `ys`: screen positions; `keys`: stable ids, so a group always spreads the same way.
 * Points closer than `nearPx` to a group's first point join it; a group of n is laid out
 * `spacingPx` apart on a circle, the first at twelve o'clock.
 */
export function spreadOverlapping(
  xs: readonly number[],
  ys: readonly number[],
  keys: readonly string[],
  nearPx: number,
  spacingPx: number,
): SpreadPoint[] {
  const out: SpreadPoint[] = xs.map((x, i) => ({ x, y: ys[i]!, anchor: null }));
  const cells = new Map<string, number[][]>();
  const groups: number[][] = [];
  const cellOf = (v: number) => Math.floor(v / nearPx);
  for (let i = 0; i < xs.length; i++) {
    const cx = cellOf(xs[i]!);
    const cy = cellOf(ys[i]!);
    let joined: number[] | null = null;
    search: for (let dx = -1; dx <= 1; dx++)
      for (let dy = -1; dy <= 1; dy++)
        for (const group of cells.get(`${cx + dx},${cy + dy}`) ?? []) {
          const first = group[0]!;
          if (Math.hypot(xs[first]! - xs[i]!, ys[first]! - ys[i]!) < nearPx) {
            joined = group;
            break search;
          }
        }
    if (joined) joined.push(i);
    else {
      const group = [i];
      groups.push(group);
      const key = `${cx},${cy}`;
      cells.set(key, [...(cells.get(key) ?? []), group]);
    }
  }
  for (const group of groups) {
    if (group.length < 2) continue;
    group.sort((a, b) => (keys[a]! < keys[b]! ? -1 : keys[a]! > keys[b]! ? 1 : 0));
    const n = group.length;
    const anchor = { x: xs[group[0]!]!, y: ys[group[0]!]! };
    // The chord between neighbours on the circle is spacingPx.
    const radius = spacingPx / (2 * Math.sin(Math.PI / n));
    group.forEach((index, k) => {
      const angle = -Math.PI / 2 + (2 * Math.PI * k) / n;
      out[index] = {
        x: anchor.x + radius * Math.cos(angle),
        y: anchor.y + radius * Math.sin(angle),
        anchor,
      };
    });
  }
  return out;
}
