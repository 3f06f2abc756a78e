/**
 * How figures look, as a user chooses it: every field is both a `faultline report` option and a
 * field of a figure-style file (JSON), so a paper's figures can share one file. Options on the
 * command line win over the file, the file over its preset, the preset over the defaults.
 */
import * as fs from 'node:fs';
import { InputError, OptionError } from '../traces/index.js';
import { MARKERS, type Marker } from './palette.js';
import { FIGURE_FORMATS, checkFigureFormats, type FigureFormat, type FigureSize } from './figureFormats.js';
import { findMismatch, jsonSyntaxError, type Shape } from './resultsShape.js';

export const Y_METRICS = ['faults', 'miss-ratio', 'per-1000'] as const;
/** faults; faults per reference counted; faults per 1,000 references counted. */
export type YMetric = (typeof Y_METRICS)[number];

/** Sizes for print: a journal column, a figure across two columns, and a screen (the default). */
export const PRESETS = {
  screen: { width: 8, height: 5, dpi: 200, title: true, lineScale: 1 },
  column: { width: 3.5, height: 2.625, dpi: 300, title: false, lineScale: 0.6 },
  'double-column': { width: 7.16, height: 3.2, dpi: 300, title: false, lineScale: 0.6 },
} as const;
export type Preset = keyof typeof PRESETS;

/** A policy's drawing, overriding the stable one of palette.ts. */
export interface SeriesLook {
  colour?: string;
  marker?: Marker;
  /** Dash pattern in multiples of the line width; [] for solid. */
  dash?: number[];
}

export interface FigureStyle {
  preset?: Preset;
  /** Inches. */
  width?: number;
  height?: number;
  /** PNG pixels per inch. */
  dpi?: number;
  /** Title and subtitle above each figure (default on; off in the column presets). */
  title?: boolean;
  /** Line widths and markers, times (default 1; 0.6 in the column presets, where text keeps its size in points). */
  lineScale?: number;
  /** Legend names by series label or policy name, e.g. { "lru-k": "LRU-2" }. */
  labels?: Record<string, string>;
  /** Legend order: labels or policy names first, in this order; the others follow. */
  order?: string[];
  /** Colour, marker or dash by series label or policy name. */
  looks?: Record<string, SeriesLook>;
  y?: YMetric;
  logY?: boolean;
  yMin?: number;
  yMax?: number;
  /** Series to draw (labels or policy names); OPT and the floor are always drawn. Default: all fixed-space ones. */
  series?: string[];
  /** Also draw variable-space policies (WS, VMIN), which can stretch the memory axis down to a page. */
  variableSpace?: boolean;
  formats?: FigureFormat[];
}

/** A style with every choice made. */
export interface ResolvedStyle {
  size: FigureSize;
  title: boolean;
  lineScale: number;
  labels: Record<string, string>;
  order: string[];
  looks: Record<string, SeriesLook>;
  y: YMetric;
  logY: boolean;
  yMin?: number;
  yMax?: number;
  series?: string[];
  variableSpace: boolean;
  formats: FigureFormat[];
}

const inches: Shape = { kind: 'number', positive: true };
const names: Shape = { kind: 'array', of: { kind: 'string' } };
const STYLE_SHAPE: Shape = {
  kind: 'object',
  fields: {
    preset: { kind: 'oneOf', values: Object.keys(PRESETS) },
    width: inches,
    height: inches,
    dpi: { kind: 'number', positive: true, integer: true },
    title: { kind: 'boolean' },
    lineScale: { kind: 'number', positive: true },
    labels: { kind: 'record', of: { kind: 'string' } },
    order: names,
    looks: {
      kind: 'record',
      of: {
        kind: 'object',
        fields: { colour: { kind: 'string' }, marker: { kind: 'oneOf', values: MARKERS }, dash: { kind: 'array', of: { kind: 'number', min: 0 } } },
        optional: ['colour', 'marker', 'dash'],
      },
    },
    y: { kind: 'oneOf', values: Y_METRICS },
    logY: { kind: 'boolean' },
    yMin: { kind: 'number' },
    yMax: { kind: 'number' },
    series: names,
    variableSpace: { kind: 'boolean' },
    formats: { kind: 'array', of: { kind: 'oneOf', values: FIGURE_FORMATS }, nonEmpty: true },
  },
  optional: ['preset', 'width', 'height', 'dpi', 'title', 'lineScale', 'labels', 'order', 'looks', 'y', 'logY', 'yMin', 'yMax', 'series', 'variableSpace', 'formats'],
};
const STYLE_FIELDS = Object.keys((STYLE_SHAPE as { fields: object }).fields);

/** Reads and checks a figure-style file; InputError naming the file and field on a bad one. */
export function readFigureStyle(file: string): FigureStyle {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new InputError(file, '', (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw jsonSyntaxError(file, text, err as Error, 'figure style');
  }
  const mismatch = findMismatch(value, STYLE_SHAPE);
  if (mismatch) throw new InputError(file, mismatch.path, mismatch.path ? mismatch.detail : `a figure style must be a JSON object: ${mismatch.detail}`);
  const unknown = Object.keys(value as object).find((k) => !STYLE_FIELDS.includes(k));
  if (unknown !== undefined) throw new InputError(file, unknown, `unknown field (fields: ${STYLE_FIELDS.join(', ')})`);
  return value as FigureStyle;
}

const MIN_PIXELS = 300;
const MAX_PIXELS = 8000;

function checkSize(size: FigureSize): FigureSize {
  for (const [name, v] of [
    ['width', size.width],
    ['height', size.height],
  ] as const) {
    const px = Math.round(v * size.dpi);
    if (!(px >= MIN_PIXELS && px <= MAX_PIXELS)) {
      throw new OptionError(name, `${v} in at ${size.dpi} dpi is ${px} pixels: expected ${MIN_PIXELS} to ${MAX_PIXELS} (change \`${name}\` or \`dpi\`)`);
    }
  }
  return size;
}

/** Drops the fields left undefined, so that spreading `style` keeps what it does not set. */
function defined<T extends object>(style: T): Partial<T> {
  return Object.fromEntries(Object.entries(style).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** Merges the layers (later ones win) over the preset the last of them names, and checks the result. */
export function resolveStyle(...layers: FigureStyle[]): ResolvedStyle {
  const merged: FigureStyle = Object.assign({}, ...layers.map(defined));
  const preset = PRESETS[merged.preset ?? 'screen'];
  if (!preset) throw new OptionError('preset', `${merged.preset}: expected ${Object.keys(PRESETS).join(', ')}`);
  const y = merged.y ?? 'faults';
  if (!Y_METRICS.includes(y)) throw new OptionError('y', `${y}: expected ${Y_METRICS.join(', ')}`);
  const formats = checkFigureFormats(merged.formats ?? ['png']);
  if (merged.yMin !== undefined && merged.yMax !== undefined && !(merged.yMin < merged.yMax)) {
    throw new OptionError('yMin', `${merged.yMin} \`yMax\` ${merged.yMax}: the minimum must be below the maximum`);
  }
  if (merged.logY && merged.yMin !== undefined && merged.yMin <= 0) throw new OptionError('yMin', `${merged.yMin}: a logarithmic y axis needs a minimum above 0`);
  return {
    size: checkSize({ width: merged.width ?? preset.width, height: merged.height ?? preset.height, dpi: merged.dpi ?? preset.dpi }),
    title: merged.title ?? preset.title,
    lineScale: merged.lineScale ?? preset.lineScale,
    labels: merged.labels ?? {},
    order: merged.order ?? [],
    looks: merged.looks ?? {},
    y,
    logY: merged.logY ?? false,
    yMin: merged.yMin,
    yMax: merged.yMax,
    series: merged.series,
    variableSpace: merged.variableSpace ?? false,
    formats: [...new Set(formats)],
  };
}
