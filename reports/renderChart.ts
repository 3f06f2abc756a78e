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
import { Image, PDFDocument, createCanvas, type SKRSContext2D } from '@napi-rs/canvas';
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
 * A context as Chart.js must see it when it draws one chart on part of a page: a canvas of
 * `canvas` units whose origin is at (`x`, `y`) of the page, every transform scaled by `scale`
 * (PDF pages are in points). Chart.js resets the transform itself, so origin and scale are applied
 * on each set.
 */
function placedContext<C extends object>(ctx: C & { setTransform(a: number, b: number, c: number, d: number, e: number, f: number): void }, canvas: CanvasSize, scale: number, x = 0, y = 0): unknown {
  ctx.setTransform(scale, 0, 0, scale, x * scale, y * scale);
  return new Proxy(ctx, {
    get(target, key) {
      if (key === 'canvas') return canvas;
      if (key === 'setTransform') {
        return (a: number, b: number, c: number, d: number, e: number, f: number) => target.setTransform(a * scale, b * scale, c * scale, d * scale, (e + x) * scale, (f + y) * scale);
      }
      if (key === 'resetTransform') return () => target.setTransform(scale, 0, 0, scale, x * scale, y * scale);
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
      const ctx = placedContext(page as unknown as SKRSContext2D, pixels, Math.min(points.width / pixels.width, points.height / pixels.height));
      draw(config, { getContext: () => ctx }, () => doc.endPage());
      return doc.close();
    }
  }
}

/** A figure made of several charts (small multiples) under an optional title, laid out in canvas units. */
export interface ChartSheet {
  /** The whole sheet, in canvas units (the PNG's pixels). */
  width: number;
  height: number;
  title?: { text: string; font: string; y: number };
  panels: { config: ChartConfiguration<ChartType>; x: number; y: number; width: number; height: number }[];
}

/** Anything a sheet's title can be written on: the PNG's, the SVG's or the PDF page's context. */
interface TextContext {
  fillStyle: unknown;
  font: string;
  textAlign: string;
  fillText(text: string, x: number, y: number): void;
  setTransform(a: number, b: number, c: number, d: number, e: number, f: number): void;
}

/** Draws `sheet` in `format` at `dpi` canvas units per inch: vector panels in SVG and PDF, one raster in PNG. */
export function renderChartSheet(sheet: ChartSheet, format: FigureFormat = 'png', dpi = 200): Buffer {
  registerChartComponents();
  const size: FigureSize = { width: sheet.width / dpi, height: sheet.height / dpi, dpi };
  const title = (ctx: TextContext, scale: number): void => {
    if (!sheet.title) return;
    ctx.setTransform(scale, 0, 0, scale, 0, 0);
    ctx.fillStyle = '#000000';
    ctx.font = sheet.title.font;
    ctx.textAlign = 'center';
    ctx.fillText(sheet.title.text, sheet.width / 2, sheet.title.y);
  };
  switch (format) {
    case 'png': {
      const canvas = createCanvas(sheet.width, sheet.height);
      const ctx = canvas.getContext('2d');
      ctx.fillStyle = '#ffffff';
      ctx.fillRect(0, 0, sheet.width, sheet.height);
      title(ctx as unknown as TextContext, 1);
      for (const p of sheet.panels) {
        const image = new Image();
        image.src = renderChart(p.config, figureOfPixels(p, dpi));
        ctx.drawImage(image, p.x, p.y);
      }
      return canvas.toBuffer('image/png');
    }
    case 'svg': {
      const ctx = new SvgContext(sheet.width, sheet.height);
      ctx.fillStyle = '#ffffff';
      ctx.fillRect(0, 0, sheet.width, sheet.height);
      title(ctx as unknown as TextContext, 1);
      for (const p of sheet.panels) {
        const placed = placedContext(ctx, p, 1, p.x, p.y);
        ctx.beginPanel({ class: 'panel' });
        draw(p.config, { getContext: () => placed }, () => undefined);
        ctx.endPanel();
      }
      return ctx.toSvg(size.width, size.height, chartFontFaces());
    }
    case 'pdf': {
      const doc = new PDFDocument({ creator: 'faultline', producer: 'faultline' });
      const points = pdfPageSize(size);
      const page = doc.beginPage(points.width, points.height) as unknown as SKRSContext2D;
      const scale = Math.min(points.width / sheet.width, points.height / sheet.height);
      page.setTransform(scale, 0, 0, scale, 0, 0);
      page.fillStyle = '#ffffff';
      page.fillRect(0, 0, sheet.width, sheet.height);
      title(page as unknown as TextContext, scale);
      for (const p of sheet.panels) {
        const placed = placedContext(page, p, scale, p.x, p.y);
        page.save();
        draw(p.config, { getContext: () => placed }, () => undefined);
        page.restore();
      }
      doc.endPage();
      return doc.close();
    }
  }
}
