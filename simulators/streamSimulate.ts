/**
 * Simulation of a stream without loading it: one pass over the file feeds every (policy, size)
 * configuration chunk by chunk — or a policy's one-pass curve, every size at once, when that is
 * its curve method and its engine can be fed a stream (`streamedOnePassFor`: LRU, LRU-K, OPT) — in
 * constant memory apart from the policies' per-page state, and counts on the way what results
 * files say of the trace (RunTally, countedChunks.ts). An engine that needs the future (OPT's with
 * releases or a warm-up) reads the stream once before, through its look-ahead. A replay that needs
 * the future as next uses (OPT at one size) has them from one backward read of a plain binary file
 * first (nextUseBackward.ts); other replays that need the future, or that vary their memory, cannot
 * run this way.
 *
 * The plan (sizes, warm-up, the policies' page count) must be known before the pass. A binary
 * stream's header declares its page and record counts: the pass is planned on them and checked
 * against what it counted (`simulateDeclaredStream`). Without declared counts a statistics pass
 * comes first (`simulateStreamFile`).
 */
import * as os from 'node:os';
import { OptionError, UsageError, computeStats, openTraceStream, traceNameOf, type StreamInfo, type TraceStream } from '../traces/index.js';
import type { PolicySpec } from '../policies/policySpec.js';
import { createCostModel } from './costModel.js';
import { chooseCurveMethod, forcedCurveMethod, type CurveMethod } from './curveEngineChoice.js';
import { DepthPass, onePassFor, streamedOnePassFor, type StreamedEngine } from './onePass/index.js';
import { StreamChangedError } from './onePass/optStreamedFuture.js';
import { defaultJobs } from './replayWorkers.js';
import type { CurvePoint } from './curveTypes.js';
import { FramePool } from './framePool.js';
import { KindRouter, partitionFrames } from './partition.js';
import { addCounters, type Results } from './results.js';
import { checkCurveOptions } from './curveOptions.js';
import { planRun, traceSummary, type RunPlan, type TraceFacts } from './runPlan.js';
import type { TallyFacts } from './runTally.js';
import { countedChunks } from './countedChunks.js';
import { assembleResults, type SimulateOptions } from './simulate.js';
import { nextUseBackward, readsBackward } from './nextUseBackward.js';

/**
 * A trace whose loaded arrays would take more than this share of the machine's memory streams
 * whenever a stream can feed the run, even where loading would be faster (parallel replays): the
 * load, the policies' state and the rest of the system must fit. A streamed replay's next-use
 * array (4 bytes per record) must fit in it too.
 */
export const STREAM_ABOVE_MEMORY_SHARE = 0.5;

interface Config {
  point: Omit<CurvePoint, 'counters'>;
  pools: FramePool[];
}

/** A one-pass curve fed by the stream: every size of `spec` from one DepthPass over the engine `streamed` makes. */
interface StreamedCurve {
  spec: PolicySpec;
  streamed: StreamedEngine;
  /** The header rules out releases, and the engine was chosen on that (OPT's without a look-ahead cannot take one): a release stops the pass. */
  noReleases: boolean;
}

/** A finished pass: the counters of every configuration and what it counted of the trace. */
interface Pass {
  points: CurvePoint[];
  tally: TallyFacts;
}

/**
 * The curve method of `spec` on a stream, planned on its declared counts. Before the pass the
 * header only says whether releases may occur: take them as many as the records then, and the
 * warm-up's records as its references (OPT's engine depends on both).
 */
function streamedCurveMethod(spec: PolicySpec, facts: StreamFacts, plan: RunPlan, options: SimulateOptions): CurveMethod {
  const work = { sizes: plan.sizes.length, references: facts.references, pages: facts.pages, releases: facts.mayRelease ? facts.records : 0, warmupRecords: plan.warmupReferences };
  return chooseCurveMethod({ ...work, jobs: options.jobs ?? defaultJobs(), force: forcedCurveMethod(options), policy: spec.def.name, hasOnePass: onePassFor(spec) !== undefined });
}

/**
 * How a stream feeds `spec`'s one-pass curve, or why it cannot: partitioned curves split the loaded
 * trace by kind, and a plug-in's engine may not take a stream. (The record where counting starts is
 * learnt on the way: `DepthPass.feed`'s `warmEnd`.)
 */
function streamedCurveEngine(spec: PolicySpec, facts: StreamFacts, plan: RunPlan, options: SimulateOptions): { streamed: StreamedEngine } | { reason: string } {
  if ((options.partitions ?? []).length) return { reason: 'partitioned one-pass curves split the loaded trace by kind' };
  const streamed = streamedOnePassFor(spec, { pageCount: facts.pages, warmupReferences: plan.warmupReferences, releases: facts.mayRelease });
  return streamed ? { streamed } : { reason: 'its engine cannot be fed a stream' };
}

/**
 * How a run that streams feeds `spec`: a one-pass curve (its engine, or why the stream cannot feed
 * it), or undefined for per-size replays. A one-pass curve when that is its curve method — or, when
 * `streaming` is certain (forced, or the trace too big to load), when the policy needs the future
 * and has a one-pass curve: that curve is then the only way a stream runs it (unless per-size
 * replays were asked for).
 */
export function streamedCurve(spec: PolicySpec, facts: StreamFacts, plan: RunPlan, options: SimulateOptions, streaming: boolean): { streamed: StreamedEngine } | { reason: string } | undefined {
  const onlyWay = streaming && spec.def.capabilities?.needsFuture && forcedCurveMethod(options) !== 'per-size' && onePassFor(spec) !== undefined;
  if (!onlyWay && streamedCurveMethod(spec, facts, plan, options) !== 'one-pass') return undefined;
  return streamedCurveEngine(spec, facts, plan, options);
}

/**
 * `spec` needs the future, and a stream gives it the future it needs: it replays per size (its
 * curve method here, or asked for), unified, with each record's next use (OPT), which a backward
 * read of this stream's file gives, and the next-use array fits in memory.
 */
export function replaysWithNextUse(spec: PolicySpec, info: StreamInfo, facts: StreamFacts, plan: RunPlan, options: SimulateOptions, memoryBytes = os.totalmem()): boolean {
  const caps = spec.def.capabilities;
  return (
    !!caps?.needsFuture &&
    !!caps.nextUse &&
    !(options.partitions ?? []).length &&
    facts.records * 4 <= STREAM_ABOVE_MEMORY_SHARE * memoryBytes &&
    streamedCurve(spec, facts, plan, options, false) === undefined &&
    readsBackward(info)
  );
}

/** How a streamed run feeds each policy: its one-pass curves, and the policies replayed per size (whether any needs the stream's next uses). */
interface Feeds {
  curves: StreamedCurve[];
  replayed: PolicySpec[];
  nextUse: boolean;
}

function feedsOf(stream: TraceStream, options: SimulateOptions, facts: StreamFacts, plan: RunPlan): Feeds {
  const feeds: Feeds = { curves: [], replayed: [], nextUse: false };
  for (const spec of options.policies) {
    if (replaysWithNextUse(spec, stream.info, facts, plan, options)) {
      feeds.replayed.push(spec);
      feeds.nextUse = true;
      continue;
    }
    // A one-pass curve the stream cannot feed is replayed per size instead, where a stream can feed that.
    const engine = streamedCurve(spec, facts, plan, options, true);
    if (engine && 'streamed' in engine) {
      feeds.curves.push({ spec, streamed: engine.streamed, noReleases: !facts.mayRelease && !engine.streamed.lookAhead });
      continue;
    }
    if (spec.def.capabilities?.needsFuture) {
      throw new OptionError('stream', engine ? `cannot run ${spec.label}'s one-pass curve: ${engine.reason}` : `cannot run ${spec.def.name}: it needs the whole trace in advance`);
    }
    feeds.replayed.push(spec);
  }
  return feeds;
}

/** The per-size replays of a streamed run, each with its pools of frames (two when partitioned); `nextUse`, the stream's next uses, when one needs them. */
function configsOf(stream: TraceStream, options: SimulateOptions, facts: StreamFacts, plan: RunPlan, replayed: PolicySpec[], nextUse: Int32Array | undefined): Config[] {
  const seed = options.seed ?? 1;
  const pageCount = facts.pages;
  const pool = (spec: PolicySpec, frames: number): FramePool => new FramePool(spec, { frames, pageCount, seed, nextUse: spec.def.capabilities?.nextUse ? nextUse : undefined });
  const configs: Config[] = [];
  for (const spec of replayed) {
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

/** Why a pass stops before its end: its results would not stand (the stream is then loaded). */
const SPARSE = 'pages are not dense in first-appearance order';
const RELEASES = 'the header says the stream holds no releases, but it does';

/** Reads the stream (opened again) through the curves' look-aheads; returns the records read, counting on from `records`. */
async function lookAheadPass(reopen: () => Promise<TraceStream>, curves: StreamedCurve[], options: SimulateOptions, facts: StreamFacts, plan: RunPlan, total: number, records: number): Promise<number> {
  const lookAheads = curves.flatMap((c) => (c.streamed.lookAhead ? [c.streamed.lookAhead] : []));
  if (!lookAheads.length) return records;
  const counted = await countedChunks(await reopen(), { pageCount: facts.pages, warmupReferences: plan.warmupReferences });
  for await (const chunk of counted.chunks) {
    for (const ahead of lookAheads) ahead.feed(chunk.pages, chunk.codes, chunk.length);
    records += chunk.length;
    options.onProgress?.(records, total);
  }
  return records;
}

/** `work` done before the stream's chunks are asked for: if it fails, nothing else closes the stream's file. */
async function closedOnFailure<T>(stream: TraceStream, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    await stream.close();
    throw err;
  }
}

/**
 * Replays the stream once into every configuration of `plan`, the policies sized for `facts.pages`
 * (after a look-ahead pass over the stream `reopen` gives, when a curve's engine needs one). With
 * `stopWhenSparse` the pass stops at the first chunk whose pages are not dense; a one-pass curve
 * that relies on the header's "no releases" stops it at the first release.
 */
async function replayPass(stream: TraceStream, reopen: () => Promise<TraceStream>, options: SimulateOptions, facts: StreamFacts, plan: RunPlan, stopWhenSparse: boolean): Promise<Pass | { stopped: string }> {
  const { configs, curves, total, records: readBefore, stamp } = await closedOnFailure(stream, async () => {
    const { curves, replayed, nextUse } = feedsOf(stream, options, facts, plan);
    // Passes before the replay's: the backward read of the next uses, the look-ahead.
    const total = (1 + Number(nextUse) + Number(curves.some((c) => c.streamed.lookAhead))) * facts.records;
    const backward = nextUse ? nextUseBackward(stream.info, (read) => options.onProgress?.(read, total)) : undefined;
    const configs = configsOf(stream, options, facts, plan, replayed, backward?.nextUse);
    const records = await lookAheadPass(reopen, curves, options, facts, plan, total, backward ? facts.records : 0);
    return { configs, curves, total, records, stamp: backward?.stamp };
  });
  let records = readBefore;
  const counted = await countedChunks(stream, { pageCount: facts.pages, warmupReferences: plan.warmupReferences });
  const passes = curves.map(({ streamed }) => new DepthPass(facts.pages, plan.warmupReferences, streamed.make()));
  const router = configs.some((c) => c.pools.length === 2) ? new KindRouter(facts.pages) : undefined;
  const releasesStop = curves.some((c) => c.noReleases);
  try {
    for await (const chunk of counted.chunks) {
      if (stopWhenSparse && !chunk.dense) return { stopped: SPARSE };
      if (releasesStop && chunk.releases > 0) return { stopped: RELEASES };
      const { warmEnd } = chunk;
      router?.route(chunk, warmEnd);
      // Where the chunk stands in the stream, for a replay given the stream's next uses.
      const view = { pages: chunk.pages, codes: chunk.codes, releases: chunk.releases, first: records - readBefore };
      for (const { pools } of configs) {
        // With its releases counted, a pool need not count the chunk's references again.
        if (pools.length === 1) pools[0]!.feed(view, chunk.length, warmEnd);
        else {
          pools[0]!.feed(router!.anon, router!.anon.length, router!.anon.warmEnd);
          pools[1]!.feed(router!.file, router!.file.length, router!.file.warmEnd);
        }
      }
      for (const pass of passes) pass.feed(chunk.pages, chunk.codes, chunk.length, warmEnd);
      records += chunk.length;
      options.onProgress?.(records, total);
    }
    stamp?.check();
    const perSize = configs.map(({ point, pools }): CurvePoint => ({ ...point, counters: pools.map((p) => p.counters()).reduce(addCounters) }));
    const onePass = curves.flatMap(({ spec }, c) => passes[c]!.finish().counters(plan.sizes).map((counters, k): CurvePoint => ({ spec, mode: 'unified', frames: plan.sizes[k]!, method: 'one-pass', counters })));
    // In the order of the policies, as a loaded run gives them.
    const points = options.policies.flatMap((spec) => [...onePass, ...perSize].filter((p) => p.spec === spec));
    return { points, tally: counted.facts() };
  } catch (err) {
    if (!(err instanceof StreamChangedError)) throw err;
    // Planned on a header, the records may not be what it declared: loaded, they give the results.
    const changed = `the records differ from what the look-ahead pass read (${err.message})`;
    if (stopWhenSparse) return { stopped: changed };
    throw new UsageError(`${stream.info.file}: ${changed}: was the file changed during the run?`);
  }
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

/** What a streamed run knows of its stream before the pass: the counts, and whether it may hold releases. */
export type StreamFacts = TraceFacts & { records: number; mayRelease: boolean };

/** The facts a stream's header declares (the references taken as its records), if it declares its counts. */
export function declaredFacts(info: StreamInfo): StreamFacts | undefined {
  const { pageCount, records, pageSize } = info;
  return pageCount === undefined || records === undefined ? undefined : { pages: pageCount, pageSize, references: records, records, mayRelease: info.releases };
}

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
 * the stream instead. `reopen` opens the same stream again, for a curve that looks ahead.
 */
export async function simulateDeclaredStream(stream: TraceStream, options: SimulateOptions, reopen: () => Promise<TraceStream>): Promise<DeclaredStreamOutcome> {
  checkCurveOptions({ ...options, specs: options.policies }, true);
  const declared = declaredFacts(stream.info);
  if (!declared) throw new UsageError(`${stream.info.file}: the stream does not declare its page and record counts`);
  const plan = planRun(declared, options);
  const pass = await replayPass(stream, reopen, options, declared, plan, true);
  if ('stopped' in pass) return { mismatch: pass.stopped, dense: pass.stopped !== SPARSE };
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
    const outcome = await simulateDeclaredStream(stream, options, () => openTraceStream(file));
    if ('results' in outcome) return outcome.results;
    if (!outcome.dense) throw notDense();
  }
  const stats = await computeStats(declaredFacts(stream.info) ? await openTraceStream(file) : stream);
  if (!stats.dense) throw notDense();
  const facts = { pages: stats.distinctPages, pageSize: stats.pageSize, references: stats.references, records: stats.records, mayRelease: stats.releases > 0 };
  const plan = planRun(facts, options);
  const counted = await openTraceStream(file);
  const pass = await replayPass(counted, () => openTraceStream(file), options, facts, plan, false);
  if ('stopped' in pass) throw new UsageError(`${file}: ${pass.stopped}; it cannot be streamed`);
  return resultsOf(counted, options, plan, pass);
}
