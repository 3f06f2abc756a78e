/**
 * Figures of runs under allocations across processes (results with `processes` and per-process
 * counters), drawn beside the report's other figures, in each of the report's formats:
 *  - local-vs-global: the whole system's faults against memory size, one line per policy and
 *    allocation (global solid, local allocations dashed);
 *  - process-curves: small multiples, one panel per process (the most active ones), its faults
 *    against memory size under each allocation, every panel on the same axes;
 *  - fairness: at one memory size, each process's faults divided by its faults alone at its
 *    share of memory (its mean resident frames), per allocation: 1 is "as if alone";
 *  - resident-share: frames held by each process over the run, for one run.
 * The per-process data shape is `Results.processes` + `RunResult.perProcess` (simulators/results.ts).
 */
import type { ChartConfiguration } from 'chart.js';
import type { ProcessCounters, Results, RunResult } from '../simulators/results.js';
import { axisStyle, baseOptions, formatCompact, themeFor, type Heading, type Theme } from './chartStyle.js';
import { curveChartConfig, type CurveLine } from './curveChart.js';
import { formatCount, formatPages } from './memoryUnits.js';
import { PARTITIONED_DASH, slotStyle } from './palette.js';
import { chartGrid } from './chartGrid.js';
import { figureOfPixels, renderChart, renderChartSheet, type CanvasSize, type ChartSheet, type FigureFormat } from './renderChart.js';

/** A per-process figure: its file name without the format's extension, and how to draw it in a format. */
export interface ProcessFigure {
  name: string;
  caption: string;
  render(format: FigureFormat): Buffer;
}

/** Processes shown in per-process figures: the most references first, at most this many. */
export const MAX_PROCESS_PANELS = 9;

interface Curve {
  policy: string;
  allocation: string;
  global: boolean;
  runs: RunResult[];
}

function allocatedCurves(results: Results): Curve[] {
  const curves = new Map<string, Curve>();
  for (const run of results.runs) {
    if (!run.allocation || !run.perProcess) continue;
    const key = `${run.label}\u0000${run.allocation.label}`;
    let c = curves.get(key);
    if (!c) curves.set(key, (c = { policy: run.label, allocation: run.allocation.label, global: run.allocation.name === 'global', runs: [] }));
    c.runs.push(run);
  }
  for (const c of curves.values()) c.runs.sort((a, b) => a.frames - b.frames);
  return [...curves.values()];
}

function processName(results: Results, id: number): string {
  const p = results.processes![id]!;
  const command = p.command.split('/').pop() || p.command;
  return id === 0 ? 'unattributed' : `${p.label}${command ? ` ${command}` : ''}`;
}

/** Processes by references in the first run, most first, at most `n`. */
function busiest(run: RunResult, n: number): number[] {
  return run.perProcess!
    .map((c, id) => ({ id, refs: c.references }))
    .filter((p) => p.refs > 0)
    .sort((a, b) => b.refs - a.refs || a.id - b.id)
    .slice(0, n)
    .map((p) => p.id);
}

function heading(results: Results, title: string, detail: string): Heading {
  return { title: `${title} — ${results.trace.name}`, subtitle: `${formatCount(results.trace.references)} references · ${detail}` };
}

function linesOf(curves: Curve[], y: (run: RunResult) => number): CurveLine[] {
  // Allocations and processes are not policies: each gets the next look in order (names would hash, and collide).
  const allocations = [...new Set(curves.map((c) => c.allocation))];
  const policies = new Set(curves.map((c) => c.policy)).size;
  return curves.map((c) => {
    const style = slotStyle(allocations.indexOf(c.allocation));
    return {
      label: policies > 1 ? `${c.policy} · ${c.allocation}` : c.allocation,
      drawing: { ...style, dash: c.global ? [] : style.dash.length ? style.dash : PARTITIONED_DASH },
      points: c.runs.map((run) => ({ x: run.frames, y: y(run) })),
    };
  });
}

function localVsGlobal(results: Results, curves: Curve[], size: CanvasSize): ProcessFigure {
  const config = curveChartConfig(themeFor(figureOfPixels(size)), {
    heading: heading(results, 'Local against global allocation', `${new Set(curves.map((c) => c.allocation)).size} allocations`),
    yTitle: 'faults (whole system)',
    formatY: formatCompact,
    lines: linesOf(curves, (run) => run.counters.faults),
    logX: spans(curves),
    pageSize: results.trace.pageSize,
  });
  return {
    name: 'local-vs-global',
    caption: 'Faults of the whole system against memory size under each allocation: global replacement (solid) against local allocations (dashed).',
    render: (format) => renderChart(config, figureOfPixels(size), format),
  };
}

function spans(curves: Curve[]): boolean {
  const xs = curves.flatMap((c) => c.runs.map((r) => r.frames));
  return Math.max(...xs) / Math.max(1, Math.min(...xs)) >= 20;
}

/** Panels in a grid under a title: small multiples as one figure. */
function titledGrid(panels: ChartConfiguration<'line'>[], panel: CanvasSize, columns: number, title: string, theme: Theme): ChartSheet {
  const top = Math.round(theme.px(60));
  return { ...chartGrid(panels, panel, columns, top), title: { text: title, font: `bold ${theme.px(30)}px ${String(theme.font(30).family)}`, y: top * 0.7 } };
}

function processCurves(results: Results, curves: Curve[], size: CanvasSize): ProcessFigure | undefined {
  const policy = curves[0]!.policy;
  const mine = curves.filter((c) => c.policy === policy);
  const ids = busiest(mine[0]!.runs[0]!, MAX_PROCESS_PANELS);
  if (ids.length === 0) return undefined;
  const columns = Math.min(3, ids.length);
  const panel: CanvasSize = { width: Math.round(size.width / 1.5), height: Math.round(size.height / 1.6) };
  const theme = themeFor(figureOfPixels(panel));
  // Same axes in every panel: one y maximum over all processes shown.
  const yMax = Math.max(1, ...ids.flatMap((id) => mine.flatMap((c) => c.runs.map((r) => r.perProcess![id]!.faults))));
  const panels = ids.map((id) => {
    const config = curveChartConfig(theme, {
      heading: { title: processName(results, id), subtitle: `${formatCount(mine[0]!.runs[0]!.perProcess![id]!.references)} references` },
      yTitle: 'its faults',
      formatY: formatCompact,
      lines: linesOf(mine, (run) => run.perProcess![id]!.faults),
      logX: spans(mine),
      pageSize: results.trace.pageSize,
    });
    (config.options!.scales!.y as { max?: number }).max = yMax;
    return config;
  });
  const sheet = titledGrid(panels, panel, columns, `Per-process fault curves (${policy}) — ${results.trace.name}`, themeFor(figureOfPixels(size)));
  return {
    name: 'process-curves',
    caption: `Each process's faults against memory size under each allocation (${policy}), the ${ids.length} most active processes, on the same axes.`,
    render: (format) => renderChartSheet(sheet, format),
  };
}

/** The memory size of fairness and resident-share figures: the middle size of the runs. */
function middleSize(curves: Curve[]): number {
  const sizes = [...new Set(curves[0]!.runs.map((r) => r.frames))].sort((a, b) => a - b);
  return sizes[Math.floor((sizes.length - 1) / 2)]!;
}

function slowdown(c: ProcessCounters): number {
  return c.aloneFaults ? c.faults / c.aloneFaults : c.faults > 0 ? NaN : 1;
}

function fairness(results: Results, curves: Curve[], size: CanvasSize): ProcessFigure | undefined {
  const policy = curves[0]!.policy;
  const mine = curves.filter((c) => c.policy === policy);
  const frames = middleSize(mine);
  const runs = mine.map((c) => c.runs.find((r) => r.frames === frames)).filter((r): r is RunResult => r !== undefined);
  const ids = busiest(runs[0]!, MAX_PROCESS_PANELS).filter((id) => runs.some((r) => r.perProcess![id]!.aloneFaults !== undefined));
  if (ids.length === 0) return undefined;
  const theme = themeFor(figureOfPixels(size));
  const yStyle = axisStyle(theme, 'faults ÷ its faults alone at its share');
  const base = baseOptions<'bar'>(theme, heading(results, 'Fairness: each process against itself alone', `${policy} at ${formatPages(frames, results.trace.pageSize)}`));
  // Bars need filled legend boxes (the shared legend draws line samples).
  const legend = base.plugins!.legend!;
  legend.labels = { ...legend.labels, boxHeight: theme.px(20), boxWidth: theme.px(30) };
  const config: ChartConfiguration<'bar'> = {
    type: 'bar',
    data: {
      labels: ids.map((id) => processName(results, id)),
      datasets: runs.map((run, k) => ({
        label: run.allocation!.label,
        data: ids.map((id) => slowdown(run.perProcess![id]!)),
        backgroundColor: slotStyle(k).colour,
      })),
    },
    options: {
      ...base,
      scales: {
        x: { ...axisStyle(theme, 'process (most active first)') },
        y: { ...yStyle, type: 'linear', beginAtZero: true, ticks: { ...(yStyle.ticks as object), callback: (v: number | string) => Number(Number(v).toPrecision(3)).toString() } },
      },
    } as ChartConfiguration<'bar'>['options'],
  };
  return {
    name: 'fairness',
    caption: `Fairness at ${formatPages(frames, results.trace.pageSize)} (${policy}): each process's faults under each allocation divided by its faults running alone with its mean share of frames; 1 means as if alone, above 1 it suffers from sharing.`,
    render: (format) => renderChart(config, figureOfPixels(size), format),
  };
}

function residentShare(results: Results, curves: Curve[], size: CanvasSize): ProcessFigure | undefined {
  const curve = curves.find((c) => !c.global) ?? curves[0]!;
  const frames = middleSize([curve]);
  const run = curve.runs.find((r) => r.frames === frames)!;
  const positions = results.processSamples ?? [];
  const ids = busiest(run, MAX_PROCESS_PANELS);
  if (ids.length === 0 || positions.length === 0) return undefined;
  const theme = themeFor(figureOfPixels(size));

  const config = curveChartConfig(theme, {
    heading: heading(results, 'Frames held by each process over the run', `${curve.policy} · ${curve.allocation} at ${formatPages(frames, results.trace.pageSize)}`),
    yTitle: 'frames charged to the process',
    formatY: formatCompact,
    lines: ids.map((id, k) => ({
      label: processName(results, id),
      drawing: { ...slotStyle(k), thin: true },
      points: positions.map((x, k) => ({ x: x + 1, y: run.perProcess![id]!.resident[k]! })),
    })),
    logX: false,
    pageSize: results.trace.pageSize,
  });
  // The x axis is a position in the stream, not a memory size.
  const x = config.options!.scales!.x as { title?: { text?: string }; ticks?: { callback?: unknown } };
  if (x.title) x.title.text = 'records into the stream';
  if (x.ticks) x.ticks.callback = (v: number | string) => formatCompact(Number(v));
  return {
    name: 'resident-share',
    caption: `Frames charged to each of the most active processes over the run (${curve.policy}, ${curve.allocation}, ${formatPages(frames, results.trace.pageSize)}).`,
    render: (format) => renderChart(config, figureOfPixels(size), format),
  };
}

/** The per-process figures of `results`, rendered; none when no run has per-process counters. */
export function processFigures(results: Results, size: CanvasSize): ProcessFigure[] {
  if (!results.processes) return [];
  const curves = allocatedCurves(results);
  if (curves.length === 0) return [];
  const figures = [localVsGlobal(results, curves, size), processCurves(results, curves, size), fairness(results, curves, size), residentShare(results, curves, size)];
  return figures.filter((f): f is ProcessFigure => f !== undefined);
}
