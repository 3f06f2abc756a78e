/**
 * The numbers of a report's tables, chosen to tell policies apart (docs/reports.md defines each):
 * the knee; the memory from which a policy stays within 1.1× and 1.5× OPT's faults; its gap to OPT
 * averaged over the log memory axis; its faults against LRU's and FIFO's at fractions of the
 * footprint; and the sizes where two policies' curves cross.
 */
import { kneeIndex } from './knee.js';
import { optSeries, type Mode, type Series } from './series.js';

/** Faults at most these multiples of OPT's at the same memory size. */
export const OPT_FACTORS = [1.1, 1.5] as const;
/** Fractions of the footprint where each policy is compared with LRU and FIFO. */
export const DEFAULT_FRACTIONS = [0.1, 0.25, 0.5] as const;
/** Policies every other is compared with. */
export const BASELINES = ['lru', 'fifo'] as const;

/** Relative slack so that an exact multiple (110 against 100) counts as within despite binary rounding. */
const SLACK = 1 + 1e-12;

export interface NearOpt {
  factor: number;
  /**
   * Memory in pages from which on the faults stay at most `factor` × OPT's at every larger compared
   * size, interpolated on the log memory axis between the last size above and the first within;
   * null when the policy is above at its largest compared size.
   */
  frames: number | null;
  /** Already within at the smallest compared size (so the memory needed is at most `frames`). */
  atSmallest: boolean;
}

export interface Versus {
  fraction: number;
  /** The measured size nearest `fraction` × footprint on the log memory axis (ties: the smaller). */
  frames: number;
  faults: number;
  /** 1 − faults / the baseline's faults at `frames` (positive: fewer faults), when the baseline ran there. */
  improvement: Partial<Record<(typeof BASELINES)[number], number>>;
}

export interface KeyNumbers {
  label: string;
  mode: Mode;
  variable: boolean;
  opt: boolean;
  /** The knee (see knee.ts): memory in pages and the faults there. */
  knee?: { frames: number; faults: number };
  /** One entry per factor of OPT_FACTORS, when OPT of the same mode covers some of this series' sizes. */
  nearOpt?: NearOpt[];
  /** Mean of faults / OPT's − 1 over log₂ memory (trapezoids between compared sizes), with two compared sizes or more. */
  optGap?: number;
  /** Fixed-space series: faults against LRU's and FIFO's at fractions of the footprint. */
  versus?: Versus[];
}

export interface Crossing {
  mode: Mode;
  /** Labels of the two series; `a` has fewer faults below the crossing, `b` above it. */
  a: string;
  b: string;
  /** The measured sizes on either side of the sign change. */
  from: number;
  to: number;
  /** Where the faults' difference, interpolated linearly on log₂ memory, is zero. */
  frames: number;
}

/**
 * OPT's faults at `frames`: measured, or interpolated linearly between the two nearest measured
 * sizes (for variable-space points, whose mean sizes fall between them); undefined outside OPT's range.
 */
export function optFaultsAt(opt: Series, frames: number): number | undefined {
  const runs = opt.runs;
  for (let i = 0; i < runs.length; i++) {
    const hi = runs[i]!;
    if (hi.frames === frames) return hi.counters.faults;
    if (hi.frames > frames) {
      if (i === 0) return undefined;
      const lo = runs[i - 1]!;
      const t = (frames - lo.frames) / (hi.frames - lo.frames);
      return lo.counters.faults + t * (hi.counters.faults - lo.counters.faults);
    }
  }
  return undefined;
}

/** The series' sizes where OPT is known, with the ratio faults / OPT's faults (sizes where OPT has no fault are left out). */
export function optRatios(series: Series, opt: Series): { frames: number; ratio: number }[] {
  return series.runs.flatMap((run) => {
    const bound = optFaultsAt(opt, run.frames);
    return bound === undefined || bound <= 0 ? [] : [{ frames: run.frames, ratio: run.counters.faults / bound }];
  });
}

/** See `KeyNumbers.nearOpt`. */
export function memoryNearOpt(series: Series, opt: Series, factor: number): NearOpt | undefined {
  const r = optRatios(series, opt);
  if (r.length === 0) return undefined;
  const within = (i: number): boolean => r[i]!.ratio <= factor * SLACK;
  let j = r.length;
  while (j > 0 && within(j - 1)) j--;
  if (j === r.length) return { factor, frames: null, atSmallest: false };
  if (j === 0) return { factor, frames: r[0]!.frames, atSmallest: true };
  const above = r[j - 1]!;
  const first = r[j]!;
  const t = (above.ratio - factor) / (above.ratio - first.ratio);
  const frames = 2 ** (Math.log2(above.frames) + t * (Math.log2(first.frames) - Math.log2(above.frames)));
  return { factor, frames, atSmallest: false };
}

/** See `KeyNumbers.optGap`. */
export function optGap(series: Series, opt: Series): number | undefined {
  const r = optRatios(series, opt);
  if (r.length < 2) return undefined;
  let area = 0;
  for (let i = 1; i < r.length; i++) {
    area += ((r[i - 1]!.ratio - 1 + r[i]!.ratio - 1) / 2) * (Math.log2(r[i]!.frames) - Math.log2(r[i - 1]!.frames));
  }
  return area / (Math.log2(r[r.length - 1]!.frames) - Math.log2(r[0]!.frames));
}

/** The size of `series` nearest `target` pages on the log axis (ties: the smaller). */
function nearestSize(series: Series, target: number): number {
  let best = series.runs[0]!.frames;
  for (const run of series.runs) {
    if (Math.abs(Math.log(run.frames / target)) < Math.abs(Math.log(best / target)) - 1e-12) best = run.frames;
  }
  return best;
}

function versus(s: Series, all: Series[], footprint: number, fractions: readonly number[]): Versus[] {
  // A baseline is the policy run with its defaults (label = name), in the same memory mode.
  const baselines = BASELINES.map((name) => [name, all.find((b) => b.label === name && b.mode === s.mode && !b.variable)] as const);
  return fractions.map((fraction) => {
    const frames = nearestSize(s, fraction * footprint);
    const faults = s.runs.find((r) => r.frames === frames)!.counters.faults;
    const improvement: Versus['improvement'] = {};
    for (const [name, base] of baselines) {
      const baseFaults = base?.runs.find((r) => r.frames === frames)?.counters.faults;
      if (baseFaults !== undefined && baseFaults > 0) improvement[name] = 1 - faults / baseFaults;
    }
    return { fraction, frames, faults, improvement };
  });
}

export interface KeyNumberOptions {
  /** The trace's footprint in pages. */
  footprint: number;
  fractions?: readonly number[];
}

export function keyNumbers(series: Series[], options: KeyNumberOptions): KeyNumbers[] {
  return series.map((s) => {
    const row: KeyNumbers = { label: s.label, mode: s.mode, variable: s.variable, opt: s.opt };
    const knee = kneeIndex(
      s.runs.map((r) => r.frames),
      s.runs.map((r) => r.counters.faults),
    );
    if (knee !== undefined) row.knee = { frames: s.runs[knee]!.frames, faults: s.runs[knee]!.counters.faults };
    const opt = optSeries(series, s.mode);
    if (opt && !s.opt) {
      const near = OPT_FACTORS.map((f) => memoryNearOpt(s, opt, f));
      if (near.every((n) => n !== undefined)) row.nearOpt = near as NearOpt[];
      const gap = optGap(s, opt);
      if (gap !== undefined) row.optGap = gap;
    }
    if (!s.variable && !s.opt) row.versus = versus(s, series, options.footprint, options.fractions ?? DEFAULT_FRACTIONS);
    return row;
  });
}

/** Faults within this share of each other count as a tie for crossings (noise, not a change of order). */
export const CROSSING_TIE = 0.01;

/**
 * Where the curves of two fixed-space policies of one mode cross: at the sizes both ran, the sign of
 * their faults' difference changes (sizes where they tie within CROSSING_TIE are skipped).
 */
export function crossings(series: Series[]): Crossing[] {
  const fixed = series.filter((s) => !s.variable && !s.opt);
  const out: Crossing[] = [];
  for (let i = 0; i < fixed.length; i++) {
    for (let j = i + 1; j < fixed.length; j++) {
      const [p, q] = [fixed[i]!, fixed[j]!];
      if (p.mode !== q.mode) continue;
      const qAt = new Map(q.runs.map((r) => [r.frames, r.counters.faults]));
      const diffs = p.runs.flatMap((r) => {
        const other = qAt.get(r.frames);
        if (other === undefined) return [];
        const d = r.counters.faults - other;
        return Math.abs(d) <= CROSSING_TIE * Math.max(r.counters.faults, other) ? [] : [{ frames: r.frames, d }];
      });
      for (let k = 1; k < diffs.length; k++) {
        const [lo, hi] = [diffs[k - 1]!, diffs[k]!];
        if (Math.sign(lo.d) === Math.sign(hi.d)) continue;
        const t = lo.d / (lo.d - hi.d);
        const frames = 2 ** (Math.log2(lo.frames) + t * (Math.log2(hi.frames) - Math.log2(lo.frames)));
        const [a, b] = lo.d < 0 ? [p.label, q.label] : [q.label, p.label];
        out.push({ mode: p.mode, a, b, from: lo.frames, to: hi.frames, frames });
      }
    }
  }
  return out;
}
