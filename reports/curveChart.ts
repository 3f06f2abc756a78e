/** A line chart of one quantity against memory size: one line per curve, optional horizontal floor. */
import type { ChartConfiguration } from 'chart.js';
import { axisStyle, baseOptions, curveDataset, legendMarkers, type CurveDrawing, type Heading, type Theme } from './chartStyle.js';
import { memoryAxis, memoryTicks } from './memoryAxis.js';

export interface Point {
  x: number;
  y: number;
}

export interface CurveLine {
  label: string;
  drawing: CurveDrawing;
  points: Point[];
  /** Per point: draw its marker (false where a near neighbour draws its own); undefined for all. */
  markers?: boolean[];
}

/** The y axis: linear from 0 unless a range is given, or logarithmic. */
export interface YAxis {
  log: boolean;
  min?: number;
  max?: number;
}

export interface CurveChartSpec {
  /** Title and subtitle; none when undefined. */
  heading: Heading | undefined;
  yTitle: string;
  formatY: (value: number) => string;
  lines: CurveLine[];
  yAxis?: YAxis;
  /** A bound drawn across the whole memory range (the compulsory floor). */
  floor?: { label: string; drawing: CurveDrawing; y: number };
  logX: boolean;
  pageSize: number;
}

export function curveChartConfig(theme: Theme, spec: CurveChartSpec): ChartConfiguration<'line', Point[]> {
  const xs = spec.lines.flatMap((line) => line.points.map((p) => p.x));
  const range = memoryTicks(Math.min(...xs), Math.max(...xs), spec.logX);
  const datasets = spec.lines.map((line) => {
    const dataset: Record<string, unknown> = { label: line.label, data: line.points, ...curveDataset(theme, line.drawing) };
    const shown = line.markers;
    if (!shown) return dataset;
    return { ...dataset, pointRadius: line.points.map((_, i) => (shown[i] ? dataset.pointRadius : 0)) };
  });
  if (spec.floor) {
    const { label, drawing, y } = spec.floor;
    const data = [
      { x: range.min, y },
      { x: range.max, y },
    ];
    datasets.push({ label, data, ...curveDataset(theme, { ...drawing, thin: true }) });
  }
  const yStyle = axisStyle(theme, spec.yTitle);
  return {
    type: 'line',
    data: { datasets },
    options: {
      ...baseOptions<'line'>(theme, spec.heading),
      scales: {
        x: memoryAxis(theme, range, spec.logX, spec.pageSize),
        y: yScale(spec, yStyle),
      },
    },
    plugins: [legendMarkers],
  } as unknown as ChartConfiguration<'line', Point[]>;
}

/** Log axes label only the ticks at 1, 2 and 5 times a power of ten, which are far enough apart. */
function labelledOnLog(v: number): boolean {
  const mantissa = Math.round(v / 10 ** Math.floor(Math.log10(v) + 1e-9));
  return [1, 2, 5].includes(mantissa);
}

function yScale(spec: CurveChartSpec, style: Record<string, unknown>): Record<string, unknown> {
  const axis = spec.yAxis ?? { log: false };
  const ticks = style.ticks as object;
  const range = { ...(axis.min !== undefined ? { min: axis.min } : {}), ...(axis.max !== undefined ? { max: axis.max } : {}) };
  if (axis.log) {
    return { ...style, ...range, type: 'logarithmic', ticks: { ...ticks, autoSkip: false, callback: (v: number | string) => (labelledOnLog(Number(v)) ? spec.formatY(Number(v)) : '') } };
  }
  return { ...style, ...range, type: 'linear', beginAtZero: axis.min === undefined, ticks: { ...ticks, callback: (v: number | string) => spec.formatY(Number(v)) } };
}
