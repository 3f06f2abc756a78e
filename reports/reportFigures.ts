/**
 * The figures of a report, each a Chart.js configuration with its file name and caption: the fault
 * curve, the fault breakdown, write-backs, paging time, and partitioned against unified memory.
 */
import type { ChartConfiguration } from 'chart.js';
import type { Results, RunResult } from '../simulators/results.js';
import { breakdownChartConfig } from './breakdownChart.js';
import { faultCauses } from './faultCauses.js';
import { formatCompact, themeFor, type Heading, type Theme } from './chartStyle.js';
import { curveChartConfig, type CurveChartSpec, type CurveLine, type YAxis } from './curveChart.js';
import { mergeOverlaps } from './overlap.js';
import { formatBytes } from '../traces/memoryAmounts.js';
import { formatCount, formatPages } from './memoryUnits.js';
import { FLOOR_STYLE, OPT_STYLE, PARTITIONED_DASH, assignStyles, type LineStyle } from './palette.js';
import type { ResolvedOptions } from './reportOptions.js';
import { countedReferences, mainMode, styledName, type Mode, type Series } from './series.js';

export interface Figure {
  /** File name without extension: one file per format. */
  name: string;
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

function heading(ctx: Context, title: string): Heading | undefined {
  if (!ctx.options.title) return undefined;
  const { trace: t, warmup } = ctx.results;
  const warm = warmup > 0 ? ` (first ${formatCount(warmup)} warm-up)` : '';
  const kinds = t.format === 'basic-named' ? ` (${formatCount(t.anonPages)} anonymous, ${formatCount(t.filePages)} file)` : '';
  return {
    title: `${title} — ${t.name}`,
    subtitle: `${formatCount(t.references)} references${warm} · footprint ${formatPages(t.pages, t.pageSize)}${kinds}`,
  };
}

/**
 * The series a figure draws: fixed-space ones (variable-space ones only when asked), only those
 * named when the style names some; OPT always.
 */
function drawn(ctx: Context, series: Series[]): Series[] {
  const chosen = ctx.options.series;
  return series.filter((s) => (ctx.options.variableSpace || !s.variable) && (s.opt || !chosen || chosen.includes(s.label) || chosen.includes(s.policy)));
}

/** The legend name of a series: the style's name for its label or policy, else its label. */
function nameOf(ctx: Context, s: Series, showMode = false): string {
  return styledName(s, ctx.options.labels, showMode);
}

/**
 * The style's order first (labels or policy names), then policies in results order, then OPT;
 * each policy's unified series before its partitioned one.
 */
function legendOrder(ctx: Context, series: Series[]): Series[] {
  const rank = new Map<string, number>();
  for (const s of series) if (!rank.has(s.label)) rank.set(s.label, rank.size);
  const order = ctx.options.order;
  const chosen = (s: Series): number => {
    const i = [s.label, s.policy].map((n) => order.indexOf(n)).find((k) => k >= 0);
    return i ?? order.length;
  };
  const key = (s: Series): number[] => [chosen(s), s.opt ? 1 : 0, rank.get(s.label)!, s.mode === 'unified' ? 0 : 1, s.variable ? 1 : 0];
  return [...series].sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    const i = ka.findIndex((v, j) => v !== kb[j]);
    return i < 0 ? 0 : ka[i]! - kb[i]!;
  });
}

/**
 * Lines of `series` in legend order; partitioned ones dashed and hollow when both modes are shown.
 * Identical lines are drawn once ("segq = lru"), near twins take turns for the markers.
 */
function lines(ctx: Context, series: Series[], y: (run: RunResult) => number, options: { showMode?: boolean; yAxis?: YAxis } = {}): CurveLine[] {
  const raw = legendOrder(ctx, drawn(ctx, series)).map((s) => {
    const style = s.opt ? { ...OPT_STYLE, ...ctx.options.looks.opt } : ctx.styles.get(s.label)!;
    const partitioned = options.showMode === true && s.mode === 'partitioned';
    return {
      label: nameOf(ctx, s, options.showMode),
      drawing: { ...style, dash: partitioned ? PARTITIONED_DASH : style.dash, hollow: partitioned },
      points: s.runs.map((run) => ({ x: run.frames, y: y(run) })),
    };
  });
  const scale = options.yAxis?.log ? (v: number) => Math.log10(v) : (v: number) => v;
  return mergeOverlaps(raw, scale).map((m) => ({ ...m.line, label: m.labels.join(' = '), markers: m.markers }));
}

/** The y axis of fault charts, as the style sets it. */
function faultAxis(ctx: Context): YAxis {
  return { log: ctx.options.logY, min: ctx.options.yMin, max: ctx.options.yMax };
}

interface FaultScale {
  /** Capitalised, for titles and captions. */
  name: string;
  /** The y axis title. */
  title: string;
  per: (faults: number) => number;
  format: (value: number) => string;
}

/** The y metric of fault charts: counts, per reference counted, or per 1,000 references counted. */
function faultScale(ctx: Context): FaultScale {
  if (ctx.options.y === 'faults') return { name: 'Faults', title: 'faults', per: (n) => n, format: formatCompact };
  const refs = countedReferences(ctx.results);
  const format = (v: number): string => Number(v.toPrecision(3)).toLocaleString('en-US');
  if (ctx.options.y === 'per-1000') {
    return { name: 'Faults per 1,000 references', title: 'faults per 1,000 references', per: (n) => (refs > 0 ? (1000 * n) / refs : 0), format };
  }
  return { name: 'Miss ratio', title: 'miss ratio (faults per reference)', per: (n) => (refs > 0 ? n / refs : 0), format };
}

/** A curve chart of this report: its heading, memory axis and page size filled in. */
function curveChart(ctx: Context, title: string, spec: Omit<CurveChartSpec, 'heading' | 'logX' | 'pageSize'>): Figure['config'] {
  const full: CurveChartSpec = { ...spec, heading: heading(ctx, title), logX: ctx.options.logX, pageSize: ctx.results.trace.pageSize };
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
    name: 'fault-curve',
    caption: `${scale.name} against memory size (${mainMode(ctx.series)} memory) for every policy, with ${bounds} as bounds.`,
    config: curveChart(ctx, `${scale.name} against memory size`, {
      yTitle: scale.title,
      formatY: scale.format,
      yAxis: faultAxis(ctx),
      lines: lines(ctx, series, (run) => scale.per(run.counters.faults), { yAxis: faultAxis(ctx) }),
      floor: floor(ctx),
    }),
  };
}

function breakdown(ctx: Context): Figure | undefined {
  const pageSize = ctx.results.trace.pageSize;
  const ordered = legendOrder(ctx, drawn(ctx, mainSeries(ctx)).filter((s) => !s.variable));
  const atSize = ctx.options.at.map((frames) => ({
    frames,
    bars: ordered.flatMap((s) => {
      const run = s.runs.find((r) => r.frames === frames);
      return run ? [{ label: nameOf(ctx, s), run }] : [];
    }),
  }));
  const runs = atSize.flatMap((g) => g.bars.map((b) => b.run));
  if (runs.length === 0) return undefined;
  const { causes, byKind, soft } = faultCauses(runs.map((r) => r.counters));
  const scale = faultScale(ctx);
  const sizes = ctx.options.at.map((f) => formatPages(f, pageSize)).join(', ');
  return {
    name: 'fault-breakdown',
    caption: `Faults by cause at ${sizes}: compulsory and capacity${byKind ? ', anonymous and file' : ''}${soft ? ', and soft faults stacked on top' : ''}.`,
    config: breakdownChartConfig(ctx.theme, {
      heading: heading(ctx, 'Faults by cause'),
      yTitle: scale.title,
      formatY: scale.format,
      segments: causes,
      groups: atSize.map((g) => ({
        label: `${formatCount(g.frames)} pages\n${formatBytes(g.frames * pageSize)}`,
        bars: g.bars.map((b) => ({ label: b.label, values: causes.map((c) => scale.per(b.run.counters[c.counter])) })),
      })),
    }) as Figure['config'],
  };
}

function writebacks(ctx: Context): Figure | undefined {
  const series = mainSeries(ctx);
  if (!series.some((s) => s.runs.some((r) => r.counters.writebacks > 0))) return undefined;
  return {
    name: 'write-backs',
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
    name: 'paging-time',
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
    name: 'partitioned-vs-unified',
    caption: `${scale.name} against memory size in unified memory (solid) and partitioned into anonymous and file pools (dashed)${best}.`,
    config: curveChart(ctx, 'Partitioned against unified memory', {
      yTitle: scale.title,
      formatY: scale.format,
      yAxis: faultAxis(ctx),
      lines: lines(ctx, fixed, (run) => scale.per(run.counters.faults), { showMode: true, yAxis: faultAxis(ctx) }),
      floor: floor(ctx),
    }),
  };
}

export function reportFigures(results: Results, series: Series[], options: ResolvedOptions): Figure[] {
  const styles = assignStyles(series.filter((s) => !s.opt), options.looks);
  const ctx: Context = { results, series, styles, theme: themeFor(options.size, options.lineScale), options };
  const figures = [faultCurve(ctx), breakdown(ctx), writebacks(ctx), pagingTime(ctx), partitioned(ctx)];
  return figures.filter((f): f is Figure => f !== undefined);
}
