/**
 * The options of `faultline report` that shape figures, shared with `simulate --report`: they map
 * one to one onto the fields of a figure-style file (reports/figureStyle.ts).
 */
import { PRESETS, Y_METRICS, readFigureStyle, type Preset, type YMetric } from '../reports/figureStyle.js';
import type { FigureFormat } from '../reports/figureFormats.js';
import type { ReportOptions } from '../reports/reportOptions.js';
import { OptionError, UsageError } from '../traces/index.js';
import { userMessage } from './flags.js';
import type { OptionSpec } from './command.js';

export interface FigureArgs {
  format?: string;
  style?: string;
  preset?: string;
  width?: number;
  height?: number;
  dpi?: number;
  title?: boolean;
  'line-scale'?: number;
  label?: string[];
  order?: string;
  y?: string;
  'log-y'?: boolean;
  'y-min'?: number;
  'y-max'?: number;
  series?: string;
  'variable-space'?: boolean;
  'log-x'?: boolean;
  at?: string;
  fractions?: string;
}

/**
 * The figure options; `prefix` ('report-') names them for `simulate`, which has options of its own
 * and lists these apart, under `group`.
 */
export function figureOptions(prefix = '', group?: string): Record<string, OptionSpec> {
  const options: Record<string, Omit<OptionSpec, 'group'>> = {
    format: { type: 'string', describe: 'figure formats, comma-separated: png, svg, pdf (default png)' },
    style: { type: 'string', describe: 'figure-style file (JSON; fields as these options, see docs/reports.md); options given here win' },
    preset: { type: 'string', describe: `figure size preset: ${Object.keys(PRESETS).join(', ')} (default screen: 8 × 5 in at 200 dpi)` },
    width: { type: 'number', describe: 'figure width in inches' },
    height: { type: 'number', describe: 'figure height in inches' },
    dpi: { type: 'number', describe: 'PNG resolution in pixels per inch' },
    title: { type: 'boolean', describe: `title and subtitle on each figure (--no-${prefix}title for none; off in the column presets)` },
    'line-scale': { type: 'number', describe: 'line widths and markers, times (default 1; 0.6 in the column presets)' },
    label: { type: 'string', array: true, describe: 'legend name of a policy or label, NAME=TEXT (e.g. lru-k=LRU-2), repeatable' },
    order: { type: 'string', describe: 'legend order: policies or labels, comma-separated; the others follow' },
    // Checked by the library (one definition of the metrics and their message), not as choices.
    y: { type: 'string', describe: `y axis of the fault charts: ${Y_METRICS.join(', ')} (default faults)` },
    'log-y': { type: 'boolean', describe: 'logarithmic y axis on the fault charts' },
    'y-min': { type: 'number', describe: 'y axis minimum of the fault charts' },
    'y-max': { type: 'number', describe: 'y axis maximum of the fault charts' },
    series: { type: 'string', describe: 'draw only these policies or labels, comma-separated (OPT and the floor always)' },
    'variable-space': { type: 'boolean', describe: 'also draw variable-space policies (WS, VMIN), which stretch the memory axis' },
    'log-x': { type: 'boolean', describe: `logarithmic memory axis (default: when the sizes span a factor of 100 or more; --no-${prefix}log-x for linear)` },
    at: { type: 'string', describe: 'memory sizes of the fault breakdown: pages or amounts, comma-separated (default: three spread over the curve)' },
    fractions: { type: 'string', describe: 'fractions of the footprint where key numbers compare with LRU and FIFO (default 0.1,0.25,0.5)' },
  };
  return Object.fromEntries(Object.entries(options).map(([name, spec]) => [`${prefix}${name}`, { ...spec, group }]));
}

function list(text: string | undefined): string[] | undefined {
  return text === undefined ? undefined : text.split(',').map((s) => s.trim()).filter((s) => s !== '');
}

function labels(pairs: string[] | undefined): Record<string, string> | undefined {
  if (!pairs || pairs.length === 0) return undefined;
  const out: Record<string, string> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new UsageError(`--label ${pair}: expected NAME=TEXT, e.g. lru-k=LRU-2`);
    out[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return out;
}

/** The report options that `args` (named with `prefix`) give. */
export function reportOptionsOf(args: Record<string, unknown>, prefix = ''): ReportOptions {
  const a = (name: keyof FigureArgs): unknown => args[`${prefix}${name}`];
  const fractions = list(a('fractions') as string | undefined)?.map((f) => {
    const v = f.endsWith('%') ? Number(f.slice(0, -1)) / 100 : Number(f);
    if (!Number.isFinite(v)) throw new UsageError(`--${prefix}fractions ${a('fractions')}: "${f}" is not a number or a percentage`);
    return v;
  });
  const style = a('style') as string | undefined;
  return {
    styleFile: style === undefined ? undefined : readFigureStyle(style),
    formats: list(a('format') as string | undefined) as FigureFormat[] | undefined,
    preset: a('preset') as Preset | undefined,
    width: a('width') as number | undefined,
    height: a('height') as number | undefined,
    dpi: a('dpi') as number | undefined,
    title: a('title') as boolean | undefined,
    lineScale: a('line-scale') as number | undefined,
    labels: labels(a('label') as string[] | undefined),
    order: list(a('order') as string | undefined),
    y: a('y') as YMetric | undefined,
    logY: a('log-y') as boolean | undefined,
    yMin: a('y-min') as number | undefined,
    yMax: a('y-max') as number | undefined,
    series: list(a('series') as string | undefined),
    variableSpace: a('variable-space') as boolean | undefined,
    logX: a('log-x') as boolean | undefined,
    at: list(a('at') as string | undefined),
    fractions,
  };
}

/**
 * Runs `report` (which takes reportOptionsOf(args, prefix)) so that its option errors name the
 * prefixed flags: `width` → `--report-width` under `simulate`.
 */
export function withFlagPrefix<T>(prefix: string, report: () => T): T {
  try {
    return report();
  } catch (err) {
    if (prefix && err instanceof OptionError) throw new UsageError(userMessage(err, prefix));
    throw err;
  }
}
