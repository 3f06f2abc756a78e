/**
 * `faultline simulate` as a library call: a loaded trace, policies and sizes in; a `Results`
 * object (results.json) out, with costs, miss ratios and the compulsory floor filled in.
 */
import { createRequire } from 'node:module';
import type { LoadedTrace } from '../traces/index.js';
import type { PolicySpec } from '../policies/policySpec.js';
import { createCostModel, type CostModel } from './costModel.js';
import type { CurvePoint, CurveRequest } from './curveTypes.js';
import { computeCurves } from './faultCurves.js';
import { planLoadedRun, traceSummary, type PlanOptions } from './runPlan.js';
import { RESULTS_SCHEMA, type Results, type ResultsProcess, type RunResult, type TraceSummary } from './results.js';
import { processesForResults } from './allocation/processResults.js';

export interface SimulateOptions extends Omit<CurveRequest, 'sizes' | 'warmupRecords' | 'specs'>, PlanOptions {
  policies: PolicySpec[];
  /** Cost model: hdd, ssd, nvme or an expression with units; default ssd. */
  cost?: string;
  /** The stream as the user named it (recorded in the results). */
  file?: string;
  /** The command line (recorded in the results). */
  command?: string;
}

function packageVersion(): string {
  const require = createRequire(import.meta.url);
  for (const candidate of ['../package.json', '../../package.json']) {
    try {
      return (require(candidate) as { version: string }).version;
    } catch {
      // Compiled code sits one folder deeper than the sources; try the next candidate.
    }
  }
  return 'unknown';
}

/** The trace's summary for results files: counts of references, releases and pages by kind. */
export function summarizeTrace(trace: LoadedTrace, file: string): TraceSummary {
  return summaryOf(trace, file, planLoadedRun(trace));
}

function summaryOf(trace: LoadedTrace, file: string, byKind: { anonPages: number; filePages: number }): TraceSummary {
  return traceSummary({
    name: trace.name,
    file,
    format: trace.format,
    pageSize: trace.pageSize,
    records: trace.length,
    references: trace.references,
    releases: trace.releases,
    pages: trace.pageCount,
    anonPages: byKind.anonPages,
    filePages: byKind.filePages,
  });
}

/** What every results file needs besides the runs. */
export interface ResultsContext {
  trace: TraceSummary;
  command: string;
  warmup: number;
  costModel: CostModel;
  sizes: number[];
  compulsoryFloor: number;
  /** Runs under allocations: the process table and where resident frames were sampled. */
  processes?: { processes: ResultsProcess[]; samples: number[] };
}

export function assembleResults(points: CurvePoint[], ctx: ResultsContext): Results {
  const runs = points.map((p: CurvePoint): RunResult => {
    const run: RunResult = {
      policy: p.spec.def.name,
      label: p.spec.label,
      // JSON has no Infinity: unbounded parameters are written as "inf", as users type them.
      params: Object.fromEntries(Object.entries(p.spec.params).map(([k, v]) => [k, v === Infinity ? 'inf' : v])),
      mode: p.mode,
      frames: p.frames,
      method: p.method,
      counters: p.counters,
      missRatio: p.counters.references ? p.counters.faults / p.counters.references : 0,
      cost: ctx.costModel.estimate(p.counters),
    };
    if (p.sampleRate !== undefined) run.sampleRate = p.sampleRate;
    if (p.partition) run.partition = p.partition;
    if (p.window !== undefined) run.window = p.window;
    if (p.allocation) run.allocation = p.allocation;
    if (p.perProcess) {
      run.perProcess = p.perProcess;
      run.deactivations = p.deactivations ?? 0;
    }
    return run;
  });
  return {
    schema: RESULTS_SCHEMA,
    tool: { name: 'faultline', version: packageVersion() },
    command: ctx.command,
    trace: ctx.trace,
    warmup: ctx.warmup,
    costModel: ctx.costModel.info,
    sizes: ctx.sizes,
    compulsoryFloor: ctx.compulsoryFloor,
    runs,
    ...(ctx.processes ? { processes: ctx.processes.processes, processSamples: ctx.processes.samples } : {}),
  };
}

export async function simulateTrace(trace: LoadedTrace, options: SimulateOptions): Promise<Results> {
  const costModel = await createCostModel(options.cost);
  const plan = planLoadedRun(trace, options);
  const { sizes, warmupReferences, warmupRecords, compulsoryFloor } = plan;
  const summary = summaryOf(trace, options.file ?? trace.name, plan);
  // Checked before any run: allocations need a tagged trace.
  const processes = options.allocations?.length ? processesForResults(trace, warmupRecords) : undefined;
  const points = await computeCurves(trace, { ...options, specs: options.policies, sizes, warmupRecords });
  return assembleResults(points, { trace: summary, command: options.command ?? '', warmup: warmupReferences, costModel, sizes, compulsoryFloor, processes });
}
