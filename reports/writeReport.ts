/**
 * A report: every figure in each format asked for (PNG, SVG, PDF), `index.md`, and the interactive
 * `index.html`, written into a directory that appears only once complete (AtomicDirectory).
 * Everything is drawn first, in memory, so a failure leaves nothing.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Results } from '../simulators/results.js';
import { AtomicDirectory, checkReplaceableDirectory } from '../traces/index.js';
import { htmlReport, panelsOf } from './htmlReport.js';
import { indexMarkdown } from './indexMarkdown.js';
import { crossings, keyNumbers, type Crossing, type KeyNumbers } from './keyNumbers.js';
import { FIGURE_FORMATS, canvasSize, renderChart } from './renderChart.js';
import { reportFigures } from './reportFigures.js';
import { processFigures } from './processFigures.js';
import { checkReportOptions, resolveOptions, type ReportOptions } from './reportOptions.js';
import { seriesOf, styledName } from './series.js';

export const REPORT_INDEX = 'index.md';
export const REPORT_HTML = 'index.html';

export interface ReportSummary {
  dir: string;
  /** `file` is the first format's file; `files` every format's, in the order asked for. */
  figures: { file: string; files: string[]; caption: string }[];
  html: string;
  keyNumbers: KeyNumbers[];
  crossings: Crossing[];
}

/** A report replaces an older report, never a directory holding anything else (such as the results). */
function checkTarget(dir: string): void {
  const ours = (name: string): boolean => name === REPORT_INDEX || name === REPORT_HTML || FIGURE_FORMATS.some((f) => name.endsWith(`.${f}`));
  checkReplaceableDirectory(dir, (entries) => entries.filter((name) => !ours(name)), 'a report', "choose a new directory or an old report's");
}

/**
 * Checks, before there are results, what `writeReport` would refuse without them: the options that
 * do not depend on the results, and that `dir` is new, empty or an old report.
 */
export function checkReportRequest(dir: string, options: ReportOptions = {}): void {
  checkTarget(path.resolve(dir));
  checkReportOptions(options);
}

/** Draws every figure of `results` and writes them with `index.md` and `index.html` into `dir`. */
export function writeReport(results: Results, dir: string, options: ReportOptions = {}): ReportSummary {
  const target = path.resolve(dir);
  checkTarget(target);
  const series = seriesOf(results);
  const resolved = resolveOptions(results, series, options);
  const outputs = reportFigures(results, series, resolved).map((f) => ({
    caption: f.caption,
    files: resolved.formats.map((format) => ({ name: `${f.name}.${format}`, bytes: renderChart(f.config, resolved.size, format) })),
  }));
  outputs.push(
    ...processFigures(results, canvasSize(resolved.size)).map((f) => ({
      caption: f.caption,
      files: resolved.formats.map((format) => ({ name: `${f.name}.${format}`, bytes: f.render(format) })),
    })),
  );
  const rows = keyNumbers(series, { footprint: results.trace.pages, fractions: resolved.fractions });
  const crossed = crossings(series);
  const figures = outputs.map((o) => ({ file: o.files[0]!.name, files: o.files.map((f) => f.name), caption: o.caption }));
  const names = series.map((s) => styledName(s, resolved.labels));
  const index = indexMarkdown({ results, series, figures, rows, crossings: crossed, names, html: REPORT_HTML });
  const html = htmlReport(panelsOf(results), resolved);
  const out = new AtomicDirectory(target);
  try {
    for (const o of outputs) for (const f of o.files) fs.writeFileSync(out.file(f.name), f.bytes);
    fs.writeFileSync(out.file(REPORT_INDEX), index);
    fs.writeFileSync(out.file(REPORT_HTML), html);
    out.commit();
  } catch (err) {
    out.abort();
    throw err;
  }
  return { dir, figures, html: REPORT_HTML, keyNumbers: rows, crossings: crossed };
}
