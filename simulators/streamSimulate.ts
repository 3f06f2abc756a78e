/**
 * Simulation of a stream without loading it: one pass over the file feeds every (policy, size)
 * configuration chunk by chunk, in constant memory apart from the policies' per-page state, and
 * counts on the way what results files say of the trace (RunTally, countedChunks.ts). Policies that
 * need the future (OPT) or vary their memory cannot run this way.
 *
 * The plan (sizes, warm-up, the policies' page count) must be known before the pass. A binary
 * stream's header declares its page and record counts: the pass is planned on them and checked
 * against what it counted (`simulateDeclaredStream`). Without declared counts a statistics pass
 * comes first (`simulateStreamFile`).
 */
import { UsageError, computeStats, openTraceStream, traceNameOf, type StreamInfo, type TraceStream } from '../traces/index.js';
import type { PolicySpec } from '../policies/policySpec.js';
import { createCostModel } from './costModel.js';
import type { CurvePoint } from './curveTypes.js';
import { FramePool } from './framePool.js';
import { KindRouter, partitionFrames } from './partition.js';
import { addCounters, type Results } from './results.js';
import { checkCurveOptions } from './curveOptions.js';
import { planRun, traceSummary, type RunPlan, type TraceFacts } from './runPlan.js';
import type { TallyFacts } from './runTally.js';
import { countedChunks } from './countedChunks.js';
import { assembleResults, type SimulateOptions } from './simulate.js';

interface Config {
  point: Omit<CurvePoint, 'counters'>;
  pools: FramePool[];
}

/** A finished pass: the counters of every configuration and what it counted of the trace. */
interface Pass {
  points: CurvePoint[];
  tally: TallyFacts;
}

/** The configurations of a streamed run, each with its pools of frames (two when partitioned). */
function configsOf(stream: TraceStream, options: SimulateOptions, plan: RunPlan, pageCount: number): Config[] {
  const seed = options.seed ?? 1;
  const pool = (spec: PolicySpec, frames: number): FramePool => new FramePool(spec, { frames, pageCount, seed });
  const configs: Config[] = [];
  for (const spec of options.policies) {
    for (const frames of options.unified === false ? [] : plan.sizes) {
      configs.push({ point: { spec, mode: 'unified', frames, method: 'per-size' }, pools: [pool(spec, frames)] });
    }
    for (const share of options.partitions ?? []) {
      if (stream.info.format !== 'basic-named') throw new UsageError(`${stream.info.file}: partitioned mode needs a basic-named stream`);
      for (const frames of plan.sizes.filter((m) => m >= 2)) {
        const partition = partitionFrames(frames, share);
        configs.push({
          point: { spec, mode: 'partitioned', partition, frames, method: 'per-size' },
          pools: [pool(spec, partition.anonFrames), pool(spec, partition.fileFrames)],
        });
      }
    }
  }
  return configs;
}

/**
 * Replays the stream once into every configuration of `plan`, the policies sized for `facts.pages`.
 * With `stopWhenSparse` the pass stops (undefined) at the first chunk whose pages are not dense.
 */
async function replayPass(stream: TraceStream, options: SimulateOptions, facts: TraceFacts & { records?: number }, plan: RunPlan, stopWhenSparse: boolean): Promise<Pass | undefined> {
  const counted = await countedChunks(stream, { pageCount: facts.pages, warmupReferences: plan.warmupReferences });
  const configs = configsOf(stream, options, plan, facts.pages);
  const router = configs.some((c) => c.pools.length === 2) ? new KindRouter(facts.pages) : undefined;
  let records = 0;
  for await (const chunk of counted.chunks) {
    if (stopWhenSparse && !chunk.dense) return undefined;
    const { warmEnd } = chunk;
    router?.route(chunk, warmEnd);
    for (const { pools } of configs) {
      // With its releases counted, a pool need not count the chunk's references again.
      if (pools.length === 1) pools[0]!.feed(chunk, chunk.length, warmEnd);
      else {
        pools[0]!.feed(router!.anon, router!.anon.length, router!.anon.warmEnd);
        pools[1]!.feed(router!.file, router!.file.length, router!.file.warmEnd);
      }
    }
    records += chunk.length;
    options.onProgress?.(records, facts.records ?? records);
  }
  const points = configs.map(({ point, pools }): CurvePoint => ({ ...point, counters: pools.map((p) => p.counters()).reduce(addCounters) }));
  return { points, tally: counted.facts() };
}

async function resultsOf(stream: TraceStream, options: SimulateOptions, plan: RunPlan, { points, tally }: Pass): Promise<Results> {
  const { info } = stream;
  const summary = traceSummary({
    name: traceNameOf(info.file),
    file: options.file ?? traceNameOf(info.file),
    format: info.format,
    pageSize: info.pageSize,
    records: tally.records,
    references: tally.references,
    releases: tally.releases,
    pages: tally.next,
    anonPages: tally.anonPages,
    filePages: tally.filePages,
  });
  const costModel = await createCostModel(options.cost);
  return assembleResults(points, { trace: summary, command: options.command ?? '', warmup: plan.warmupReferences, costModel, sizes: plan.sizes, compulsoryFloor: tally.floor });
}

/** The facts a stream's header declares (the references taken as its records), if it declares its counts. */
export function declaredFacts(info: StreamInfo): (TraceFacts & { records: number }) | undefined {
  const { pageCount, records, pageSize } = info;
  return pageCount === undefined || records === undefined ? undefined : { pages: pageCount, pageSize, references: records, records };
}

const SPARSE = 'pages are not dense in first-appearance order';

/** Why a pass over dense pages, planned on the declared counts, does not stand: what it counted plans another run. */
function planMismatch(declared: TraceFacts, plan: RunPlan, tally: TallyFacts, options: SimulateOptions): string | undefined {
  if (tally.next !== declared.pages) return `the header declares ${declared.pages} pages, the stream references ${tally.next}`;
  let counted: RunPlan;
  try {
    counted = planRun({ ...declared, references: tally.references }, options);
  } catch (err) {
    return `planned on the stream's counts, the run fails: ${(err as Error).message}`;
  }
  if (counted.warmupReferences !== plan.warmupReferences || counted.sizes.join() !== plan.sizes.join()) return `${tally.releases} releases change the plan`;
  return undefined;
}

/** The outcome of a single pass planned on the header: results, or why they do not stand. */
export type DeclaredStreamOutcome = { results: Results } | { mismatch: string; dense: boolean };

/**
 * One pass over a stream whose header declares its counts, planned on them. The results stand when
 * what the pass counted gives the same plan (the same sizes and warm-up) and the pages are dense
 * and number as declared — then they equal a loaded run's (whose trace has exactly those counts).
 * Otherwise the outcome says why (the pass stops at the first sparse chunk), for the caller to load
 * the stream instead.
 */
export async function simulateDeclaredStream(stream: TraceStream, options: SimulateOptions): Promise<DeclaredStreamOutcome> {
  checkCurveOptions({ ...options, specs: options.policies }, true);
  const declared = declaredFacts(stream.info);
  if (!declared) throw new UsageError(`${stream.info.file}: the stream does not declare its page and record counts`);
  const plan = planRun(declared, options);
  const pass = await replayPass(stream, options, declared, plan, true);
  if (!pass) return { mismatch: SPARSE, dense: false };
  const mismatch = planMismatch(declared, plan, pass.tally, options);
  return mismatch ? { mismatch, dense: true } : { results: await resultsOf(stream, options, plan, pass) };
}

/**
 * Streams a file in any form: one pass when its header declares its counts (and they hold), else
 * a statistics pass first. Pages must be dense (`faultline convert --renumber`).
 */
export async function simulateStreamFile(file: string, options: SimulateOptions): Promise<Results> {
  checkCurveOptions({ ...options, specs: options.policies }, true);
  const notDense = (): UsageError => new UsageError(`${file}: pages are not dense; renumber the stream first (convert it with renumbering)`);
  const stream = await openTraceStream(file);
  if (declaredFacts(stream.info)) {
    const outcome = await simulateDeclaredStream(stream, options);
    if ('results' in outcome) return outcome.results;
    if (!outcome.dense) throw notDense();
  }
  const stats = await computeStats(declaredFacts(stream.info) ? await openTraceStream(file) : stream);
  if (!stats.dense) throw notDense();
  const facts = { pages: stats.distinctPages, pageSize: stats.pageSize, references: stats.references, records: stats.records };
  const plan = planRun(facts, options);
  const counted = await openTraceStream(file);
  return resultsOf(counted, options, plan, (await replayPass(counted, options, facts, plan, false))!);
}
