/**
 * The figures of a report, each a Chart.js configuration with its file name and caption: the fault
 * curve, the fault breakdown, write-backs, paging time, and partitioned against unified memory.
 */
import type { ChartConfiguration } from 'chart.js';
import type { Results, RunResult } from '../simulators/results.js';
import { breakdownChartConfig, type BreakdownSegment } from './breakdownChart.js';
import { formatCompact, themeFor, type Heading, type Theme } from './chartStyle.js';
import { curveChartConfig, type CurveChartSpec, type CurveLine } from './curveChart.js';
import { formatBytes, formatCount, formatPages } from './memoryUnits.js';
import { BREAKDOWN_COLOURS, FLOOR_STYLE, OPT_STYLE, PARTITIONED_DASH, assignStyles, type LineStyle } from './palette.js';
import type { ResolvedOptions } from './reportOptions.js';
import { countedReferences, mainMode, seriesName, type Mode, type Series } from './series.js';

export interface Figure {
  file: string;
  caption: string;
  config: ChartConfiguration<'line' | 'bar'>;
}

interface Context {
  results: Results;
  series: Series[];
  styles: Map<string, LineStyle>;
  theme: Theme;
  options: ResolvedOptions;
}

function heading(results: Results, title: string): Heading {
  const t = results.trace;
  const warm = results.warmup > 0 ? ` (first ${formatCount(results.warmup)} warm-up)` : '';
  return {
    title: `${title} — ${t.name}`,
    subtitle: `${formatCount(t.references)} references${warm} · footprint ${formatPages(t.pages, t.pageSize)} · ${t.format}`,
  };
}

/** Policies in results order, then OPT; each policy's unified series before its partitioned one. */
function legendOrder(series: Series[]): Series[] {
  const rank = new Map<string, number>();
  for (const s of series) if (!rank.has(s.label)) rank.set(s.label, rank.size);
  const key = (s: Series): number[] => [s.opt ? 1 : 0, rank.get(s.label)!, s.mode === 'unified' ? 0 : 1, s.variable ? 1 : 0];
  return [...series].sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    const i = ka.findIndex((v, j) => v !== kb[j]);
    return i < 0 ? 0 : ka[i]! - kb[i]!;
  });
}

/** Lines of `series` in legend order; partitioned ones dashed and hollow when both modes are shown. */
function lines(ctx: Context, series: Series[], y: (run: RunResult) => number, showMode = false): CurveLine[] {
  return legendOrder(series).map((s) => {
    const style = s.opt ? OPT_STYLE : ctx.styles.get(s.label)!;
    const partitioned = showMode && s.mode === 'partitioned';
    return {
      label: seriesName(s, showMode),
      drawing: { ...style, dash: partitioned ? PARTITIONED_DASH : style.dash, hollow: partitioned },
      points: s.runs.map((run) => ({ x: run.frames, y: y(run) })),
    };
  });
}

interface FaultScale {
  /** Capitalised, for titles and captions. */
  name: string;
  /** The y axis title. */
  title: string;
  per: (faults: number) => number;
  format: (value: number) => string;
}

/** The y metric of fault charts: counts, or per reference counted. */
function faultScale(ctx: Context): FaultScale {
  if (ctx.options.y === 'faults') return { name: 'Faults', title: 'faults', per: (n) => n, format: formatCompact };
  const refs = countedReferences(ctx.results);
  return {
    name: 'Miss ratio',
    title: 'miss ratio (faults per reference)',
    per: (n) => (refs > 0 ? n / refs : 0),
    format: (v) => Number(v.toPrecision(3)).toString(),
  };
}

/** A curve chart of this report: its heading, memory axis and page size filled in. */
function curveChart(ctx: Context, title: string, spec: Omit<CurveChartSpec, 'heading' | 'logX' | 'pageSize'>): Figure['config'] {
  const full: CurveChartSpec = { ...spec, heading: heading(ctx.results, title), logX: ctx.options.logX, pageSize: ctx.results.trace.pageSize };
  return curveChartConfig(ctx.theme, full) as Figure['config'];
}

function floor(ctx: Context): CurveChartSpec['floor'] {
  const faults = ctx.results.compulsoryFloor;
  const label = `compulsory floor (${formatCount(faults)} faults)`;
  return { label, drawing: { ...FLOOR_STYLE, thin: true }, y: faultScale(ctx).per(faults) };
}

function mainSeries(ctx: Context): Series[] {
  const mode = mainMode(ctx.series);
  return ctx.series.filter((s) => s.mode === mode);
}

function faultCurve(ctx: Context): Figure {
  const scale = faultScale(ctx);
  const series = mainSeries(ctx);
  const hasOpt = series.some((s) => s.opt && !s.variable);
  const bounds = hasOpt ? 'OPT and the compulsory floor' : 'the compulsory floor (no OPT runs in the results)';
  return {
    file: 'fault-curve.png',
    caption: `${scale.name} against memory size (${mainMode(ctx.series)} memory) for every policy, with ${bounds} as bounds.`,
    config: curveChart(ctx, `${scale.name} against memory size`, {
      yTitle: scale.title,
      formatY: scale.format,
      lines: lines(ctx, series, (run) => scale.per(run.counters.faults)),
      floor: floor(ctx),
    }),
  };
}

interface Segments {
  parts: { segment: BreakdownSegment; value: (run: RunResult) => number }[];
  byKind: boolean;
  soft: boolean;
}

function breakdownSegments(ctx: Context, runs: RunResult[]): Segments {
  const c = BREAKDOWN_COLOURS;
  const byKind = runs.some((r) => r.counters.anonCompulsory + r.counters.anonCapacity + r.counters.fileCompulsory + r.counters.fileCapacity > 0);
  const segments: { segment: BreakdownSegment; value: (run: RunResult) => number }[] = byKind
    ? [
        { segment: { label: 'compulsory, anonymous', colour: c.compulsoryAnon }, value: (r) => r.counters.anonCompulsory },
        { segment: { label: 'compulsory, file', colour: c.compulsoryFile }, value: (r) => r.counters.fileCompulsory },
        { segment: { label: 'capacity, anonymous', colour: c.capacityAnon }, value: (r) => r.counters.anonCapacity },
        { segment: { label: 'capacity, file', colour: c.capacityFile }, value: (r) => r.counters.fileCapacity },
      ]
    : [
        { segment: { label: 'compulsory', colour: c.compulsory }, value: (r) => r.counters.compulsoryFaults },
        { segment: { label: 'capacity', colour: c.capacity }, value: (r) => r.counters.capacityFaults },
      ];
  const soft = runs.some((r) => r.counters.softFaults > 0);
  if (soft) {
    segments.push({ segment: { label: 'soft faults (no I/O)', colour: c.softFaults, hatched: true }, value: (r) => r.counters.softFaults });
  }
  const scale = faultScale(ctx);
  return { parts: segments.map(({ segment, value }) => ({ segment, value: (r) => scale.per(value(r)) })), byKind, soft };
}

function breakdown(ctx: Context): Figure | undefined {
  const pageSize = ctx.results.trace.pageSize;
  const ordered = legendOrder(mainSeries(ctx).filter((s) => !s.variable));
  const atSize = ctx.options.at.map((frames) => ({
    frames,
    bars: ordered.flatMap((s) => {
      const run = s.runs.find((r) => r.frames === frames);
      return run ? [{ label: s.opt ? 'OPT' : s.label, run }] : [];
    }),
  }));
  const runs = atSize.flatMap((g) => g.bars.map((b) => b.run));
  if (runs.length === 0) return undefined;
  const { parts, byKind, soft } = breakdownSegments(ctx, runs);
  const scale = faultScale(ctx);
  const sizes = ctx.options.at.map((f) => formatPages(f, pageSize)).join(', ');
  return {
    file: 'fault-breakdown.png',
    caption: `Faults by cause at ${sizes}: compulsory and capacity${byKind ? ', anonymous and file' : ''}${soft ? ', and soft faults stacked on top' : ''}.`,
    config: breakdownChartConfig(ctx.theme, {
      heading: heading(ctx.results, 'Faults by cause'),
      yTitle: scale.title,
      formatY: scale.format,
      segments: parts.map((s) => s.segment),
      groups: atSize.map((g) => ({
        label: `${formatCount(g.frames)} pages · ${formatBytes(g.frames * pageSize)}`,
        bars: g.bars.map((b) => ({ label: b.label, values: parts.map((s) => s.value(b.run)) })),
      })),
    }) as Figure['config'],
  };
}

function writebacks(ctx: Context): Figure | undefined {
  const series = mainSeries(ctx);
  if (!series.some((s) => s.runs.some((r) => r.counters.writebacks > 0))) return undefined;
  return {
    file: 'write-backs.png',
    caption: 'Write-backs (evictions of dirty pages, which cost a write to disk or swap) against memory size for every policy.',
    config: curveChart(ctx, 'Write-backs against memory size', {
      yTitle: 'write-backs (dirty pages evicted)',
      formatY: formatCompact,
      lines: lines(ctx, series, (run) => run.counters.writebacks),
    }),
  };
}

const TIME_UNITS = [
  { unit: 's', seconds: 1 },
  { unit: 'ms', seconds: 1e-3 },
  { unit: 'µs', seconds: 1e-6 },
];

function pagingTime(ctx: Context): Figure {
  const series = mainSeries(ctx);
  const most = Math.max(...series.flatMap((s) => s.runs.map((r) => r.cost.seconds)));
  const { unit, seconds } = TIME_UNITS.find((u) => most >= u.seconds) ?? TIME_UNITS[TIME_UNITS.length - 1]!;
  const model = ctx.results.costModel.name;
  return {
    file: 'paging-time.png',
    caption: `Estimated paging time under the ${model} cost model against memory size for every policy.`,
    config: curveChart(ctx, `Estimated paging time (cost model ${model})`, {
      yTitle: `estimated paging time (${unit})`,
      formatY: formatCompact,
      lines: lines(ctx, series, (run) => run.cost.seconds / seconds),
    }),
  };
}

/** Fixed-space series of policies run in both modes (all of them if none was). */
function comparedInBothModes(series: Series[]): Series[] {
  const fixed = series.filter((s) => !s.variable);
  const modes = new Map<string, Set<Mode>>();
  for (const s of fixed) modes.set(s.label, (modes.get(s.label) ?? new Set()).add(s.mode));
  const both = fixed.filter((s) => modes.get(s.label)!.size === 2);
  return both.length > 0 ? both : fixed;
}

function partitioned(ctx: Context): Figure | undefined {
  const fixed = comparedInBothModes(ctx.series);
  if (!fixed.some((s) => s.mode === 'unified') || !fixed.some((s) => s.mode === 'partitioned')) return undefined;
  const scale = faultScale(ctx);
  const best = fixed.some((s) => s.splits > 1) ? ' (where several anonymous/file splits were run, the best split at each size)' : '';
  return {
    file: 'partitioned-vs-unified.png',
    caption: `${scale.name} against memory size in unified memory (solid) and partitioned into anonymous and file pools (dashed)${best}.`,
    config: curveChart(ctx, 'Partitioned against unified memory', {
      yTitle: scale.title,
      formatY: scale.format,
      lines: lines(ctx, fixed, (run) => scale.per(run.counters.faults), true),
      floor: floor(ctx),
    }),
  };
}

export function reportFigures(results: Results, series: Series[], options: ResolvedOptions): Figure[] {
  const styles = assignStyles(series.filter((s) => !s.opt).map((s) => s.label));
  const ctx: Context = { results, series, styles, theme: themeFor(options.size), options };
  const figures = [faultCurve(ctx), breakdown(ctx), writebacks(ctx), pagingTime(ctx), partitioned(ctx)];
  return figures.filter((f): f is Figure => f !== undefined);
}
