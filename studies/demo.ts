/**
 * `runDemo` (`faultline demo`, `npm start`): the whole pipeline on a synthetic workload —
 * generate the raw kVMTrace traces, merge them into a basic-named stream with release records,
 * simulate every registered policy (with its defaults) over `auto` memory sizes, write the results
 * and the report. The output directory appears only when everything is done; it replaces an
 * earlier demo's output, never a directory holding anything else.
 *
 *   DIR/workload/          kernel.gz, refs.gz, expected.bin.gz, scenario.json, workload.json
 *   DIR/merged.bin.gz      the merged stream
 *   DIR/results.json, DIR/results.csv
 *   DIR/report/            PNG charts and index.md
 */
import * as path from 'node:path';
import { runMerge, type MergeSummary } from '../merger/index.js';
import { listPolicies, makePolicySpec } from '../policies/index.js';
import { writeReport, type ReportSummary } from '../reports/index.js';
import { simulateTrace, writeResults, type Results } from '../simulators/index.js';
import { AtomicDirectory, checkReplaceableDirectory, loadTrace } from '../traces/index.js';
import { directoryPath } from '../workloads/synthetic/generate.js';
import { DEFAULT_SCENARIO, generateWorkload, loadScenario, type WorkloadSummary } from '../workloads/synthetic/index.js';

export const DEMO_DIR = 'faultline-out';

export type DemoStage = 'generate' | 'merge' | 'simulate' | 'report';

export interface DemoOptions {
  /** Output directory (default faultline-out). */
  outDir?: string;
  /** A preset's name or a scenario file (default mixed). */
  scenario?: string;
  seed?: number;
  /** Scale of the scenario (default 1: the mixed preset takes about a minute on two cores with every policy). */
  scale?: number;
  /** Worker threads for the simulations (default: the number of cores). */
  jobs?: number;
  /** The command line, recorded in results.json. */
  command?: string;
  /** A stage begins. */
  onStage?: (stage: DemoStage, detail: string) => void;
  /** Progress within the simulation stage. */
  onProgress?: (done: number, total: number) => void;
}

export interface DemoResult {
  outDir: string;
  workload: WorkloadSummary;
  merge: MergeSummary;
  results: Results;
  report: ReportSummary;
  files: { workload: string; stream: string; results: string; csv: string; report: string };
}

const DEMO_MARKERS = ['results.json', 'workload'];

/** The demo replaces its own earlier output only. */
function checkTarget(dir: string): void {
  const foreign = (entries: string[]): string[] => (entries.length > 0 && !DEMO_MARKERS.every((m) => entries.includes(m)) ? entries : []);
  checkReplaceableDirectory(dir, foreign, "a demo's output", 'choose a new directory');
}

export async function runDemo(options: DemoOptions = {}): Promise<DemoResult> {
  const target = directoryPath(options.outDir ?? DEMO_DIR);
  checkTarget(path.resolve(target));
  const scenario = loadScenario(options.scenario ?? DEFAULT_SCENARIO);
  const stage = options.onStage ?? (() => {});
  const out = new AtomicDirectory(target);
  try {
    const work = out.file('workload');
    stage('generate', `${scenario.name} scenario, seed ${options.seed ?? 1}`);
    const workload = await generateWorkload(scenario, { outDir: work, seed: options.seed, scale: options.scale, source: options.scenario });
    const stream = out.file('merged.bin.gz');
    stage('merge', `${workload.referenceRecords.toLocaleString('en-US')} reference records, ${workload.kernelRecords.toLocaleString('en-US')} kernel events`);
    const merge = await runMerge({
      kernel: workload.files.kernel,
      references: workload.files.references,
      output: stream,
      releases: true,
      window: Math.max(workload.requiredWindow, 4096),
    });
    const { trace } = await loadTrace(stream);
    const policies = listPolicies().map((def) => makePolicySpec(def));
    stage('simulate', `${policies.length} policies over auto sizes: ${trace.references.toLocaleString('en-US')} references, ${trace.pageCount.toLocaleString('en-US')} pages`);
    const results = await simulateTrace(
      { ...trace, name: `${scenario.name}-seed${workload.seed}` },
      { policies, sizes: 'auto', jobs: options.jobs, file: 'merged.bin.gz', command: options.command ?? 'faultline demo', onProgress: options.onProgress },
    );
    writeResults(results, out.tmpPath);
    stage('report', 'charts and key numbers');
    const report = writeReport(results, out.file('report'));
    out.commit();
    const at = (name: string): string => path.join(target, name);
    return {
      outDir: target,
      workload: { ...workload, files: Object.fromEntries(Object.entries(workload.files).map(([k, f]) => [k, at(k === 'dir' ? 'workload' : path.join('workload', path.basename(f)))])) as WorkloadSummary['files'] },
      merge,
      results,
      report: { ...report, dir: at('report') },
      files: { workload: at('workload'), stream: at('merged.bin.gz'), results: at('results.json'), csv: at('results.csv'), report: at('report') },
    };
  } catch (err) {
    out.abort();
    throw err;
  }
}
