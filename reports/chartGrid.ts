/**
 * Small multiples: several charts drawn as panels of one PNG, row by row, on white. Each panel is
 * rendered on its own canvas (Chart.js draws one chart per canvas) and then placed on the sheet.
 */
import { createCanvas, Image } from '@napi-rs/canvas';
import type { ChartConfiguration } from 'chart.js';
import { figureOfPixels, renderChart, type CanvasSize } from './renderChart.js';

export function renderChartGrid(panels: ChartConfiguration<'line' | 'bar'>[], panel: CanvasSize, columns: number): Buffer {
  const cols = Math.max(1, Math.min(columns, panels.length));
  const rows = Math.ceil(panels.length / cols);
  const sheet = createCanvas(cols * panel.width, rows * panel.height);
  const ctx = sheet.getContext('2d');
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, sheet.width, sheet.height);
  panels.forEach((config, i) => {
    const image = new Image();
    image.src = renderChart(config, figureOfPixels(panel));
    ctx.drawImage(image, (i % cols) * panel.width, Math.floor(i / cols) * panel.height);
  });
  return sheet.toBuffer('image/png');
}
