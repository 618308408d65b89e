import { describe, expect, it } from '@jest/globals';
import { clusterGrid, mergeOverlapping } from './grid-cluster';

describe('grid clustering', () => {
  it('groups points by world-anchored cells and keeps singletons apart', () => {
    const xs = [10, 12, 55, 300];
    const ys = [10, 14, 12, 300];
    const clusters = clusterGrid(xs, ys, 4, 40);
    expect(clusters.map((c) => c.members)).toEqual([[0, 1], [2], [3]]);
    expect(clusters[0]).toMatchObject({ x: 11, y: 12 });
  });

  it('skips points the caller filters out', () => {
    expect(clusterGrid([0, 1, 2], [0, 1, 2], 3, 40, (i) => i !== 1).map((c) => c.members)).toEqual([
      [0, 2],
    ]);
  });

  it('gives the same cells after a pan (cells belong to the world, not the screen)', () => {
    const xs = [1000, 1010, 1100];
    const ys = [500, 505, 500];
    const before = clusterGrid(xs, ys, 3, 40).map((c) => c.members);
    // The same world points, read again after the view moved: membership is unchanged.
    expect(clusterGrid(xs, ys, 3, 40).map((c) => c.members)).toEqual(before);
  });

  it('folds bubbles that would overlap into the bigger one', () => {
    const clusters = [
      { x: 0, y: 0, members: [0, 1, 2, 3] },
      { x: 15, y: 0, members: [4] },
      { x: 200, y: 0, members: [5] },
    ];
    const merged = mergeOverlapping(clusters, (n) => 8 + n);
    expect(merged.map((c) => c.members.sort())).toEqual([[0, 1, 2, 3, 4], [5]]);
    expect(merged[0]!.x).toBeCloseTo(3);
  });
});
