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
}

export interface CurveChartSpec {
  heading: Heading;
  yTitle: string;
  formatY: (value: number) => string;
  lines: CurveLine[];
  /** A bound drawn across the whole memory range (the compulsory floor). */
  floor?: { label: string; drawing: CurveDrawing; y: number };
  logX: boolean;
  pageSize: number;
}

export function curveChartConfig(theme: Theme, spec: CurveChartSpec): ChartConfiguration<'line', Point[]> {
  const xs = spec.lines.flatMap((line) => line.points.map((p) => p.x));
  const range = memoryTicks(Math.min(...xs), Math.max(...xs), spec.logX);
  const datasets = spec.lines.map((line) => ({ label: line.label, data: line.points, ...curveDataset(theme, line.drawing) }));
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
        y: { ...yStyle, type: 'linear', beginAtZero: true, ticks: { ...(yStyle.ticks as object), callback: (v: number | string) => spec.formatY(Number(v)) } },
      },
    },
    plugins: [legendMarkers],
  } as ChartConfiguration<'line', Point[]>;
}
