/** What a user can choose about a report, with defaults and checks against the results file. */
import type { Results } from '../simulators/results.js';
import { OptionError } from '../traces/index.js';
import { DEFAULT_SIZE } from './chartStyle.js';
import { formatCount, parseMemoryAmount } from './memoryUnits.js';
import type { CanvasSize } from './renderChart.js';
import { mainMode, type Series } from './series.js';

import { Y_METRICS, type YMetric } from './yMetrics.js';
export { Y_METRICS, type YMetric };

export interface ReportOptions {
  /** The fault curve's and the breakdown's y axis (default faults). */
  y?: YMetric;
  /** Logarithmic memory axis (default: logarithmic when the sizes span a factor of 100 or more, as `auto` sizes do). */
  logX?: boolean;
  /** Memory sizes of the fault breakdown: pages, or amounts such as "4MiB" (default: three spread over the curve). */
  at?: readonly (number | string)[];
  /** Canvas size in pixels (default 1600×1000). */
  width?: number;
  height?: number;
}

export interface ResolvedOptions {
  y: YMetric;
  logX: boolean;
  /** Breakdown sizes in pages, ascending. */
  at: number[];
  size: CanvasSize;
}

const MIN_PIXELS = 300;
const MAX_PIXELS = 8000;

function pixels(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < MIN_PIXELS || value > MAX_PIXELS) {
    throw new OptionError(name, `${value}: expected a whole number of pixels from ${MIN_PIXELS} to ${MAX_PIXELS}`);
  }
  return value;
}

/** Sizes where the main mode has fixed-space runs: the sizes a breakdown can show. */
export function breakdownCandidates(series: Series[]): number[] {
  const mode = mainMode(series);
  const sizes = new Set(series.filter((s) => s.mode === mode && !s.variable).flatMap((s) => s.runs.map((r) => r.frames)));
  return [...sizes].sort((a, b) => a - b);
}

/** The default breakdown sizes: all of them up to three, else the quartiles of the measured sizes. */
export function defaultBreakdownSizes(candidates: readonly number[]): number[] {
  if (candidates.length <= 3) return [...candidates];
  const picks = [1, 2, 3].map((k) => candidates[Math.round(((candidates.length - 1) * k) / 4)]!);
  return [...new Set(picks)];
}

/** Sizes spread over two decades or more read better on a log axis. */
export function spansDecades(sizes: readonly number[]): boolean {
  const positive = sizes.filter((s) => s > 0);
  return positive.length >= 3 && Math.max(...positive) / Math.min(...positive) >= 100;
}

export function resolveOptions(results: Results, series: Series[], options: ReportOptions = {}): ResolvedOptions {
  const y = options.y ?? 'faults';
  if (!Y_METRICS.includes(y)) throw new OptionError('y', `${y}: expected ${Y_METRICS.join(' or ')}`);
  const candidates = breakdownCandidates(series);
  let at = defaultBreakdownSizes(candidates);
  if (options.at !== undefined && options.at.length > 0) {
    const pageSize = results.trace.pageSize;
    at = options.at.map((v) => parseMemoryAmount(String(v), pageSize));
    const missing = at.find((pages) => !candidates.includes(pages));
    if (missing !== undefined) {
      throw new OptionError(
        'at',
        `${formatCount(missing)} pages: the results hold no run at that size; sizes run: ${candidates.map(formatCount).join(', ') || 'none'}`,
      );
    }
    at = [...new Set(at)].sort((a, b) => a - b);
  }
  return {
    y,
    logX: options.logX ?? spansDecades(results.sizes),
    at,
    size: { width: pixels('width', options.width, DEFAULT_SIZE.width), height: pixels('height', options.height, DEFAULT_SIZE.height) },
  };
}
