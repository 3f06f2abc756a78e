/**
 * Curves that would hide each other. Identical ones (the same value at every size) are drawn once,
 * the legend naming them all ("SEGQ = LRU"); where curves run close together, they take turns for
 * the markers, so each shows its own.
 */

export interface PlottedLine {
  label: string;
  points: { x: number; y: number }[];
}

/** Points closer than this share of the y axis' span (about a marker's width) hide each other's markers. */
export const NEAR_SHARE = 0.02;

export interface MergedLine<T extends PlottedLine> {
  /** The first line of the group; its style draws the group. */
  line: T;
  /** Labels of every line drawn as this one, in legend order. */
  labels: string[];
  /** Per point: draw its marker (false where a near neighbour draws its own instead); undefined for all. */
  markers?: boolean[];
}

function sameXs(a: PlottedLine, b: PlottedLine): boolean {
  return a.points.length === b.points.length && a.points.every((p, i) => p.x === b.points[i]!.x);
}

/**
 * Merges identical lines (exactly equal y at the same xs) and spreads the markers of near ones:
 * at each memory size, points within NEAR_SHARE of the axis of each other (chained) form a group
 * of n, and the r-th of them in legend order keeps its marker at the k-th size of the figure only
 * when k mod n = r, so each curve shows its own markers where curves run together. `scale` maps a y
 * value to the axis (identity or log10), so "near" is measured as the eye sees the chart.
 */
export function mergeOverlaps<T extends PlottedLine>(lines: readonly T[], scale: (y: number) => number = (y) => y): MergedLine<T>[] {
  const merged: MergedLine<T>[] = [];
  for (const line of lines) {
    const twin = merged.find((m) => sameXs(m.line, line) && m.line.points.every((p, i) => p.y === line.points[i]!.y));
    if (twin) twin.labels.push(line.label);
    else merged.push({ line, labels: [line.label] });
  }
  const ys = merged.flatMap((m) => m.line.points.map((p) => scale(p.y))).filter(Number.isFinite);
  const tolerance = NEAR_SHARE * (Math.max(...ys) - Math.min(...ys));
  const xs = [...new Set(merged.flatMap((m) => m.line.points.map((p) => p.x)))].sort((a, b) => a - b);
  xs.forEach((x, k) => {
    const here = merged
      .flatMap((m, rank) => m.line.points.flatMap((p, i) => (p.x === x && Number.isFinite(scale(p.y)) ? [{ m, rank, i, y: scale(p.y) }] : [])))
      .sort((a, b) => a.y - b.y || a.rank - b.rank);
    let start = 0;
    for (let j = 1; j <= here.length; j++) {
      if (j < here.length && here[j]!.y - here[j - 1]!.y <= tolerance) continue;
      const group = here.slice(start, j).sort((a, b) => a.rank - b.rank);
      if (group.length > 1) {
        group.forEach((g, r) => {
          g.m.markers ??= g.m.line.points.map(() => true);
          g.m.markers[g.i] = k % group.length === r;
        });
      }
      start = j;
    }
  });
  return merged;
}
