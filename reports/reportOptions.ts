/** What a user can choose about a report, with defaults and checks against the results file. */
import type { Results } from '../simulators/results.js';
import { OptionError } from '../traces/index.js';
import { resolveStyle, type FigureStyle, type ResolvedStyle } from './figureStyle.js';
import { DEFAULT_FRACTIONS } from './keyNumbers.js';
import { formatCount, parseMemoryAmount } from './memoryUnits.js';
import { mainMode, type Series } from './series.js';

export interface ReportOptions extends FigureStyle {
  /** A figure-style file's contents (see figureStyle.ts); the other options win over it. */
  styleFile?: FigureStyle;
  /** Logarithmic memory axis (default: logarithmic when the sizes span a factor of 100 or more, as `auto` sizes do). */
  logX?: boolean;
  /** Memory sizes of the fault breakdown: pages, or amounts such as "4MiB" (default: three spread over the curve). */
  at?: readonly (number | string)[];
  /** Fractions of the footprint where key numbers compare each policy with LRU and FIFO (default 0.1, 0.25, 0.5). */
  fractions?: readonly number[];
}

export interface ResolvedOptions extends ResolvedStyle {
  logX: boolean;
  /** Breakdown sizes in pages, ascending. */
  at: number[];
  fractions: number[];
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

/** The style and fractions of `options`, checked: everything that does not depend on the results. */
function resolveFixed(options: ReportOptions): ResolvedStyle & { fractions: number[] } {
  const { styleFile, logX: _logX, at: _at, fractions: fractionsOption, ...style } = options;
  const resolved = resolveStyle(styleFile ?? {}, style);
  const fractions = [...(fractionsOption ?? DEFAULT_FRACTIONS)];
  const badFraction = fractions.find((f) => !(f > 0 && f <= 1));
  if (badFraction !== undefined) throw new OptionError('fractions', `${fractions.join(',')}: expected fractions of the footprint above 0 and at most 1`);
  return { ...resolved, fractions };
}

/**
 * Checks the options that do not depend on the results (style, formats, fractions), so that a run
 * whose report is asked for beforehand fails before the simulation rather than after it. The
 * breakdown sizes (`at`) are checked against the sizes run, with the results.
 */
export function checkReportOptions(options: ReportOptions): void {
  resolveFixed(options);
}

export function resolveOptions(results: Results, series: Series[], options: ReportOptions = {}): ResolvedOptions {
  const { logX, at: atOption } = options;
  const { fractions, ...resolved } = resolveFixed(options);
  const candidates = breakdownCandidates(series);
  let at = defaultBreakdownSizes(candidates);
  if (atOption !== undefined && atOption.length > 0) {
    const pageSize = results.trace.pageSize;
    at = atOption.map((v) => parseMemoryAmount(String(v), pageSize));
    const missing = at.find((pages) => !candidates.includes(pages));
    if (missing !== undefined) {
      throw new OptionError('at', `${formatCount(missing)} pages: the results hold no run at that size; sizes run: ${candidates.map(formatCount).join(', ') || 'none'}`);
    }
    at = [...new Set(at)].sort((a, b) => a - b);
  }
  return { ...resolved, logX: logX ?? spansDecades(results.sizes), at, fractions: [...new Set(fractions)].sort((a, b) => a - b) };
}
