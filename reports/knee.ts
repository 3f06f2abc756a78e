/**
 * The knee of a fault curve, after Satopää, Albrecht, Irwin and Raghavan, "Finding a 'Kneedle' in a
 * Haystack: Detecting Knee Points in System Behavior" (ICDCS workshops 2011): normalise both axes
 * of the measured points to [0, 1], draw the chord from the first point to the last, and take the
 * point farthest below it. Memory is normalised on a linear scale whatever the chart's axis, so the
 * knee does not depend on how the report is drawn; faults and miss ratio normalise to the same curve.
 */

/**
 * Index of the knee of the points (xs ascending, distinct), or undefined when there is none: fewer
 * than three points, a flat curve, or no point below the chord (a concave curve has no knee).
 * Ties (distances within 1e-9 of each other) go to the smaller memory.
 */
const TIE = 1e-9;

export function kneeIndex(xs: readonly number[], ys: readonly number[]): number | undefined {
  const n = xs.length;
  if (n < 3) return undefined;
  const x0 = xs[0]!;
  const xSpan = xs[n - 1]! - x0;
  const yMin = Math.min(...ys);
  const ySpan = Math.max(...ys) - yMin;
  if (xSpan <= 0 || ySpan <= 0) return undefined;
  const ny = (i: number): number => (ys[i]! - yMin) / ySpan;
  const first = ny(0);
  const last = ny(n - 1);
  let best: number | undefined;
  let bestDistance = 0;
  for (let i = 1; i < n - 1; i++) {
    const nx = (xs[i]! - x0) / xSpan;
    // Vertical distance below the chord: on normalised axes it orders points as the perpendicular one does.
    const distance = first + (last - first) * nx - ny(i);
    if (distance > bestDistance + TIE) {
      bestDistance = distance;
      best = i;
    }
  }
  return best;
}
