/**
 * The memory-size axis: numeric (linear or logarithmic), ticks at powers of two of pages so that the
 * byte amounts under them are round, each labelled with pages above and bytes below.
 */
import type { Scale } from 'chart.js';
import { axisStyle, type Theme } from './chartStyle.js';
import { formatBytes } from '../traces/memoryAmounts.js';
import { formatCount } from './memoryUnits.js';

const MAX_TICKS = 9;

export interface AxisRange {
  min: number;
  max: number;
  ticks: number[];
}

/**
 * Linear: from 0 to `max`, ticks in steps of the smallest power of two that needs at most eight
 * steps to reach `max`. Logarithmic: from the power of two at or below `min` to the one at or above
 * `max`, ticks at every k-th power of two (at most nine).
 */
export function memoryTicks(min: number, max: number, log: boolean): AxisRange {
  if (!log) {
    let step = 1;
    while (Math.ceil(max / step) > MAX_TICKS - 1) step *= 2;
    const top = Math.max(max, step);
    const ticks: number[] = [];
    for (let t = 0; t <= top; t += step) ticks.push(t);
    return { min: 0, max: top, ticks };
  }
  // Sizes are positive; mean resident sizes of variable-space runs may be below one page.
  const lo = Math.floor(Math.log2(min));
  // The axis ends at the first power of two at or above `max`, even when no tick falls there.
  const hi = Math.max(lo + 1, Math.ceil(Math.log2(max)));
  const stride = Math.ceil((hi - lo + 1) / MAX_TICKS);
  const ticks: number[] = [];
  for (let e = lo; e <= hi; e += stride) ticks.push(2 ** e);
  return { min: 2 ** lo, max: 2 ** hi, ticks };
}

export function memoryAxis(theme: Theme, range: AxisRange, log: boolean, pageSize: number): Record<string, unknown> {
  const style = axisStyle(theme, `memory size: pages (${formatBytes(pageSize)} each), and bytes`);
  return {
    ...style,
    type: log ? 'logarithmic' : 'linear',
    min: range.min,
    max: range.max,
    afterBuildTicks(scale: Scale) {
      scale.ticks = range.ticks.map((value) => ({ value }));
    },
    ticks: {
      ...(style.ticks as object),
      autoSkip: false,
      maxRotation: 0,
      callback: (value: number | string) => [formatCount(Number(value)), formatBytes(Number(value) * pageSize)],
    },
  };
}
