/**
 * Draws one Chart.js chart description as PNG, SVG or PDF. Chart.js sees no DOM here, so it uses
 * its basic platform: no animation, no resizing. The layout is made once in canvas units (pixels
 * of the PNG: inches × DPI), and each format draws that layout:
 *
 * - PNG: @napi-rs/canvas (Skia) raster; the encoder writes no time chunk.
 * - PDF: Skia's PDF back end, through the same canvas calls scaled to points (1/72 in): text stays
 *   text in the embedded typeface (a TrueType subset), and Skia writes no date or document ID
 *   unless asked, so the same chart gives the same bytes.
 * - SVG: our own context (svgContext.ts), text as `<text>` with the typeface embedded.
 */
import { PDFDocument, createCanvas, type SKRSContext2D } from '@napi-rs/canvas';
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LineController,
  LineElement,
  LinearScale,
  LogarithmicScale,
  PointElement,
  SubTitle,
  Title,
  type ChartConfiguration,
  type ChartItem,
  type ChartType,
  type Plugin,
} from 'chart.js';
import { chartFontFaces, registerChartFont } from './chartFont.js';
import { SvgContext } from './svgContext.js';
import type { FigureFormat, FigureSize } from './figureFormats.js';

export { FIGURE_FORMATS, type FigureFormat, type FigureSize } from './figureFormats.js';

export interface CanvasSize {
  width: number;
  height: number;
}

/** The canvas the layout is made on: the PNG's pixels. */
export function canvasSize(size: FigureSize): CanvasSize {
  return { width: Math.round(size.width * size.dpi), height: Math.round(size.height * size.dpi) };
}

/**
 * The figure that draws `pixels` at `dpi`: for layouts composed in pixels (small-multiple sheets),
 * at the resolution the chart style is designed for unless told otherwise.
 */
export function figureOfPixels(pixels: CanvasSize, dpi = 200): FigureSize {
  return { width: pixels.width / dpi, height: pixels.height / dpi, dpi };
}

/** The PDF page: the figure's size in points (1/72 in), rounded to whole points. */
export function pdfPageSize(size: FigureSize): CanvasSize {
  return { width: Math.round(size.width * 72), height: Math.round(size.height * 72) };
}

let registered = false;

function registerChartComponents(): void {
  if (registered) return;
  Chart.register(
    LineController,
    LineElement,
    PointElement,
    BarController,
    BarElement,
    LinearScale,
    LogarithmicScale,
    CategoryScale,
    Legend,
    Title,
    SubTitle,
  );
  registerChartFont();
  registered = true;
}

const whiteBackground: Plugin = {
  id: 'faultlineWhiteBackground',
  beforeDraw(chart) {
    const { ctx } = chart;
    ctx.save();
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, chart.width, chart.height);
    ctx.restore();
  },
};

/** In SVG, each dataset becomes one group named for its series (`<g class="series" data-series=…>`). */
const svgSeriesGroups: Plugin = {
  id: 'faultlineSvgSeriesGroups',
  beforeDatasetDraw(chart, args) {
    const ctx = chart.ctx as unknown;
    if (ctx instanceof SvgContext) ctx.beginGroup({ class: 'series', 'data-series': String(chart.data.datasets[args.index]?.label ?? '') });
  },
  afterDatasetDraw(chart) {
    const ctx = chart.ctx as unknown;
    if (ctx instanceof SvgContext) ctx.endGroup();
  },
};

/** Something Chart.js can draw on: an object with `getContext('2d')`. */
interface DrawingSurface {
  getContext(kind: '2d'): unknown;
}

/** Draws `config` on `surface`, then returns what `finish` makes of it (before the chart is destroyed, which clears it). */
function draw<T extends ChartType, R>(config: ChartConfiguration<T>, surface: DrawingSurface, finish: () => R): R {
  registerChartComponents();
  const chart = new Chart(surface as unknown as ChartItem, {
    ...config,
    options: { ...config.options, responsive: false, animation: false, devicePixelRatio: 1, locale: 'en-US' },
    plugins: [whiteBackground as Plugin<T>, svgSeriesGroups as Plugin<T>, ...(config.plugins ?? [])],
  } as ChartConfiguration<T>);
  try {
    return finish();
  } finally {
    chart.destroy();
  }
}

/**
 * A PDF page's context as Chart.js must see it: a canvas of `canvas` units whose every transform
 * is scaled to points (Chart.js resets the transform itself, so the scale is applied on each set).
 */
function scaledContext(ctx: SKRSContext2D, canvas: CanvasSize, scale: number): unknown {
  ctx.scale(scale, scale);
  return new Proxy(ctx, {
    get(target, key) {
      if (key === 'canvas') return canvas;
      if (key === 'setTransform') {
        return (a: number, b: number, c: number, d: number, e: number, f: number) => target.setTransform(a * scale, b * scale, c * scale, d * scale, e * scale, f * scale);
      }
      if (key === 'resetTransform') return () => target.setTransform(scale, 0, 0, scale, 0, 0);
      const value = Reflect.get(target, key, target) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
    set(target, key, value) {
      return Reflect.set(target, key, value, target);
    },
  });
}

/** Renders `config` at `size` in `format` and returns the file's bytes. */
export function renderChart<T extends ChartType>(config: ChartConfiguration<T>, size: FigureSize, format: FigureFormat = 'png'): Buffer {
  const pixels = canvasSize(size);
  switch (format) {
    case 'png': {
      const canvas = createCanvas(pixels.width, pixels.height);
      return draw(config, canvas, () => canvas.toBuffer('image/png'));
    }
    case 'svg': {
      const ctx = new SvgContext(pixels.width, pixels.height);
      return draw(config, { getContext: () => ctx }, () => ctx.toSvg(size.width, size.height, chartFontFaces()));
    }
    case 'pdf': {
      registerChartComponents();
      const doc = new PDFDocument({ creator: 'faultline', producer: 'faultline' });
      // Skia's pages are whole points: the figure is scaled to fit the rounded page (by under 0.5 pt).
      const points = pdfPageSize(size);
      const page = doc.beginPage(points.width, points.height);
      const ctx = scaledContext(page as unknown as SKRSContext2D, pixels, Math.min(points.width / pixels.width, points.height / pixels.height));
      draw(config, { getContext: () => ctx }, () => doc.endPage());
      return doc.close();
    }
  }
}
