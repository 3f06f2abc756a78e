/**
 * `faultline study gather`: every task's results as one tidy table — one row per trace, policy
 * configuration, seed, memory mode (or allocation) and size, with every counter — in DIR/study.csv and
 * DIR/study.json, and the study's figures in DIR/figures/. Rows are sorted (trace, policy, seed,
 * mode, size, in plan order) and hold nothing about when or where tasks ran, so a study run on a
 * cluster and the same study run on one machine gather to the same bytes.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { UsageError } from '../traces/errors.js';
import { writeFileAtomic } from '../traces/atomicOutput.js';
import { COUNTER_NAMES, type Counters, type RunResult, type TraceSummary } from '../simulators/results.js';
import { csvCell } from '../simulators/resultsFiles.js';
import type { ParamValue } from '../policies/policy.js';
import { readPlan, type StudyPlan } from './plan.js';
import { doneTasks, failedTasks, readTaskResult } from './taskStore.js';
import { writeStudyFigures, type FigureFile } from './studyFigures.js';
import type { FigureFormat } from '../reports/figureFormats.js';

export const TABLE_SCHEMA = 'faultline-study-table/1';
export const TABLE_CSV = 'study.csv';
export const TABLE_JSON = 'study.json';

export interface StudyRow {
  trace: string;
  /** Index of the policy configuration in the spec (its order in figures). */
  policyIndex: number;
  policy: string;
  label: string;
  params: Record<string, ParamValue>;
  seed: number;
  mode: RunResult['mode'];
  /** Runs under an allocation across processes (`model.allocation`): its label, e.g. `ws(window=5000)`. */
  allocation?: string;
  anonShare?: number;
  anonFrames?: number;
  fileFrames?: number;
  frames: number;
  /** frames / the trace's footprint in pages. */
  fraction: number;
  window?: number;
  method: RunResult['method'];
  counters: Counters;
  missRatio: number;
  costSeconds: number;
  task: string;
}

export interface StudyTable {
  schema: typeof TABLE_SCHEMA;
  name: string;
  /** Per trace: the summary results files carry (footprint, references, kinds) and its bounds. */
  traces: StudyTraceSummary[];
  warmup: string;
  costModel: string;
  baseline: string;
  rows: StudyRow[];
  /** Tasks without a result (only with `partial`). */
  missingTasks: string[];
}

export interface StudyTraceSummary extends TraceSummary {
  /** References replayed before counting. */
  warmupReferences: number;
  /** Faults no policy avoids at any size (after warm-up). */
  compulsoryFloor: number;
}

export interface GatherOptions {
  /** Gather what is done even if tasks are missing (the table says which). */
  partial?: boolean;
  /** Formats of the figures (default PNG only). */
  formats?: readonly FigureFormat[];
}

type IndexedRow = StudyRow & { traceIndex: number; allocationIndex: number };

function compareRows(a: IndexedRow, b: IndexedRow): number {
  return (
    a.traceIndex - b.traceIndex ||
    a.policyIndex - b.policyIndex ||
    a.seed - b.seed ||
    (a.mode === b.mode ? 0 : a.mode === 'unified' ? -1 : 1) ||
    a.allocationIndex - b.allocationIndex ||
    (a.anonShare ?? 0) - (b.anonShare ?? 0) ||
    (a.window ?? 0) - (b.window ?? 0) ||
    a.frames - b.frames
  );
}

/** Reads every task's result of the study in `dir` into one table. */
export function gatherTable(dir: string, options: GatherOptions = {}): { plan: StudyPlan; table: StudyTable } {
  const plan = readPlan(dir);
  const done = doneTasks(dir);
  const missing = plan.tasks.filter((t) => !done.has(t.id)).map((t) => t.id);
  if (missing.length > 0 && !options.partial) {
    const failed = failedTasks(dir);
    const nFailed = missing.filter((id) => failed.has(id)).length;
    throw new UsageError(`${dir}: ${missing.length} of ${plan.tasks.length} tasks have no result (${nFailed} failed); run them (the study's status lists them), or gather the partial table`);
  }
  const summaries = new Map<number, StudyTraceSummary>();
  const rows: IndexedRow[] = [];
  const allocationOrder = plan.spec.model.allocations.map((a) => a.label);
  for (const task of plan.tasks) {
    if (!done.has(task.id)) continue;
    const { results } = readTaskResult(dir, task.id);
    if (!results) continue;
    const trace = plan.traces[task.trace]!;
    summaries.set(task.trace, { ...results.trace, warmupReferences: results.warmup, compulsoryFloor: results.compulsoryFloor });
    for (const run of results.runs) {
      const row: IndexedRow = {
        traceIndex: task.trace,
        allocationIndex: run.allocation ? allocationOrder.indexOf(run.allocation.label) : -1,
        trace: trace.name,
        policyIndex: task.policy,
        policy: run.policy,
        label: run.label,
        params: run.params,
        seed: task.seed,
        mode: run.mode,
        frames: run.frames,
        fraction: results.trace.pages > 0 ? run.frames / results.trace.pages : 0,
        method: run.method,
        counters: run.counters,
        missRatio: run.missRatio,
        costSeconds: run.cost.seconds,
        task: task.id,
      };
      if (run.partition) Object.assign(row, { anonShare: run.partition.anonShare, anonFrames: run.partition.anonFrames, fileFrames: run.partition.fileFrames });
      if (run.window !== undefined) row.window = run.window;
      if (run.allocation) row.allocation = run.allocation.label;
      rows.push(row);
    }
  }
  rows.sort(compareRows);
  const table: StudyTable = {
    schema: TABLE_SCHEMA,
    name: plan.spec.name,
    traces: [...summaries.entries()].sort((a, b) => a[0] - b[0]).map(([, s]) => s),
    warmup: plan.spec.warmup,
    costModel: plan.spec.model.cost,
    baseline: plan.spec.summary.baseline,
    rows: rows.map(({ traceIndex: _, allocationIndex: __, ...row }) => row),
    missingTasks: missing,
  };
  return { plan, table };
}

/** The table as CSV: one column per parameter any policy of the study has (`param_NAME`). */
export function tableToCsv(table: StudyTable): string {
  const paramNames = [...new Set(table.rows.flatMap((r) => Object.keys(r.params)))].sort();
  const header = ['trace', 'policy', 'label', ...paramNames.map((n) => `param_${n}`), 'seed', 'mode', 'allocation', 'anon_share', 'anon_frames', 'file_frames', 'frames', 'fraction', 'window', 'method', ...COUNTER_NAMES, 'miss_ratio', 'cost_seconds', 'task'];
  const lines = [header.join(',')];
  for (const r of table.rows) {
    const cells = [r.trace, r.policy, r.label, ...paramNames.map((n) => r.params[n]), r.seed, r.mode, r.allocation, r.anonShare, r.anonFrames, r.fileFrames, r.frames, r.fraction, r.window, r.method, ...COUNTER_NAMES.map((n) => r.counters[n]), r.missRatio, r.costSeconds, r.task];
    lines.push(cells.map(csvCell).join(','));
  }
  return lines.join('\n') + '\n';
}

export interface GatherSummary {
  csv: string;
  json: string;
  rows: number;
  missingTasks: number;
  figures: FigureFile[];
}

/** Gathers the study in `dir`: the table (CSV, JSON) and the figures. */
export function gatherStudy(dir: string, options: GatherOptions = {}): GatherSummary {
  const { plan, table } = gatherTable(dir, options);
  if (table.rows.length === 0) throw new UsageError(`${dir}: no task has a result yet; run the study's tasks first`);
  const figures = writeStudyFigures(table, plan, path.join(dir, 'figures'), options.formats);
  const csv = path.join(dir, TABLE_CSV);
  const json = path.join(dir, TABLE_JSON);
  writeFileAtomic(csv, tableToCsv(table));
  writeFileAtomic(json, JSON.stringify(table, null, 1) + '\n');
  return { csv, json, rows: table.rows.length, missingTasks: table.missingTasks.length, figures };
}

/** Reads a gathered table back (tests, scripts). */
export function readTable(dir: string): StudyTable {
  return JSON.parse(fs.readFileSync(path.join(dir, TABLE_JSON), 'utf8')) as StudyTable;
}
