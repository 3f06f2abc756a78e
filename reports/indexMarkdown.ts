/** `index.md` of a report: what was simulated, every figure with its caption, and the key numbers. */
import type { Results } from '../simulators/results.js';
import { OPT_TOLERANCE, type KeyNumbers } from './keyNumbers.js';
import { formatCount, formatPages } from './memoryUnits.js';
import type { Series } from './series.js';
import { seriesName } from './series.js';

export interface FigureEntry {
  file: string;
  caption: string;
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|');
}

function nearOptCell(row: KeyNumbers, pageSize: number): string {
  if (row.opt) return 'the bound';
  const near = row.nearOpt;
  if (!near) return '—';
  if (near.frames === undefined) return `not within at ${formatPages(near.largestCompared, pageSize)}, the largest size compared`;
  return formatPages(near.frames, pageSize);
}

function keyTable(results: Results, series: Series[], rows: KeyNumbers[]): string[] {
  const pageSize = results.trace.pageSize;
  const showMode = new Set(rows.map((r) => r.mode)).size > 1;
  const hasOpt = rows.some((r) => r.opt);
  const percent = `${Math.round(OPT_TOLERANCE * 100)}%`;
  const header = ['policy', ...(showMode ? ['memory'] : []), 'knee', 'faults at the knee', ...(hasOpt ? [`within ${percent} of OPT from`] : [])];
  const lines = [`| ${header.join(' | ')} |`, `|${header.map((_, i) => (i === 0 || (showMode && i === 1) ? '---' : '---:')).join('|')}|`];
  rows.forEach((row, i) => {
    const cells = [
      seriesName(series[i]!, false),
      ...(showMode ? [row.mode] : []),
      row.knee ? formatPages(row.knee.frames, pageSize) : 'none',
      row.knee ? formatCount(row.knee.faults) : '—',
      ...(hasOpt ? [nearOptCell(row, pageSize)] : []),
    ];
    lines.push(`| ${cells.map(cell).join(' | ')} |`);
  });
  return lines;
}

function definitions(hasOpt: boolean): string[] {
  const percent = `${Math.round(OPT_TOLERANCE * 100)}%`;
  const lines = [
    '- **Knee**: the measured size farthest below the chord of the fault curve once both axes are',
    '  scaled to [0, 1] (memory on a linear scale, from the smallest to the largest size measured;',
    "  faults from the fewest to the most), after Satopää et al.'s Kneedle (2011). *none*: fewer than",
    '  three sizes, a flat curve, or no size below the chord.',
  ];
  if (hasOpt) {
    lines.push(
      `- **Within ${percent} of OPT from**: the smallest measured size from which on the policy's faults stay`,
      `  at most ${1 + OPT_TOLERANCE} × OPT's faults (same memory mode) at every larger measured size. OPT's faults`,
      '  between two measured sizes (for variable-space points) are interpolated linearly; sizes outside',
      "  OPT's range are not compared.",
    );
  }
  return lines;
}

export function indexMarkdown(results: Results, series: Series[], figures: FigureEntry[], rows: KeyNumbers[]): string {
  const t = results.trace;
  const warm = results.warmup > 0 ? ` (the first ${formatCount(results.warmup)} warm the memory up and are not counted)` : '';
  const kinds = t.format === 'basic-named' ? ` (${formatCount(t.anonPages)} anonymous, ${formatCount(t.filePages)} file)` : '';
  const hasOpt = rows.some((r) => r.opt);
  const out = [
    `# Report: ${t.name}`,
    '',
    `Trace \`${t.file}\` (${t.format}): ${formatCount(t.references)} references${warm}, a footprint of ${formatPages(t.pages, t.pageSize)}${kinds}.`,
    `Compulsory floor: ${formatCount(results.compulsoryFloor)} faults. Cost model: ${results.costModel.name}.`,
    `Simulated by ${results.tool.name} ${results.tool.version}: \`${results.command}\``,
    '',
    '## Figures',
    '',
    ...figures.map((f) => `- [${f.file}](${f.file}): ${f.caption}`),
    '',
    '## Key numbers',
    '',
    ...keyTable(results, series, rows),
    '',
    ...definitions(hasOpt),
    '',
  ];
  return out.join('\n');
}
