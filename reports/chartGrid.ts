/**
 * Small multiples: several charts as panels of one figure, row by row — a sheet for
 * renderChart.ts's `renderChartSheet`, which draws it in any figure format.
 */
import type { ChartConfiguration } from 'chart.js';
import type { CanvasSize, ChartSheet } from './renderChart.js';

/** The sheet of `panels`, `columns` to a row, each `panel` canvas units, below a band of `top` units for a title. */
export function chartGrid(panels: ChartConfiguration<'line' | 'bar'>[], panel: CanvasSize, columns: number, top = 0): ChartSheet {
  const cols = Math.max(1, Math.min(columns, panels.length));
  const rows = Math.ceil(panels.length / cols);
  return {
    width: cols * panel.width,
    height: top + rows * panel.height,
    panels: panels.map((config, i) => ({ config: config as ChartSheet['panels'][number]['config'], x: (i % cols) * panel.width, y: top + Math.floor(i / cols) * panel.height, ...panel })),
  };
}
