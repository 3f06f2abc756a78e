/**
 * Stacked bars of fault causes: one bar per policy, grouped by memory size (a blank slot between
 * groups, the size written under each group). Soft faults, when any policy has them, sit hatched on
 * top of the hard faults.
 */
import { createCanvas } from '@napi-rs/canvas';
import type { Chart, ChartConfiguration, Plugin, ScriptableContext } from 'chart.js';
import { axisStyle, baseOptions, type Heading, type Theme } from './chartStyle.js';
import { SvgContext, type HatchPattern } from './svgContext.js';

export interface BreakdownSegment {
  label: string;
  colour: string;
  /** Drawn hatched: a count that is not I/O. */
  hatched?: boolean;
}

export interface BreakdownGroup {
  label: string;
  bars: { label: string; values: number[] }[];
}

export interface BreakdownSpec {
  heading: Heading | undefined;
  yTitle: string;
  formatY: (value: number) => string;
  segments: BreakdownSegment[];
  groups: BreakdownGroup[];
}

/**
 * Diagonal hatching in `colour` on white: a pattern made on the context being drawn (a canvas
 * pattern for PNG and PDF, an SVG `<pattern>` for SVG), hence a scriptable colour.
 */
function hatch(theme: Theme, colour: string): (context: ScriptableContext<'bar'>) => unknown {
  const n = Math.max(4, Math.round(theme.px(14)));
  const lineWidth = Math.max(1, theme.px(3));
  return (context) => {
    const target = context.chart.ctx as unknown;
    if (target instanceof SvgContext) return { hatch: colour, size: n, lineWidth } satisfies HatchPattern;
    const tile = createCanvas(n, n);
    const ctx = tile.getContext('2d');
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, n, n);
    ctx.strokeStyle = colour;
    ctx.lineWidth = lineWidth;
    ctx.beginPath();
    // Three strokes so the diagonal continues across tile edges.
    for (const offset of [-n, 0, n]) {
      ctx.moveTo(offset, n);
      ctx.lineTo(offset + n, 0);
    }
    ctx.stroke();
    return ctx.createPattern(tile, 'repeat');
  };
}

interface GroupSpan {
  label: string;
  first: number;
  last: number;
}

function groupLabels(theme: Theme, spans: GroupSpan[]): Plugin<'bar'> {
  return {
    id: 'faultlineGroupLabels',
    afterDraw(chart: Chart<'bar'>) {
      const x = chart.scales.x!;
      const { ctx } = chart;
      const half = (x.getPixelForValue(1) - x.getPixelForValue(0)) * 0.45;
      ctx.save();
      ctx.strokeStyle = '#000000';
      ctx.fillStyle = '#000000';
      ctx.lineWidth = theme.px(1.5);
      const font = theme.font(20, 'bold');
      ctx.font = `${font.weight} ${font.size}px ${font.family}`;
      ctx.textAlign = 'center';
      ctx.textBaseline = 'top';
      const y = x.bottom + theme.px(10);
      const lineHeight = Number(font.size) * 1.2;
      for (const span of spans) {
        const left = x.getPixelForValue(span.first) - half;
        const right = x.getPixelForValue(span.last) + half;
        ctx.beginPath();
        ctx.moveTo(left, y);
        ctx.lineTo(right, y);
        ctx.stroke();
        // Pages above bytes, so that neighbouring groups' labels stay apart in a narrow figure.
        span.label.split('\n').forEach((text, i) => ctx.fillText(text, (left + right) / 2, y + theme.px(8) + i * lineHeight));
      }
      ctx.restore();
    },
  };
}

export function breakdownChartConfig(theme: Theme, spec: BreakdownSpec): ChartConfiguration<'bar'> {
  const labels: string[] = [];
  const values: (number | null)[][] = spec.segments.map(() => []);
  const spans: GroupSpan[] = [];
  spec.groups.forEach((group, g) => {
    if (g > 0) {
      labels.push('');
      for (const column of values) column.push(null);
    }
    spans.push({ label: group.label, first: labels.length, last: labels.length + group.bars.length - 1 });
    for (const bar of group.bars) {
      labels.push(bar.label);
      bar.values.forEach((v, s) => values[s]!.push(v));
    }
  });
  const datasets = spec.segments.map((segment, s) => ({
    label: segment.label,
    data: values[s]!,
    backgroundColor: segment.hatched ? hatch(theme, segment.colour) : segment.colour,
    borderColor: segment.colour,
    borderWidth: segment.hatched ? theme.px(2) : 0,
    stack: 'faults',
    barPercentage: 0.9,
    categoryPercentage: 0.9,
  }));
  const base = baseOptions<'bar'>(theme, spec.heading);
  const legend = base.plugins!.legend!;
  const xStyle = axisStyle(theme, '');
  const yStyle = axisStyle(theme, spec.yTitle);
  return {
    type: 'bar',
    data: { labels, datasets },
    options: {
      ...base,
      layout: { padding: { ...(base.layout!.padding as object), bottom: theme.px(84) } },
      plugins: { ...base.plugins, legend: { ...legend, labels: { ...legend.labels, boxWidth: theme.px(30), boxHeight: theme.px(20) } } },
      scales: {
        x: { ...xStyle, title: { display: false }, stacked: true, grid: { display: false }, ticks: { ...(xStyle.ticks as object), autoSkip: false, maxRotation: 60 } },
        y: { ...yStyle, stacked: true, beginAtZero: true, ticks: { ...(yStyle.ticks as object), callback: (v: number | string) => spec.formatY(Number(v)) } },
      },
    },
    plugins: [groupLabels(theme, spans)],
  } as ChartConfiguration<'bar'>;
}
