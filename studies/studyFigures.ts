/**
 * The figures of a gathered study, drawn with the report charts' look (reports/):
 *  - `curves-NN.FORMAT`: small multiples, one panel per trace (at most 12 a sheet): miss ratio against
 *    memory size for every policy, OPT in black, the compulsory floor dotted.
 *  - `reduction-vs-BASELINE.FORMAT`: the cross-trace summary modern cache papers use — for each policy,
 *    the distribution over traces of its miss-ratio reduction relative to the baseline,
 *    (baseline − policy) / baseline, at each chosen fraction of the trace's footprint; boxes span
 *    the 25th to 75th percentile, whiskers the 10th to 90th, a bar marks the median, a dot the mean.
 *  - `index.md`: the figures with their captions.
 * Each figure is drawn in every format asked for (PNG by default; SVG and PDF keep every panel vector).
 * Lines use the main mode (unified if it was run; under `model.allocation`, the first allocation),
 * fixed-space policies, each configuration's first seed. Percentiles interpolate linearly between order statistics.
 */
import * as fs from 'node:fs';
import type { ChartConfiguration } from 'chart.js';
import { AtomicDirectory } from '../traces/atomicOutput.js';
import { chartGrid } from '../reports/chartGrid.js';
import { figureOfPixels, renderChartSheet, type ChartSheet, type FigureFormat } from '../reports/renderChart.js';
import { axisStyle, baseOptions, themeFor, type Theme } from '../reports/chartStyle.js';
import { curveChartConfig, type CurveLine } from '../reports/curveChart.js';
import { formatCount, formatPages } from '../reports/memoryUnits.js';
import { FLOOR_STYLE, OPT_STYLE, assignStyles, type LineStyle } from '../reports/palette.js';
import { fractionItem, type StudyPlan } from './plan.js';
import type { StudyRow, StudyTable } from './gather.js';

export interface FigureFile {
  /** The first format's file. */
  file: string;
  /** Every format's file, in the order asked for. */
  files: string[];
  caption: string;
}

const PANEL = { width: 960, height: 600 };
const COLUMNS = 3;
const PANELS_PER_SHEET = 12;

function percent(f: number): string {
  return `${Number((f * 100).toPrecision(3))}%`;
}

/** Rows a figure draws: the main mode, the first allocation (if any), fixed space, each configuration's first seed. */
function drawnRows(table: StudyTable, plan: StudyPlan): StudyRow[] {
  const mode = table.rows.some((r) => r.mode === 'unified') ? 'unified' : 'partitioned';
  const share = table.rows.find((r) => r.mode === mode)?.anonShare;
  const allocation = plan.spec.model.allocations[0]?.label;
  return table.rows.filter((r) => r.mode === mode && r.anonShare === share && r.allocation === allocation && r.window === undefined && r.seed === plan.spec.policies[r.policyIndex]!.seeds[0]);
}

function styleOf(styles: Map<string, LineStyle>, row: Pick<StudyRow, 'policy' | 'label'>): LineStyle {
  return row.policy === 'opt' ? OPT_STYLE : styles.get(row.label)!;
}

function curvePanels(theme: Theme, table: StudyTable, rows: StudyRow[], styles: Map<string, LineStyle>): ChartConfiguration<'line'>[] {
  return table.traces.flatMap((trace) => {
    const mine = rows.filter((r) => r.trace === trace.name);
    if (mine.length === 0) return [];
    const labels = [...new Set(mine.map((r) => r.label))];
    const lines: CurveLine[] = labels.map((label) => {
      const runs = mine.filter((r) => r.label === label);
      return { label: runs[0]!.policy === 'opt' ? 'OPT' : label, drawing: styleOf(styles, runs[0]!), points: runs.map((r) => ({ x: r.frames, y: r.missRatio })) };
    });
    const counted = Math.max(1, trace.references - trace.warmupReferences);
    return [
      curveChartConfig(theme, {
        heading: { title: trace.name, subtitle: `${formatCount(trace.references)} references · footprint ${formatPages(trace.pages, trace.pageSize)}` },
        yTitle: 'miss ratio',
        formatY: (v) => Number(v.toPrecision(3)).toString(),
        lines,
        floor: { label: 'compulsory floor', drawing: { ...FLOOR_STYLE, thin: true }, y: trace.compulsoryFloor / counted },
        logX: true,
        pageSize: trace.pageSize,
      }) as ChartConfiguration<'line'>,
    ];
  });
}

/** The q-quantile (0–1) of sorted values, interpolating linearly. */
export function quantile(sorted: number[], q: number): number {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

export interface Reduction {
  label: string;
  policy: string;
  /** One value per trace where the baseline misses at all: (baseline − policy) / baseline. */
  values: number[];
}

/** Each policy's miss-ratio reductions relative to the baseline at `fraction` of each trace's footprint. */
export function reductionsAt(table: StudyTable, rows: StudyRow[], fraction: number): Reduction[] {
  const byTrace = new Map<string, Map<string, StudyRow>>();
  for (const trace of table.traces) {
    // The size the plan added for this fraction: parseSizes' rounding of fraction × footprint.
    const frames = Math.max(1, Math.round(Number(fractionItem(fraction)) * trace.pages));
    byTrace.set(trace.name, new Map(rows.filter((r) => r.trace === trace.name && r.frames === frames).map((r) => [r.label, r])));
  }
  const labels = [...new Set(rows.map((r) => r.label))].filter((l) => l !== table.baseline);
  return labels.map((label) => {
    const values: number[] = [];
    let policy = '';
    for (const atSize of byTrace.values()) {
      const base = atSize.get(table.baseline);
      const row = atSize.get(label);
      if (!base || !row || base.missRatio === 0) continue;
      policy = row.policy;
      values.push((base.missRatio - row.missRatio) / base.missRatio);
    }
    return { label, policy, values: values.sort((a, b) => a - b) };
  });
}

function reductionPanel(theme: Theme, table: StudyTable, reductions: Reduction[], fraction: number, styles: Map<string, LineStyle>): ChartConfiguration<'bar'> {
  const shown = reductions.filter((r) => r.values.length > 0);
  const colours = shown.map((r) => styleOf(styles, r).colour);
  const stat = (f: (v: number[]) => number): number[] => shown.map((r) => f(r.values));
  const traces = Math.max(0, ...shown.map((r) => r.values.length));
  const yStyle = axisStyle(theme, `miss-ratio reduction vs ${table.baseline}`);
  const xStyle = axisStyle(theme, '');
  // Chart.js draws higher `order` first: whiskers, then boxes, then the median and mean on top.
  const marker = (label: string, data: number[], pointStyle: string, radius: number, order: number): Record<string, unknown> => ({
    type: 'line',
    label,
    data,
    order,
    showLine: false,
    pointStyle,
    pointRadius: radius,
    pointBorderWidth: theme.px(3),
    pointBorderColor: '#000000',
    pointBackgroundColor: '#000000',
  });
  const base = baseOptions<'bar'>(theme, { title: `At ${percent(fraction)} of each trace's footprint`, subtitle: `${traces} trace${traces === 1 ? '' : 's'} · box: 25th–75th percentile · whisker: 10th–90th · bar: median · dot: mean` });
  return {
    type: 'bar',
    data: {
      labels: shown.map((r) => (r.policy === 'opt' ? 'OPT' : r.label)),
      datasets: [
        { label: 'P10–P90', order: 3, data: shown.map((r) => [quantile(r.values, 0.1), quantile(r.values, 0.9)]), backgroundColor: '#000000', barPercentage: 0.03, grouped: false },
        { label: 'P25–P75', order: 2, data: shown.map((r) => [quantile(r.values, 0.25), quantile(r.values, 0.75)]), backgroundColor: colours.map((c) => `${c}99`), borderColor: '#000000', borderWidth: theme.px(2), borderSkipped: false, barPercentage: 0.5, grouped: false },
        marker('median', stat((v) => quantile(v, 0.5)), 'line', theme.px(40), 1),
        marker('mean', stat((v) => v.reduce((a, b) => a + b, 0) / v.length), 'circle', theme.px(7), 0),
      ] as never,
    },
    options: {
      ...base,
      plugins: { ...base.plugins, legend: { display: false } },
      scales: {
        x: { ...xStyle, title: { display: false }, grid: { display: false } },
        y: { ...yStyle, grace: '5%', ticks: { ...(yStyle.ticks as object), callback: (v: number | string) => percent(Number(v)) } },
      },
    },
  } as ChartConfiguration<'bar'>;
}

/** Draws the study's figures into `dir` (replaced as a whole, atomically). */
export function writeStudyFigures(table: StudyTable, plan: StudyPlan, dir: string, formats: readonly FigureFormat[] = ['png']): FigureFile[] {
  const theme = themeFor(figureOfPixels(PANEL));
  const rows = drawnRows(table, plan);
  const styles = assignStyles(plan.spec.policies.filter((p) => p.policy !== 'opt').map((p) => ({ label: p.label, policy: p.policy })));
  const sheets: { name: string; caption: string; sheet: ChartSheet }[] = [];
  const panels = curvePanels(theme, table, rows, styles);
  const sheetCount = Math.ceil(panels.length / PANELS_PER_SHEET);
  for (let s = 0; s < sheetCount; s++) {
    const part = panels.slice(s * PANELS_PER_SHEET, (s + 1) * PANELS_PER_SHEET);
    const which = sheetCount > 1 ? ` (traces ${s * PANELS_PER_SHEET + 1}–${s * PANELS_PER_SHEET + part.length} of ${panels.length})` : '';
    sheets.push({ name: `curves-${String(s + 1).padStart(2, '0')}`, caption: `Miss ratio against memory size, one panel per trace${which}, with OPT and the compulsory floor as bounds.`, sheet: chartGrid(part, PANEL, COLUMNS) });
  }
  const fractions = plan.spec.summary.fractions;
  const reductionPanels = fractions.map((f) => reductionPanel(theme, table, reductionsAt(table, rows, f), f, styles));
  if (table.traces.length > 0 && reductionPanels.length > 0) {
    sheets.push({
      name: `reduction-vs-${table.baseline.replace(/[^\w.-]+/g, '_')}`,
      caption: `Distribution over traces of each policy's miss-ratio reduction relative to ${table.baseline}, (${table.baseline} − policy) / ${table.baseline}, at ${fractions.map(percent).join(' and ')} of each trace's footprint: boxes span the 25th to 75th percentile, whiskers the 10th to 90th, the bar is the median, the dot the mean.`,
      sheet: chartGrid(reductionPanels, PANEL, fractions.length),
    });
  }
  const figures = sheets.map((s) => ({ file: `${s.name}.${formats[0]}`, files: formats.map((f) => `${s.name}.${f}`), caption: s.caption }));
  const out = new AtomicDirectory(dir);
  try {
    sheets.forEach((s, k) => formats.forEach((format, f) => fs.writeFileSync(out.file(figures[k]!.files[f]!), renderChartSheet(s.sheet, format))));
    const index = [`# ${table.name || 'Study'}: figures`, '', ...figures.flatMap((s) => [`![${s.file}](${s.file})`, '', s.caption, ''])].join('\n');
    fs.writeFileSync(out.file('index.md'), index);
    out.commit();
  } catch (err) {
    out.abort();
    throw err;
  }
  return figures;
}
