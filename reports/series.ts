/**
 * The curves of a results file: one series per policy configuration (label), memory mode and kind
 * of space, each with one run per memory size in ascending order.
 */
import type { Results, RunResult } from '../simulators/results.js';

export type Mode = RunResult['mode'];

export interface Series {
  label: string;
  policy: string;
  mode: Mode;
  /** Variable-space runs (WS, VMIN: `window` set): each point sits at its mean resident size. */
  variable: boolean;
  /** The OPT bound (policy `opt`). */
  opt: boolean;
  /** Partitioned mode: the most anonymous/file splits run at one size (the series keeps the best). */
  splits: number;
  /** Partitioned mode: the anonymous shares of memory asked for, ascending, when the results record them. */
  shares: number[];
  /** Every run was sampled (counters scaled up from a sample). */
  sampled: boolean;
  /** Ascending memory size, one run per size. */
  runs: RunResult[];
}

export const OPT_POLICY = 'opt';

/**
 * Groups the runs into series, in the order the results file first names them. Partitioned mode can
 * run several splits at one size; the series keeps the split with the fewest faults at each size
 * (ties: fewer anonymous frames), the best static partition a user could have chosen.
 */
export function seriesOf(results: Results): Series[] {
  const groups = new Map<string, RunResult[]>();
  for (const run of results.runs) {
    const key = JSON.stringify([run.mode, run.label, run.window !== undefined, run.allocation?.label]);
    const group = groups.get(key);
    if (group) group.push(run);
    else groups.set(key, [run]);
  }
  return [...groups.values()].map((runs) => {
    const first = runs[0]!;
    const bySize = new Map<number, RunResult[]>();
    for (const run of runs) bySize.set(run.frames, [...(bySize.get(run.frames) ?? []), run]);
    const chosen = [...bySize.values()].map((atSize) => atSize.reduce((best, run) => (isBetterSplit(run, best) ? run : best)));
    return {
      // Runs under allocations across processes: one series per allocation.
      label: first.allocation ? `${first.label} · ${first.allocation.label}` : first.label,
      policy: first.policy,
      mode: first.mode,
      variable: first.window !== undefined,
      opt: first.policy === OPT_POLICY,
      splits: Math.max(...[...bySize.values()].map((atSize) => atSize.length)),
      shares: [...new Set(runs.flatMap(anonShare))].sort((a, b) => a - b),
      sampled: runs.every((run) => run.method === 'sampled'),
      runs: chosen.sort((a, b) => a.frames - b.frames),
    };
  });
}

/** The anonymous share a partitioned run asked for (recorded by newer results files). */
function anonShare(run: RunResult): number[] {
  const share = (run.partition as Record<string, unknown> | undefined)?.anonShare;
  return typeof share === 'number' ? [share] : [];
}

function isBetterSplit(run: RunResult, best: RunResult): boolean {
  if (run.counters.faults !== best.counters.faults) return run.counters.faults < best.counters.faults;
  return (run.partition?.anonFrames ?? 0) < (best.partition?.anonFrames ?? 0);
}

function splitNote(s: Series): string {
  const shares = s.shares.map((share) => `${Number((share * 100).toPrecision(3))}%`);
  if (s.splits <= 1) return shares.length === 1 ? ` (${shares[0]} anonymous)` : '';
  return shares.length > 1 ? ` (best of ${shares.join(', ')} anonymous)` : ` (best of ${s.splits} splits)`;
}

/** A series' name in legends and tables: its label (OPT for the bound) or `base`, and what sets it apart. */
export function seriesName(s: Series, showMode: boolean, base?: string): string {
  let label = base ?? (s.opt ? 'OPT' : s.label);
  if (showMode) label += s.mode === 'partitioned' ? ', partitioned' : ', unified';
  if (s.mode === 'partitioned') label += splitNote(s);
  if (s.variable) label += ' (variable space, at mean resident size)';
  if (s.sampled) label += ' (sampled)';
  return label;
}

/** A series' name with the legend names a figure style gives (by label, then policy name). */
export function styledName(s: Series, labels: Readonly<Record<string, string>>, showMode = false): string {
  return seriesName(s, showMode, labels[s.label] ?? labels[s.policy]);
}

/** The mode a report draws first: unified when the results hold unified runs. */
export function mainMode(series: Series[]): Mode {
  return series.some((s) => s.mode === 'unified') ? 'unified' : 'partitioned';
}

/** The OPT bound of `mode` (fixed space), if the results hold one. */
export function optSeries(series: Series[], mode: Mode): Series | undefined {
  return series.find((s) => s.opt && s.mode === mode && !s.variable);
}

/** References counted after warm-up: the denominator of every miss ratio. */
export function countedReferences(results: Results): number {
  return Math.max(0, results.trace.references - results.warmup);
}
