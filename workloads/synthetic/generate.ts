/**
 * `generateWorkload`: runs a scenario and writes, into a directory that appears only when
 * complete, the raw kVMTrace pair and the truth:
 *
 *   kernel.gz        kernel-event trace (text, gzip)
 *   refs.gz          reference trace (i386 records by default, gzip), through the reference filter
 *   expected.bin.gz  the basic-named stream (with release records) a correct merge must produce
 *   scenario.json    the scenario as it ran (scaled), readable again by --scenario
 *   workload.json    seed, filter, layout, counts, and the merge window the references need
 */
import * as path from 'node:path';
import { AtomicDirectory, InputError, UsageError, numberOption, wholeNumberOption, writeFileAtomic } from '../../traces/index.js';
import { KernelTraceWriter, ReferenceTraceWriter, type ReferenceLayout } from '../../merger/index.js';
import { ReferenceFilter, type SegmentPolicy } from '../referenceFilter.js';
import { Machine, ScenarioFault } from './machine.js';
import { Random } from './random.js';
import { Runner } from './runner.js';
import { scaleScenario } from './scaleScenario.js';
import { scenarioToJson, stepPaths, type Scenario } from './scenario.js';
import { Truth, type TruthCounts } from './truth.js';
import type { TracingWindowSpec } from './machine.js';

export interface FilterSettings {
  segment0: number;
  segment1: number;
  policy: SegmentPolicy;
}

/**
 * kVMTrace's home page describes a 2 MB pool: 512 pages, a small segment 0 and a large segment 1.
 * FIFO in segment 1 emits records in stamp order; CLOCK reorders them (see docs/workloads.md).
 */
export const DEFAULT_FILTER: FilterSettings = { segment0: 16, segment1: 496, policy: 'fifo' };

export const WORKLOAD_FILES = {
  kernel: 'kernel.gz',
  references: 'refs.gz',
  expected: 'expected.bin.gz',
  scenario: 'scenario.json',
  summary: 'workload.json',
} as const;

export interface GenerateOptions {
  /** Output directory (written atomically). */
  outDir: string;
  /**
   * Where the directory will finally live, when the caller moves it there (the demo builds it inside
   * its own temporary output): workload.json records the files' paths there. Default: `outDir`.
   */
  finalDir?: string;
  seed?: number;
  /** Filter settings (defaults: DEFAULT_FILTER), or false: every reference is a record. */
  filter?: Partial<FilterSettings> | false;
  /** Reference-record layout (default i386). */
  layout?: ReferenceLayout;
  /** Multiplies amounts of work and sizes (default 1). */
  scale?: number;
  /** Where the scenario came from, named in errors (default: its name). */
  source?: string;
  /** Called now and then with the user references made so far. */
  onProgress?: (references: number) => void;
  /** Reference-tracing windows (default: traced throughout); kernel events cover the whole run. */
  windows?: TracingWindowSpec[];
}

export interface WorkloadSummary {
  scenario: string;
  seed: number;
  scale: number;
  filter: FilterSettings | false;
  layout: ReferenceLayout;
  files: { dir: string; kernel: string; references: string; expected: string; scenario: string; summary: string };
  /** User references the tasks made (before the filter). */
  rawReferences: number;
  kernelRecords: number;
  referenceRecords: number;
  /** The smallest `--window` with which the merge reads the reference records in order. */
  requiredWindow: number;
  processes: number;
  threads: number;
  cycles: number;
  /** The expected stream: references, releases and canonical pages. */
  expected: TruthCounts;
  /** Reference-tracing windows in user references (empty: traced throughout). */
  windows: TracingWindowSpec[];
}

/**
 * Tracing windows from text: `START:END` pairs of user-reference counts separated by commas,
 * END left out for a window open to the end (`1000:5000,8000:`).
 */
export function parseTracingWindows(text: string): TracingWindowSpec[] {
  return text.split(',').map((part) => {
    const m = /^\s*(\d+)\s*:\s*(\d*)\s*$/.exec(part);
    if (!m) throw new UsageError(`tracing windows are START:END pairs of reference counts separated by commas (END may be empty), got ${JSON.stringify(part)}`);
    return m[2] ? { start: Number(m[1]), end: Number(m[2]) } : { start: Number(m[1]) };
  });
}

function checkWindows(windows: readonly TracingWindowSpec[]): void {
  let after = 0;
  windows.forEach((w, i) => {
    const open = w.end === undefined;
    if (!Number.isSafeInteger(w.start) || w.start < after || (i > 0 && w.start === after) || (!open && !(Number.isSafeInteger(w.end) && w.end! > w.start)) || (open && i < windows.length - 1)) {
      throw new UsageError(`tracing window ${i + 1} (${w.start}:${w.end ?? ''}) must start after the previous one ends and end after it starts; only the last may stay open`);
    }
    after = w.end ?? Infinity;
  });
}

/** `DIR/` names the directory DIR itself. */
export function directoryPath(p: string): string {
  return p.replace(/(.)[\\/]+$/, '$1');
}

function filterSettings(filter: GenerateOptions['filter']): FilterSettings | false {
  if (filter === false) return false;
  const s = { ...DEFAULT_FILTER, ...filter };
  for (const k of ['segment0', 'segment1'] as const) {
    if (!Number.isInteger(s[k]) || s[k] < (k === 'segment0' ? 1 : 0) || s[k] > 1 << 24) {
      throw new UsageError(`filter ${k} must be a whole number of pages from ${k === 'segment0' ? 1 : 0} to ${1 << 24}, got ${s[k]}`);
    }
  }
  if (s.policy !== 'fifo' && s.policy !== 'clock') throw new UsageError(`filter policy must be fifo or clock, got ${String(s.policy)}`);
  return s;
}

function filesIn(dir: string): WorkloadSummary['files'] {
  return Object.fromEntries([['dir', dir], ...Object.entries(WORKLOAD_FILES).map(([k, f]) => [k, path.join(dir, f)])]) as WorkloadSummary['files'];
}

/** Runs the scenario and writes the workload's files into `options.outDir`. */
export async function generateWorkload(scenario: Scenario, options: GenerateOptions): Promise<WorkloadSummary> {
  const seed = options.seed ?? 1;
  const scale = options.scale ?? 1;
  wholeNumberOption('seed', seed, 0, 2 ** 32 - 1);
  numberOption('scale', scale, 0, 1000);
  const filter = filterSettings(options.filter);
  const layout = options.layout ?? 'i386';
  const scaled = scaleScenario(scenario, scale);
  const windows = options.windows ?? [];
  checkWindows(windows);
  const outDir = directoryPath(options.outDir);
  const dir = new AtomicDirectory(outDir);
  const kernel = new KernelTraceWriter(dir.file(WORKLOAD_FILES.kernel), { level: 1 });
  const refs = new ReferenceTraceWriter(dir.file(WORKLOAD_FILES.references), { layout, level: 1 });
  try {
    const truth = new Truth();
    const evms = new ReferenceFilter(filter || { segment0: 0, segment1: 0 }, (tag, cycle, reftime, context, vpn, token) => {
      refs.write(tag, cycle, reftime, context, vpn);
      truth.settle(token, tag === 'w' || tag === 'W');
    });
    const random = new Random(seed);
    const machine = new Machine(scaled, random.fork(2), evms, truth, (r) => kernel.write(r));
    const runner = new Runner(scaled, machine, random.fork(3), stepPaths(scaled));
    let reported = 0;
    try {
      if (windows.length) machine.setWindows(windows);
      runner.start();
      // Every 2^20 references: progress, and a turn of the event loop, so that a signal (SIGINT,
      // SIGTERM) stops the run and removes its temporaries instead of waiting for the whole scenario.
      while (!runner.runUntil(() => machine.references - reported >= 1 << 20)) {
        options.onProgress?.((reported = machine.references));
        await new Promise((resolve) => setImmediate(resolve));
      }
    } catch (err) {
      if (err instanceof ScenarioFault) throw new InputError(options.source ?? scaled.name, err.where, err.message);
      throw err;
    }
    evms.flush();
    kernel.write({ tag: 'e', cycle: machine.cycle + 1, reftime: 0 });
    kernel.close();
    refs.close();
    const expected = await truth.write(dir.file(WORKLOAD_FILES.expected));
    const summary: WorkloadSummary = {
      scenario: scaled.name,
      seed,
      scale,
      filter,
      layout,
      files: filesIn(outDir),
      rawReferences: machine.references,
      kernelRecords: kernel.records,
      referenceRecords: refs.records,
      requiredWindow: evms.requiredWindow,
      processes: machine.processes,
      threads: machine.threads,
      cycles: machine.cycle + 1,
      expected,
      windows,
    };
    writeFileAtomic(dir.file(WORKLOAD_FILES.scenario), JSON.stringify(scenarioToJson(scaled), null, 2) + '\n');
    const recorded = { ...summary, files: filesIn(directoryPath(options.finalDir ?? outDir)) };
    writeFileAtomic(dir.file(WORKLOAD_FILES.summary), JSON.stringify(recorded, null, 2) + '\n');
    dir.commit();
    return summary;
  } catch (err) {
    kernel.abort();
    refs.abort();
    dir.abort();
    throw err;
  }
}
