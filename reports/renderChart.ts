/**
 * Draws a Chart.js chart on a @napi-rs/canvas canvas and encodes it as PNG. Chart.js sees no DOM
 * here, so it uses its basic platform: no animation, no resizing, one pixel per canvas unit. The
 * encoder writes no time chunk, so the same chart gives the same bytes.
 */
import { createCanvas } from '@napi-rs/canvas';
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
import { registerChartFont } from './chartFont.js';

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

export interface CanvasSize {
  width: number;
  height: number;
}

/** Renders `config` at `size` and returns the PNG bytes. */
export function renderChart<T extends ChartType>(config: ChartConfiguration<T>, size: CanvasSize): Buffer {
  registerChartComponents();
  const canvas = createCanvas(size.width, size.height);
  const chart = new Chart(canvas as unknown as ChartItem, {
    ...config,
    options: { ...config.options, responsive: false, animation: false, devicePixelRatio: 1, locale: 'en-US' },
    plugins: [whiteBackground as Plugin<T>, ...(config.plugins ?? [])],
  } as ChartConfiguration<T>);
  try {
    return canvas.toBuffer('image/png');
  } finally {
    chart.destroy();
  }
}
