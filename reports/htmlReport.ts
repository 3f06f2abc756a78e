/**
 * The interactive report: one self-contained `index.html` (Chart.js, the typeface and the data
 * inlined; a Content-Security-Policy that forbids every network fetch) drawing each panel's fault
 * curves in the browser (the script is htmlApp.ts).
 *
 * Panels are data: a panel is a results file (the schema of simulators/results.ts) with a kind and
 * a title. Under each panel's curve, a fault breakdown: stacked bars of fault causes per series at
 * a memory size chosen from the sizes run. `panelsOf` makes the whole-system panel of one results file, and one panel per process
 * when its runs carry per-process counters (`run.processes`, see `ProcessCounters`); a study hands
 * one panel per trace (kind `trace`) to `htmlReport` directly.
 */
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { PROCESS_COUNTER_NAMES, zeroCounters, type Counters, type Results, type RunResult } from '../simulators/results.js';
import { CHART_FONT_FAMILY, chartFontFaces } from './chartFont.js';
import type { ResolvedStyle } from './figureStyle.js';
import { HTML_APP } from './htmlApp.js';
import { faultCauses, type FaultCause } from './faultCauses.js';
import { formatCount, formatPages } from './memoryUnits.js';
import { OPT_STYLE, assignStyles } from './palette.js';
import { spansDecades } from './reportOptions.js';
import { countedReferences, seriesOf, styledName } from './series.js';
import { escapeXml } from './svgContext.js';

export type PanelKind = 'system' | 'trace' | 'process';

export interface ReportPanel {
  kind: PanelKind;
  title: string;
  results: Results;
}

/**
 * Per-process counters a run may carry: process key (a pid, as a string) → that process's counters.
 * `results.processes`, when present, names them: `[{ pid, command }]`.
 */
export type ProcessCounters = Record<string, Counters>;

interface ProcessName {
  pid: number | string;
  command?: string;
}

interface HtmlPoint {
  x: number;
  faults: number;
  /** The panel's fault causes at this point, in the order of `HtmlPanel.causes`. */
  causes: number[];
  compulsory: number;
  capacity: number;
  hits: number;
  writebacks: number;
  seconds: number;
}

interface HtmlSeries {
  name: string;
  colour: string;
  marker: string;
  dash: number[];
  /** Checked when the page opens: fixed-space series (variable-space ones are opt-in). */
  shown: boolean;
  /** Variable-space series have no fixed sizes: they are left out of the fault breakdown. */
  variable: boolean;
  points: HtmlPoint[];
}

interface HtmlPanel {
  kind: PanelKind;
  title: string;
  subtitle: string;
  pageSize: number;
  counted: number;
  logX: boolean;
  /** The parts of the fault breakdown's bars (faultCauses.ts). */
  causes: Omit<FaultCause, 'counter'>[];
  series: HtmlSeries[];
}

export interface HtmlData {
  fontFamily: string;
  panels: HtmlPanel[];
}

/**
 * A run's counters per process: `simulate --allocation`'s `perProcess` (indexed by the process id of
 * `results.processes`; hits are the references that did not fault), or a study's `processes` map.
 */
function processCounters(run: RunResult): ProcessCounters | undefined {
  if (run.perProcess) {
    const out: ProcessCounters = {};
    run.perProcess.forEach((p, id) => {
      if (!p || p.references === 0) return;
      const c = zeroCounters();
      for (const name of PROCESS_COUNTER_NAMES) if (name in c) c[name as keyof Counters] = p[name];
      c.hits = p.references - p.faults;
      out[String(id)] = c;
    });
    return out;
  }
  const p = (run as RunResult & { processes?: unknown }).processes;
  return typeof p === 'object' && p !== null && !Array.isArray(p) ? (p as ProcessCounters) : undefined;
}

/** The whole-system panel of `results`, then one panel per process when the runs carry per-process counters. */
export function panelsOf(results: Results): ReportPanel[] {
  const panels: ReportPanel[] = [{ kind: 'system', title: `${results.trace.name}: whole system`, results }];
  const keys = [...new Set(results.runs.flatMap((run) => Object.keys(processCounters(run) ?? {})))];
  const names = ((results as Results & { processes?: ProcessName[] }).processes ?? []).filter((p) => typeof p === 'object' && p !== null);
  for (const key of keys) {
    const named = results.runs.some((run) => run.perProcess) ? results.processes?.[Number(key)] : names.find((p) => String(p.pid) === key);
    const runs = results.runs.flatMap((run) => {
      const counters = processCounters(run)?.[key];
      return counters ? [{ ...run, counters, missRatio: counters.references > 0 ? counters.faults / counters.references : 0 }] : [];
    });
    const references = runs[0]?.counters.references ?? 0;
    panels.push({
      kind: 'process',
      title: `process ${named?.pid ?? key}${named?.command ? ` (${named.command})` : ''}`,
      results: { ...results, warmup: 0, trace: { ...results.trace, references }, runs },
    });
  }
  return panels;
}

type HtmlStyle = Pick<ResolvedStyle, 'labels' | 'looks' | 'variableSpace'>;

function htmlPanel(panel: ReportPanel, style: HtmlStyle): HtmlPanel {
  const { results } = panel;
  const series = seriesOf(results);
  const looks = assignStyles(series.filter((s) => !s.opt), style.looks);
  const showMode = new Set(series.map((s) => s.mode)).size > 1;
  const { causes } = faultCauses(series.filter((s) => !s.variable).flatMap((s) => s.runs.map((r) => r.counters)));
  const t = results.trace;
  return {
    kind: panel.kind,
    title: panel.title,
    // A process panel's footprint and floor are the whole trace's, so it states only its references.
    subtitle:
      panel.kind === 'process'
        ? `${formatCount(t.references)} references`
        : `${formatCount(t.references)} references · footprint ${formatPages(t.pages, t.pageSize)} · compulsory floor ${formatCount(results.compulsoryFloor)} faults`,
    pageSize: t.pageSize,
    counted: countedReferences(results),
    logX: spansDecades(results.sizes),
    causes: causes.map(({ label, colour, hatched }) => ({ label, colour, ...(hatched ? { hatched } : {}) })),
    series: series.map((s) => {
      const look = s.opt ? OPT_STYLE : looks.get(s.label)!;
      return {
        name: styledName(s, style.labels, showMode),
        colour: look.colour,
        marker: look.marker,
        dash: s.mode === 'partitioned' && showMode ? [3, 2] : look.dash,
        shown: style.variableSpace || !s.variable,
        variable: s.variable,
        points: s.runs.map((r) => ({
          x: r.frames,
          faults: r.counters.faults,
          causes: causes.map((c) => r.counters[c.counter]),
          compulsory: r.counters.compulsoryFaults,
          capacity: r.counters.capacityFaults,
          hits: r.counters.hits,
          writebacks: r.counters.writebacks,
          seconds: r.cost.seconds,
        })),
      };
    }),
  };
}

/** JSON safe inside a <script> element. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

function chartJsSource(): string {
  const require = createRequire(import.meta.url);
  // The UMD build sits beside the CommonJS entry (the package exports no path to it).
  const source = fs.readFileSync(path.join(path.dirname(require.resolve('chart.js')), 'chart.umd.min.js'), 'utf8');
  if (/<\/script/i.test(source)) throw new Error('chart.umd.min.js contains "</script": it cannot be inlined');
  return source;
}

/** The self-contained page. */
export function htmlReport(panels: readonly ReportPanel[], style: HtmlStyle): string {
  const data: HtmlData = { fontFamily: CHART_FONT_FAMILY, panels: panels.map((p) => htmlPanel(p, style)) };
  const faces = chartFontFaces()
    .map((f) => `@font-face{font-family:"${f.family}";font-weight:${f.weight};src:url(data:font/ttf;base64,${f.ttf.toString('base64')}) format("truetype")}`)
    .join('\n');
  const title = panels[0] ? `Report: ${panels[0].results.trace.name}` : 'Report';
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; font-src data:; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeXml(title)}</title>
<style>
${faces}
body{font-family:"${CHART_FONT_FAMILY}",sans-serif;margin:1.5em auto;max-width:70em;padding:0 1em;color:#000;background:#fff}
.panel{margin-bottom:2.5em}.subtitle{color:#333;margin-top:0}
.controls,.series{display:flex;flex-wrap:wrap;gap:.4em 1.4em;margin:.5em 0}
.toggle{display:inline-flex;align-items:center;gap:.3em}.swatch{display:inline-block;width:1.8em}
.chart{position:relative}
</style>
</head>
<body>
<h1>${escapeXml(title)}</h1>
<div id="panels"></div>
<script>${chartJsSource()}</script>
<script type="application/json" id="faultline-data">${scriptJson(data)}</script>
<script>${HTML_APP}</script>
</body>
</html>
`;
}
