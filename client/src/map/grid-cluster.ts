/**
 * Grid clustering in screen pixels. Cells are anchored to the world, not to the screen,
 * so clusters stay put while the map pans and only change when the zoom does.
 */
export interface Cluster {
  /** Mean position of the members, in the same pixel space as the input. */
  x: number;
  y: number;
  /** Indices into the input. */
  members: number[];
}

/**
 * Groups points (given as parallel x/y arrays of world pixels) by `cellPx` cells; `keep`
 * skips points, e.g. those off screen or filtered out. Singletons are clusters of one.
 */
export function clusterGrid(
  xs: ArrayLike<number>,
  ys: ArrayLike<number>,
  count: number,
  cellPx: number,
  keep: (index: number) => boolean = () => true,
): Cluster[] {
  const cells = new Map<number, Cluster>();
  const out: Cluster[] = [];
  // Far beyond any zoom's world width in cells, so keys never collide.
  const stride = 2 ** 26;
  for (let i = 0; i < count; i++) {
    if (!keep(i)) continue;
    const x = xs[i] as number;
    const y = ys[i] as number;
    const key = Math.floor(x / cellPx) * stride + Math.floor(y / cellPx);
    const cell = cells.get(key);
    if (cell) {
      const n = cell.members.length;
      cell.x += (x - cell.x) / (n + 1);
      cell.y += (y - cell.y) / (n + 1);
      cell.members.push(i);
    } else {
      const created: Cluster = { x, y, members: [i] };
      cells.set(key, created);
      out.push(created);
    }
  }
  return out;
}

/**
 * Grid cells are square but bubbles are round and grow with their count, so neighbours
 * can overlap. This pass folds every bubble that overlaps a bigger one into it (biggest
 * first). Kept bubbles are indexed in a coarse grid, so the pass stays near-linear.
 */
export function mergeOverlapping(
  clusters: Cluster[],
  radiusOf: (count: number) => number,
  slackPx = 2,
): Cluster[] {
  const ordered = [...clusters].sort((a, b) => b.members.length - a.members.length);
  const biggest = ordered[0] ? radiusOf(ordered[0].members.length) : 0;
  const cell = Math.max(8, biggest * 2);
  const index = new Map<number, Cluster[]>();
  const stride = 2 ** 26;
  const keyOf = (cx: number, cy: number): number => cx * stride + cy;
  const kept: Cluster[] = [];
  for (const cluster of ordered) {
    const radius = radiusOf(cluster.members.length);
    const cx = Math.floor(cluster.x / cell);
    const cy = Math.floor(cluster.y / cell);
    let host: Cluster | null = null;
    search: for (let dx = -1; dx <= 1; dx++) {
      for (let dy = -1; dy <= 1; dy++) {
        for (const other of index.get(keyOf(cx + dx, cy + dy)) ?? []) {
          const reach = radiusOf(other.members.length) + radius - slackPx;
          const ddx = other.x - cluster.x;
          const ddy = other.y - cluster.y;
          if (ddx * ddx + ddy * ddy < reach * reach) {
            host = other;
            break search;
          }
        }
      }
    }
    if (!host) {
      const created = { x: cluster.x, y: cluster.y, members: [...cluster.members] };
      kept.push(created);
      const key = keyOf(cx, cy);
      const bucket = index.get(key);
      if (bucket) bucket.push(created);
      else index.set(key, [created]);
      continue;
    }
    const total = host.members.length + cluster.members.length;
    host.x += ((cluster.x - host.x) * cluster.members.length) / total;
    host.y += ((cluster.y - host.y) * cluster.members.length) / total;
    host.members.push(...cluster.members);
  }
  return kept;
}
