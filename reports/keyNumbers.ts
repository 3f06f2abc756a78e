/** The numbers of a report's table: each curve's knee, and the memory each policy needs to come near OPT. */
import { kneeIndex } from './knee.js';
import { optSeries, type Mode, type Series } from './series.js';

/** "Within 10% of OPT": faults at most 1.1 × OPT's faults at the same memory size. */
export const OPT_TOLERANCE = 0.1;

export interface KeyNumbers {
  label: string;
  mode: Mode;
  variable: boolean;
  opt: boolean;
  /** The knee (see knee.ts): memory in pages and the faults there. */
  knee?: { frames: number; faults: number };
  /**
   * Comparison with OPT of the same mode, present when OPT's curve covers some of this series'
   * sizes: `frames` is the smallest measured size from which on the policy stays within the
   * tolerance at every larger measured size, or undefined when it is not within at its largest one.
   */
  nearOpt?: { frames: number | undefined; largestCompared: number };
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

/** See `KeyNumbers.nearOpt`. */
export function memoryNearOpt(series: Series, opt: Series, tolerance = OPT_TOLERANCE): KeyNumbers['nearOpt'] {
  const compared = series.runs.flatMap((run) => {
    const bound = optFaultsAt(opt, run.frames);
    // The relative slack keeps an exact 10% (110 against 100) within despite binary rounding.
    const within = bound !== undefined && run.counters.faults <= bound * (1 + tolerance) * (1 + 1e-12);
    return bound === undefined ? [] : [{ frames: run.frames, within }];
  });
  if (compared.length === 0) return undefined;
  let frames: number | undefined;
  for (let i = compared.length - 1; i >= 0 && compared[i]!.within; i--) frames = compared[i]!.frames;
  return { frames, largestCompared: compared[compared.length - 1]!.frames };
}

export function keyNumbers(series: Series[]): KeyNumbers[] {
  return series.map((s) => {
    const row: KeyNumbers = { label: s.label, mode: s.mode, variable: s.variable, opt: s.opt };
    const knee = kneeIndex(
      s.runs.map((r) => r.frames),
      s.runs.map((r) => r.counters.faults),
    );
    if (knee !== undefined) row.knee = { frames: s.runs[knee]!.frames, faults: s.runs[knee]!.counters.faults };
    const opt = optSeries(series, s.mode);
    if (opt && !s.opt) row.nearOpt = memoryNearOpt(s, opt);
    return row;
  });
}
