/**
 * A report: every figure as PNG and `index.md`, written into a directory that appears only once
 * complete (AtomicDirectory). Figures are drawn first, in memory, so a failure leaves nothing.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Results } from '../simulators/results.js';
import { AtomicDirectory, checkReplaceableDirectory } from '../traces/index.js';
import { indexMarkdown } from './indexMarkdown.js';
import { keyNumbers, type KeyNumbers } from './keyNumbers.js';
import { renderChart } from './renderChart.js';
import { reportFigures } from './reportFigures.js';
import { processFigures } from './processFigures.js';
import { resolveOptions, type ReportOptions } from './reportOptions.js';
import { seriesOf } from './series.js';

export const REPORT_INDEX = 'index.md';

export interface ReportSummary {
  dir: string;
  figures: { file: string; caption: string }[];
  keyNumbers: KeyNumbers[];
}

/** A report replaces an older report, never a directory holding anything else (such as the results). */
function checkTarget(dir: string): void {
  const foreign = (entries: string[]): string[] => entries.filter((name) => name !== REPORT_INDEX && !name.endsWith('.png'));
  checkReplaceableDirectory(dir, foreign, 'a report', "choose a new directory or an old report's");
}

/** Draws every figure of `results` and writes them with `index.md` into `dir`. */
export function writeReport(results: Results, dir: string, options: ReportOptions = {}): ReportSummary {
  const target = path.resolve(dir);
  checkTarget(target);
  const series = seriesOf(results);
  const resolved = resolveOptions(results, series, options);
  const figures = reportFigures(results, series, resolved).map((f) => ({ file: f.file, caption: f.caption, png: renderChart(f.config, resolved.size) }));
  figures.push(...processFigures(results, resolved.size));
  const rows = keyNumbers(series);
  const out = new AtomicDirectory(target);
  try {
    for (const f of figures) fs.writeFileSync(out.file(f.file), f.png);
    fs.writeFileSync(out.file(REPORT_INDEX), indexMarkdown(results, series, figures, rows));
    out.commit();
  } catch (err) {
    out.abort();
    throw err;
  }
  return { dir, figures: figures.map(({ file, caption }) => ({ file, caption })), keyNumbers: rows };
}
