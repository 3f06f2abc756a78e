/**
 * Curves that would hide each other. Identical ones (the same value at every size) are drawn once,
 * the legend naming them all ("SEGQ = LRU"); nearly identical ones (never farther apart than 1% of
 * the plot's height) keep their lines and take turns for the markers, so each shows its own.
 */

export interface PlottedLine {
  label: string;
  points: { x: number; y: number }[];
}

/** Nearly identical: at every size within this share of the y axis' span. */
export const NEAR_SHARE = 0.01;

export interface MergedLine<T extends PlottedLine> {
  /** The first line of the group; its style draws the group. */
  line: T;
  /** Labels of every line drawn as this one, in legend order. */
  labels: string[];
  /** Lines sharing the plot with near twins: this one draws a marker where the point's index mod `of` is `turn`. */
  markers?: { turn: number; of: number };
}

function sameXs(a: PlottedLine, b: PlottedLine): boolean {
  return a.points.length === b.points.length && a.points.every((p, i) => p.x === b.points[i]!.x);
}

/**
 * Merges identical lines (exactly equal y at the same xs) and marks near twins. `scale` maps a y
 * value to the axis (identity or log10), so "near" is measured as the eye sees the chart.
 */
export function mergeOverlaps<T extends PlottedLine>(lines: readonly T[], scale: (y: number) => number = (y) => y): MergedLine<T>[] {
  const merged: MergedLine<T>[] = [];
  for (const line of lines) {
    const twin = merged.find((m) => sameXs(m.line, line) && m.line.points.every((p, i) => p.y === line.points[i]!.y));
    if (twin) twin.labels.push(line.label);
    else merged.push({ line, labels: [line.label] });
  }
  const ys = lines.flatMap((l) => l.points.map((p) => scale(p.y))).filter(Number.isFinite);
  const tolerance = NEAR_SHARE * (Math.max(...ys) - Math.min(...ys));
  const near = (a: PlottedLine, b: PlottedLine): boolean =>
    sameXs(a, b) && a.points.length > 1 && a.points.every((p, i) => Math.abs(scale(p.y) - scale(b.points[i]!.y)) <= tolerance);
  const clusters: MergedLine<T>[][] = [];
  for (const m of merged) {
    const cluster = clusters.find((c) => near(c[0]!.line, m.line));
    if (cluster) cluster.push(m);
    else clusters.push([m]);
  }
  for (const cluster of clusters) {
    if (cluster.length > 1) cluster.forEach((m, turn) => (m.markers = { turn, of: cluster.length }));
  }
  return merged;
}
