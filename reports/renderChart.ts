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

/** Draws `config` on `surface` (a placed context: Chart.js's clearing of it is a no-op). */
function draw<T extends ChartType>(config: ChartConfiguration<T>, surface: DrawingSurface): void {
  const chart = new Chart(surface as unknown as ChartItem, {
    ...config,
    options: { ...config.options, responsive: false, animation: false, devicePixelRatio: 1, locale: 'en-US' },
    plugins: [whiteBackground as Plugin<T>, svgSeriesGroups as Plugin<T>, ...(config.plugins ?? [])],
  } as ChartConfiguration<T>);
  chart.destroy();
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
      // Chart.js clears its canvas before drawing and again when destroyed; on a shared page that
      // would erase the panel (or its neighbours' pixels). The white-background plugin paints it.
      if (key === 'clearRect') return () => {};
      const value = Reflect.get(target, key, target) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
    set(target, key, value) {
      return Reflect.set(target, key, value, target);
    },
  });
}

/** Renders `config` at `size` in `format` and returns the file's bytes: a sheet of one panel, untitled. */
export function renderChart<T extends ChartType>(config: ChartConfiguration<T>, size: FigureSize, format: FigureFormat = 'png'): Buffer {
  const pixels = canvasSize(size);
  return renderPanels({ ...pixels, panels: [{ config: config as ChartConfiguration<ChartType>, x: 0, y: 0, ...pixels }] }, size, format);
}

/** A figure made of several charts (small multiples) under an optional title, laid out in canvas units. */
export interface ChartSheet {
  /** The whole sheet, in canvas units (the PNG's pixels). */
  width: number;
  height: number;
  title?: { text: string; font: string; y: number };
  panels: { config: ChartConfiguration<ChartType>; x: number; y: number; width: number; height: number }[];
}

/** Draws `sheet` in `format` at `dpi` canvas units per inch: vector panels in SVG and PDF. */
export function renderChartSheet(sheet: ChartSheet, format: FigureFormat = 'png', dpi = 200): Buffer {
  return renderPanels(sheet, figureOfPixels(sheet, dpi), format);
}

/** What a figure is drawn on: a context for canvas calls, its units per canvas unit, and the file it makes. */
interface Page {
  ctx: SKRSContext2D | SvgContext;
  scale: number;
  /** Wraps one panel's drawing (a `<g>` in SVG). */
  panel(drawPanel: () => void): void;
  finish(): Buffer;
}

/** A page of `pixels` canvas units for a figure of `size` in `format`. */
function openPage(pixels: CanvasSize, size: FigureSize, format: FigureFormat): Page {
  switch (format) {
    case 'png': {
      const canvas = createCanvas(pixels.width, pixels.height);
      return { ctx: canvas.getContext('2d'), scale: 1, panel: (drawPanel) => drawPanel(), finish: () => canvas.toBuffer('image/png') };
    }
    case 'svg': {
      const ctx = new SvgContext(pixels.width, pixels.height);
      const panel = (drawPanel: () => void): void => {
        ctx.beginPanel({ class: 'panel' });
        drawPanel();
        ctx.endPanel();
      };
      return { ctx, scale: 1, panel, finish: () => ctx.toSvg(size.width, size.height, chartFontFaces()) };
    }
    case 'pdf': {
      const doc = new PDFDocument({ creator: 'faultline', producer: 'faultline' });
      // Skia's pages are whole points: the figure is scaled to fit the rounded page (by under 0.5 pt).
      const points = pdfPageSize(size);
      const ctx = doc.beginPage(points.width, points.height) as unknown as SKRSContext2D;
      const finish = (): Buffer => {
        doc.endPage();
        return doc.close();
      };
      return { ctx, scale: Math.min(points.width / pixels.width, points.height / pixels.height), panel: (drawPanel) => drawPanel(), finish };
    }
  }
}

/**
 * The one drawing path of every figure: a white page, the title, then each panel drawn by Chart.js
 * on its place of the page (vector in SVG and PDF; in PNG straight onto the one raster).
 */
function renderPanels(sheet: ChartSheet, size: FigureSize, format: FigureFormat): Buffer {
  registerChartComponents();
  const page = openPage(sheet, size, format);
  const ctx = page.ctx as SKRSContext2D;
  ctx.setTransform(page.scale, 0, 0, page.scale, 0, 0);
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, sheet.width, sheet.height);
  if (sheet.title) {
    ctx.fillStyle = '#000000';
    ctx.font = sheet.title.font;
    ctx.textAlign = 'center';
    ctx.fillText(sheet.title.text, sheet.width / 2, sheet.title.y);
  }
  for (const p of sheet.panels) {
    const placed = placedContext(ctx, p, page.scale, p.x, p.y);
    page.panel(() => {
      ctx.save();
      draw(p.config, { getContext: () => placed });
      ctx.restore();
    });
  }
  return page.finish();
}
