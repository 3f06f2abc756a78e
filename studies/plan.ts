/**
 * A study's plan: the spec expanded into a deterministic list of tasks, written to DIR/plan.json.
 * A task is one trace × one policy configuration × one seed × one slice of the memory sizes. A
 * policy whose curve comes from one pass (a stack algorithm: every size at once) is one task per
 * trace; a per-size policy's sizes are cut into slices so that a task takes about the spec's
 * `taskSeconds`; a variable-space policy (WS, VMIN) sweeps its windows in one task.
 *
 * Sizes stay as the spec writes them and are resolved per trace when the task runs (a fraction
 * means a fraction of *that* trace's footprint), so planning reads no trace: it only expands the
 * trace entries and estimates each trace's length from its file size. Task order: by trace, then
 * policy, then seed, then size slice; the plan holds no time or host, so the same spec and files
 * give the same bytes.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { UsageError } from '../traces/errors.js';
import { writeFileAtomic } from '../traces/atomicOutput.js';
import { openTraceStream, type StreamInfo } from '../traces/streamReader.js';
import { getPolicy } from '../policies/registry.js';
import { makePolicySpec, type PolicySpec } from '../policies/policySpec.js';
import { onePassFor } from '../simulators/onePass/index.js';
import { chooseCurveMethod } from '../simulators/curveEngineChoice.js';
import { parseSizes, parseWarmup } from '../simulators/memorySizes.js';
import { readSpec, type StudyPolicy, type StudySpec } from './spec.js';
import { expandTraces, splitPrefix } from './traceFiles.js';

export const PLAN_SCHEMA = 'faultline-study-plan/1';
export const PLAN_FILE = 'plan.json';

export interface PlannedTrace {
  /** The stream, relative to the study folder (importer prefix kept), so the folder can move. */
  file: string;
  name: string;
  /** From the file size, for sizing tasks and estimating time (not a count). */
  estimatedReferences: number;
}

export type TaskMethod = 'one-pass' | 'per-size' | 'windows';

export interface StudyTask {
  /** Zero-padded position in the plan: the name of its result file. */
  id: string;
  /** Index into `traces`. */
  trace: number;
  /** Index into `spec.policies`. */
  policy: number;
  seed: number;
  /** This task's slice of the trace's sizes: slice `chunk` (from 0) of `chunks` equal slices. */
  chunk: number;
  chunks: number;
  method: TaskMethod;
  /** Estimated seconds (nominal rates below; `study status` rescales them by measured times). */
  seconds: number;
}

export interface StudyPlan {
  schema: typeof PLAN_SCHEMA;
  /** The spec file, relative to the study folder. */
  specFile: string;
  spec: StudySpec;
  /** Policy modules, relative to the study folder. */
  policyModules: string[];
  traces: PlannedTrace[];
  tasks: StudyTask[];
}

/**
 * Nominal speeds for estimates, references per second on one core: a per-size replay and a
 * one-pass curve of the built-in policies on this project's benchmark machine (docs/performance.md).
 * Only task sizes and time estimates depend on them, never results.
 */
const PER_SIZE_RATE = 20e6;
const ONE_PASS_RATE = 8e6;
/** Windows a variable-space policy sweeps by default (simulators/faultCurves.ts). */
const DEFAULT_WINDOWS = 24;

/** Bytes per record of each stream form, for estimating a trace's length from its file size. */
function estimatedReferences(file: string): number {
  const { prefix, file: bare } = splitPrefix(file);
  const bytes = fs.statSync(bare).size;
  const gzip = /\.gz$/i.test(bare) ? 4 : 1;
  const perRecord = prefix ? 16 : /\.txt(\.gz)?$/i.test(bare) ? 8 : 5;
  return Math.max(1, Math.round((bytes * gzip) / perRecord));
}

/** A fraction as a size item `parseSizes` reads as a fraction (never in exponent notation). */
export function fractionItem(f: number): string {
  return f.toFixed(15).replace(/0+$/, '');
}

/** The size items of every task: the spec's sizes plus the summary figure's fractions. */
export function sizeItems(spec: StudySpec): string[] {
  return [...spec.sizes, ...spec.summary.fractions.map(fractionItem)];
}

export function policySpecOf(p: StudyPolicy): PolicySpec {
  return makePolicySpec(getPolicy(p.policy), p.params);
}

/**
 * How a policy's curve is computed on one trace, as `computeCurves` would choose it
 * (simulators/curveEngineChoice.ts). The plan reads no trace, so the trace's length is the
 * estimate from its file size and its page count is bounded by that length; a task runs on one
 * thread. Releases are taken to be present (OPT's one-pass estimate is then its dearer one:
 * critical markers over incarnations, with the non-live pages' order) and the warm-up is counted
 * (OPT's one pass then runs an engine over it too), so a planned one-pass curve is never slower
 * than the plan expects. The choice changes only how long a task takes, never its results.
 */
function methodOf(spec: StudySpec, p: StudyPolicy, sizes: number, references: number): TaskMethod {
  const ps = policySpecOf(p);
  if (ps.def.capabilities?.variableSpace) return 'windows';
  // Per-process counters need a replay: under an allocation every size is one.
  if (spec.model.allocations.length > 0) return 'per-size';
  const force = spec.model.method === 'auto' ? undefined : spec.model.method;
  return chooseCurveMethod({ policy: ps.def.name, sizes, references, pages: references, releases: 1, warmupRecords: parseWarmup(spec.warmup, references), jobs: 1, hasOnePass: onePassFor(ps) !== undefined, force });
}

/** Contiguous slice `chunk` of `chunks` near-equal slices of `items`. */
export function sliceOf<T>(items: T[], chunk: number, chunks: number): T[] {
  return items.slice(Math.floor((chunk * items.length) / chunks), Math.floor(((chunk + 1) * items.length) / chunks));
}

function relative(dir: string, file: string): string {
  const { prefix, file: bare } = splitPrefix(file);
  return prefix + path.relative(dir, bare).split(path.sep).join('/');
}

/** A plan file's trace or module path, as an absolute path (importer prefix kept). */
export function resolveInStudy(dir: string, file: string): string {
  const { prefix, file: bare } = splitPrefix(file);
  return prefix + path.resolve(dir, bare);
}

/**
 * Expands `spec` (read from `specFile`) into a plan for the study folder `dir`. `onNoFiles` reports
 * a trace entry that names no file (the spec reader makes it name the entry's line).
 */
export function planStudy(spec: StudySpec, specFile: string, dir: string, onNoFiles: (entry: number) => never): StudyPlan {
  const specDir = path.dirname(path.resolve(specFile));
  const study = path.resolve(dir);
  const files = expandTraces(spec.traces, specDir, onNoFiles);
  const traces = files.map((f) => ({ file: relative(study, f.file), name: f.name, estimatedReferences: estimatedReferences(f.file) }));
  const sizeCount = parseSizes(sizeItems(spec), { footprint: 1 << 20, pageSize: 4096 }).length;
  // Runs per size: one per allocation, else one per memory mode (unified, each partition).
  const modes = spec.model.allocations.length || (spec.model.unified ? 1 : 0) + spec.model.partitions.length;
  const tasks: StudyTask[] = [];
  traces.forEach((trace, t) => {
    const refs = trace.estimatedReferences;
    spec.policies.forEach((p, pi) => {
      const method = methodOf(spec, p, sizeCount, refs);
      const whole = method === 'one-pass' ? (refs * modes) / ONE_PASS_RATE : method === 'windows' ? (refs * DEFAULT_WINDOWS) / PER_SIZE_RATE : (refs * modes * sizeCount) / PER_SIZE_RATE;
      const chunks = method === 'per-size' ? Math.max(1, Math.min(sizeCount, Math.ceil(whole / spec.taskSeconds))) : 1;
      for (const seed of p.seeds) {
        for (let chunk = 0; chunk < chunks; chunk++) tasks.push({ id: '', trace: t, policy: pi, seed, chunk, chunks, method, seconds: whole / chunks });
      }
    });
  });
  const width = Math.max(4, String(tasks.length - 1).length);
  tasks.forEach((task, i) => (task.id = String(i).padStart(width, '0')));
  return {
    schema: PLAN_SCHEMA,
    specFile: relative(study, path.resolve(specFile)),
    spec,
    policyModules: spec.policyModules.map((m) => relative(study, path.resolve(specDir, m))),
    traces,
    tasks,
  };
}

/**
 * Reads, validates and plans the spec in `specFile` for the study folder `dir`. With allocations or
 * partitions, every trace's header is read, so that a trace they cannot run on is refused before
 * anything runs: an untagged one at `model.allocation`, a basic one (pages without a kind) at
 * `model.partitions` (else every task of that trace would fail in `study run`).
 */
export async function planSpecFile(specFile: string, dir: string, loadModules?: (paths: string[]) => Promise<void>): Promise<StudyPlan> {
  const { spec, source } = await readSpec(specFile, loadModules);
  const plan = planStudy(spec, specFile, dir, (entry) => source.fail(['traces', entry], `${JSON.stringify(spec.traces[entry])} names no file`));
  const allocations = spec.model.allocations.length > 0;
  const partitions = spec.model.partitions.length > 0;
  if (allocations || partitions) {
    for (const trace of plan.traces) {
      const file = resolveInStudy(dir, trace.file);
      const info = await streamHeader(file);
      if (allocations && info.tagged !== true) {
        source.fail(['model', 'allocation'], `trace ${trace.name} (${file}) is not a tagged stream (no process for each reference), which allocations need: the merger writes one with format tagged`);
      }
      if (partitions && info.format !== 'basic-named') {
        source.fail(['model', 'partitions'], `trace ${trace.name} (${file}) is a ${info.format} stream (pages without a kind), and partitioned runs need basic-named pages (anonymous or file)`);
      }
    }
  }
  return plan;
}

async function streamHeader(file: string): Promise<StreamInfo> {
  const stream = await openTraceStream(file);
  // Starting the records and stopping at once closes the file.
  for await (const _ of stream.chunks()) break;
  return stream.info;
}

/**
 * Writes the plan into `dir`. A folder that already holds a plan keeps it when the new one is the
 * same (re-planning is harmless) and refuses a different one: its results belong to the old plan.
 */
export function writePlan(plan: StudyPlan, dir: string): { file: string; unchanged: boolean } {
  const file = path.join(dir, PLAN_FILE);
  const text = JSON.stringify(plan) + '\n';
  if (fs.existsSync(file)) {
    if (fs.readFileSync(file, 'utf8') === text) return { file, unchanged: true };
    throw new UsageError(`${dir}: already holds a different study plan; plan into a new folder (its results belong to the old plan)`);
  }
  writeFileAtomic(file, text);
  return { file, unchanged: false };
}

export function readPlan(dir: string): StudyPlan {
  const file = path.join(dir, PLAN_FILE);
  let plan: StudyPlan;
  try {
    plan = JSON.parse(fs.readFileSync(file, 'utf8')) as StudyPlan;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new UsageError(`${dir}: no study plan here (${PLAN_FILE}); make one from a study spec first`);
    throw new UsageError(`${file}: not a study plan: ${(err as Error).message.split('\n')[0]}`);
  }
  if (plan?.schema !== PLAN_SCHEMA) throw new UsageError(`${file}: not a study plan (schema ${JSON.stringify(plan?.schema)}, expected ${PLAN_SCHEMA})`);
  // Plans written before model.allocation existed ran no allocation.
  plan.spec.model.allocations ??= [];
  return plan;
}
