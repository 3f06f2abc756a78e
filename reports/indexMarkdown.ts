/**
 * `index.md` of a report: what was simulated, every figure with its caption, and the key numbers,
 * each defined below its table in the words of docs/reports.md.
 */
import type { Results } from '../simulators/results.js';
import { BASELINES, OPT_FACTORS, type Crossing, type KeyNumbers, type NearOpt } from './keyNumbers.js';
import { formatCount, formatPages } from './memoryUnits.js';
import type { Series } from './series.js';

export interface FigureEntry {
  /** One file per format, the first the main one. */
  files: string[];
  caption: string;
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|');
}

function table(header: string[], textColumns: number, rows: string[][]): string[] {
  return [
    `| ${header.join(' | ')} |`,
    `|${header.map((_, i) => (i < textColumns ? '---' : '---:')).join('|')}|`,
    ...rows.map((cells) => `| ${cells.map(cell).join(' | ')} |`),
  ];
}

/** A signed percentage with one decimal: +12.3%, −4.0%. */
function percent(share: number): string {
  const v = Math.round(share * 1000) / 10;
  return `${v > 0 ? '+' : v < 0 ? '−' : ''}${Math.abs(v).toFixed(1)}%`;
}

/** Interpolated memory: pages to two decimals below 100, whole above. */
function about(frames: number, pageSize: number): string {
  return formatPages(frames >= 100 ? Math.round(frames) : Math.round(frames * 100) / 100, pageSize);
}

function nearOptCell(row: KeyNumbers, factor: number, pageSize: number): string {
  if (row.opt) return 'the bound';
  const near: NearOpt | undefined = row.nearOpt?.find((n) => n.factor === factor);
  if (!near) return '—';
  if (near.frames === null) return 'not reached';
  if (near.atSmallest) return `≤ ${formatPages(near.frames, pageSize)}`;
  return `≈ ${about(near.frames, pageSize)}`;
}

function factorName(factor: number): string {
  return `${factor}× OPT`;
}

function optTable(pageSize: number, names: string[], rows: KeyNumbers[], showMode: boolean, hasOpt: boolean): string[] {
  const header = ['policy', ...(showMode ? ['memory'] : []), 'knee', 'faults at the knee', ...(hasOpt ? [...OPT_FACTORS.map((f) => `within ${factorName(f)} from`), 'mean gap to OPT'] : [])];
  const body = rows.map((row, i) => [
    names[i]!,
    ...(showMode ? [row.mode] : []),
    row.knee ? formatPages(row.knee.frames, pageSize) : 'none',
    row.knee ? formatCount(row.knee.faults) : '—',
    ...(hasOpt ? [...OPT_FACTORS.map((f) => nearOptCell(row, f, pageSize)), row.opt ? '0.0%' : row.optGap === undefined ? '—' : percent(row.optGap)] : []),
  ]);
  return table(header, showMode ? 2 : 1, body);
}

const BASELINE_NAMES: Record<(typeof BASELINES)[number], string> = { lru: 'LRU', fifo: 'FIFO' };

function versusTable(pageSize: number, names: string[], rows: KeyNumbers[], showMode: boolean): string[] {
  const withVersus = rows.map((row, i) => ({ row, name: names[i]! })).filter((r) => r.row.versus !== undefined);
  if (withVersus.length === 0) return [];
  const fractions = withVersus[0]!.row.versus!.map((v) => v.fraction);
  const header = ['policy', ...(showMode ? ['memory'] : []), ...fractions.flatMap((f) => BASELINES.map((b) => `vs ${BASELINE_NAMES[b]} at ${Math.round(f * 1000) / 10}%`))];
  const body = withVersus.map(({ row, name }) => [
    name,
    ...(showMode ? [row.mode] : []),
    ...row.versus!.flatMap((v) => BASELINES.map((b) => (v.improvement[b] === undefined ? '—' : percent(v.improvement[b]!)))),
  ]);
  const sizes = fractions.map((f, k) => {
    const used = [...new Set(withVersus.map(({ row }) => row.versus![k]!.frames))];
    return `${Math.round(f * 1000) / 10}% of the footprint: ${used.map((frames) => formatPages(frames, pageSize)).join(' or ')}`;
  });
  return [...table(header, showMode ? 2 : 1, body), '', `Sizes compared (the measured size nearest each fraction): ${sizes.join('; ')}.`];
}

/** One line per pair of policies that cross, with every crossing in memory order. */
function crossingLines(crossings: Crossing[], series: Series[], names: string[], pageSize: number): string[] {
  if (crossings.length === 0) return ['No two policies cross: at every size both ran, their order is the same (ties within 1% aside).'];
  const name = (label: string, mode: Series['mode']): string => names[series.findIndex((x) => x.label === label && x.mode === mode && !x.variable)]!;
  const pairs = new Map<string, Crossing[]>();
  for (const c of crossings) {
    const key = JSON.stringify([c.mode, ...[c.a, c.b].sort()]);
    pairs.set(key, [...(pairs.get(key) ?? []), c]);
  }
  return [...pairs.values()].map((list) => {
    const points = list.map((c) => `≈ ${about(c.frames, pageSize)} (${formatCount(c.from)}–${formatCount(c.to)} pages; ${name(c.a, c.mode)} fewer below)`);
    const [a, b] = [list[0]!.a, list[0]!.b].sort();
    return `- ${name(a!, list[0]!.mode)} and ${name(b!, list[0]!.mode)} cross at ${points.join(', ')}.`;
  });
}

function definitions(hasOpt: boolean): string[] {
  const lines = [
    '- **Knee**: the measured size farthest below the chord of the fault curve once both axes are',
    '  scaled to [0, 1] (memory on a linear scale, from the smallest to the largest size measured;',
    "  faults from the fewest to the most), after Satopää et al.'s Kneedle (2011). *none*: fewer than",
    '  three sizes, a flat curve, or no size below the chord.',
  ];
  if (hasOpt) {
    lines.push(
      "- **Within k× OPT from**: the memory from which on the policy's faults stay at most k × OPT's faults",
      '  (same memory mode, same size) at every larger measured size; between the last size above and the',
      '  first within, the ratio to OPT is interpolated linearly on log₂ memory (≈). *≤*: within already at',
      "  the smallest size compared; *not reached*: above at the largest. OPT's faults at a size it was not",
      '  run at (variable-space points) are interpolated linearly between its two nearest sizes.',
      "- **Mean gap to OPT**: the policy's faults divided by OPT's, minus 1, averaged over log₂ memory",
      '  (trapezoids between the sizes compared): +25% means 25% more faults than OPT, on average over the',
      '  memory axis as the chart shows it.',
    );
  }
  lines.push(
    "- **vs LRU / vs FIFO at f%**: 1 − the policy's faults ÷ LRU's (FIFO's) at the measured size nearest",
    '  f% of the footprint on the log memory axis, same memory mode: +10% means 10% fewer faults. *—*: the',
    '  baseline did not run there.',
    "- **Crossings**: where two policies' fault curves cross: at the sizes both ran, the sign of their",
    '  difference changes, sizes where they are within 1% of each other counted as ties and skipped; the',
    '  point (≈) interpolates the difference linearly on log₂ memory.',
  );
  return lines;
}

export interface IndexInput {
  results: Results;
  series: Series[];
  figures: FigureEntry[];
  rows: KeyNumbers[];
  crossings: Crossing[];
  /** Legend names of the series, as the figures show them. */
  names: string[];
  /** The interactive report's file, when written. */
  html?: string;
}

export function indexMarkdown(input: IndexInput): string {
  const { results, figures, rows, names } = input;
  const t = results.trace;
  const warm = results.warmup > 0 ? ` (the first ${formatCount(results.warmup)} warm the memory up and are not counted)` : '';
  const kinds = t.format === 'basic-named' ? ` (${formatCount(t.anonPages)} anonymous, ${formatCount(t.filePages)} file)` : '';
  const hasOpt = rows.some((r) => r.opt);
  const showMode = new Set(rows.map((r) => r.mode)).size > 1;
  const versus = versusTable(t.pageSize, names, rows, showMode);
  const out = [
    `# Report: ${t.name}`,
    '',
    `Trace \`${t.file}\` (${t.format}): ${formatCount(t.references)} references${warm}, a footprint of ${formatPages(t.pages, t.pageSize)}${kinds}.`,
    `Compulsory floor: ${formatCount(results.compulsoryFloor)} faults. Cost model: ${results.costModel.name}.`,
    `Simulated by ${results.tool.name} ${results.tool.version}: \`${results.command}\``,
    '',
    '## Figures',
    '',
    ...(input.html ? [`- [${input.html}](${input.html}): every figure in the browser, with series toggles, exact counters on hover, and axis switches.`] : []),
    ...figures.map((f) => `- ${f.files.map((file) => `[${file}](${file})`).join(', ')}: ${f.caption}`),
    '',
    '## Key numbers',
    '',
    ...optTable(t.pageSize, names, rows, showMode, hasOpt),
    '',
    ...(versus.length > 0 ? ['### Against LRU and FIFO', '', ...versus, ''] : []),
    '### Crossings',
    '',
    ...crossingLines(input.crossings, input.series, names, t.pageSize),
    '',
    '### Definitions',
    '',
    ...definitions(hasOpt),
    '',
  ];
  return out.join('\n');
}
