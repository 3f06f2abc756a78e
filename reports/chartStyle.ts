/**
 * The look shared by every chart: sizes in units of a design at 200 dpi, black text and axes on
 * white, light grid, title and subtitle, legend entries that show each curve's line, dash and marker.
 */
import type { Chart, ChartOptions, ChartType, FontSpec, Plugin } from 'chart.js';
import { drawPoint } from 'chart.js/helpers';
import { CHART_FONT_FAMILY } from './chartFont.js';
import { canvasSize, type CanvasSize, type FigureSize } from './renderChart.js';

/** The design's unit: one pixel at 200 dpi (a 1600×1000 canvas is 8 × 5 inches). */
const DESIGN_DPI = 200;
const TEXT = '#000000';
const GRID = '#e3e3e3';

/** Sizes for one figure: `px(n)` is n units of the design in canvas pixels, so text keeps its size in points at any DPI. */
export interface Theme {
  size: CanvasSize;
  px(n: number): number;
  /** `px` for lines and markers, times the style's line scale (thinner in print). */
  stroke(n: number): number;
  font(n: number, weight?: 'bold'): Partial<FontSpec>;
}

export function themeFor(size: FigureSize, lineScale = 1): Theme {
  const scale = size.dpi / DESIGN_DPI;
  const px = (n: number): number => Math.max(1, Math.round(n * scale * 2) / 2);
  return {
    size: canvasSize(size),
    px,
    stroke: (n) => px(n * lineScale),
    font: (n, weight) => ({ family: CHART_FONT_FAMILY, size: px(n), weight: weight ?? 'normal' }),
  };
}

export interface Heading {
  title: string;
  subtitle: string;
}

/** Options every chart shares: title and subtitle (unless `heading` is undefined), legend above the plot, padding. */
export function baseOptions<T extends ChartType>(theme: Theme, heading: Heading | undefined): ChartOptions<T> {
  const { px, font } = theme;
  return {
    color: TEXT,
    layout: { padding: { left: px(24), right: px(40), top: px(16), bottom: px(16) } },
    plugins: {
      title: { display: heading !== undefined, text: heading?.title ?? '', color: TEXT, font: font(30, 'bold'), padding: { top: 0, bottom: px(6) } },
      subtitle: { display: heading !== undefined, text: heading?.subtitle ?? '', color: '#333333', font: font(20), padding: { bottom: px(14) } },
      legend: {
        position: 'top',
        labels: { color: TEXT, font: font(20), boxWidth: theme.stroke(52), boxHeight: 0, padding: px(18) },
      },
    },
  } as ChartOptions<T>;
}

/** Axis options shared by x and y: black border and ticks, light grid, large labels. */
export function axisStyle(theme: Theme, title: string): Record<string, unknown> {
  const { px, font } = theme;
  return {
    border: { color: TEXT, width: px(1.5) },
    grid: { color: GRID, lineWidth: px(1), tickColor: TEXT, tickLength: px(8) },
    ticks: { color: TEXT, font: font(19), padding: px(6) },
    title: { display: true, text: title, color: TEXT, font: font(22), padding: { top: px(10), bottom: px(4) } },
  };
}

/** Dataset options of one curve. */
export interface CurveDrawing {
  colour: string;
  marker: string;
  /** In multiples of the line width. */
  dash: number[];
  hollow?: boolean;
  /** Thinner line and no markers (bounds such as the compulsory floor). */
  thin?: boolean;
}

export function curveDataset(theme: Theme, d: CurveDrawing): Record<string, unknown> {
  const width = theme.stroke(d.thin ? 2.5 : 3.5);
  return {
    borderColor: d.colour,
    backgroundColor: d.hollow ? '#ffffff' : d.colour,
    borderWidth: width,
    borderDash: d.dash.map((n) => n * width),
    pointStyle: d.marker,
    pointRadius: d.thin ? 0 : theme.stroke(7),
    pointBorderWidth: theme.stroke(2.5),
    pointBorderColor: d.colour,
    pointBackgroundColor: d.hollow ? '#ffffff' : d.colour,
    tension: 0,
    // Markers at the ends of the axes show whole.
    clip: false,
  };
}

interface LegendHitBox {
  left: number;
  top: number;
  height: number;
}

/**
 * Chart.js draws a legend entry's box as a line (box height 0, with the dataset's dash); this adds
 * the dataset's marker in its middle, as a paper's legend shows it.
 */
export const legendMarkers: Plugin = {
  id: 'faultlineLegendMarkers',
  afterDraw(chart: Chart) {
    const legend = chart.legend as unknown as { legendHitBoxes?: LegendHitBox[]; legendItems?: { datasetIndex?: number }[] } | undefined;
    const boxes = legend?.legendHitBoxes ?? [];
    const items = legend?.legendItems ?? [];
    const boxWidth = Number(chart.options.plugins?.legend?.labels?.boxWidth ?? 0);
    const { ctx } = chart;
    items.forEach((item, i) => {
      const box = boxes[i];
      const dataset = item.datasetIndex === undefined ? undefined : (chart.data.datasets[item.datasetIndex] as unknown as Record<string, unknown> | undefined);
      // A near twin's radii are per point (zero where the twin draws): the legend shows the marker.
      const radius = Math.max(0, ...[dataset?.pointRadius ?? 0].flat().map(Number));
      if (!box || !dataset || radius <= 0 || typeof dataset.pointStyle !== 'string') return;
      ctx.save();
      ctx.fillStyle = String(dataset.pointBackgroundColor);
      ctx.strokeStyle = String(dataset.pointBorderColor);
      ctx.lineWidth = Number(dataset.pointBorderWidth);
      drawPoint(ctx, { pointStyle: dataset.pointStyle as never, radius, borderWidth: Number(dataset.pointBorderWidth), rotation: 0 }, box.left + boxWidth / 2, box.top + box.height / 2);
      ctx.restore();
    });
  },
};

/** Counts as people read them on an axis: 950, 12K, 1.5M. */
export function formatCompact(n: number): string {
  return n.toLocaleString('en-US', { notation: 'compact', maximumFractionDigits: 2 });
}
