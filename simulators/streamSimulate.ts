/**
 * Simulation of a stream too large to load: one pass over the file feeds every (policy, size)
 * configuration chunk by chunk, in constant memory apart from the policies' per-page state.
 * A first pass (the stream's statistics) finds the number of pages, unless the header knows it.
 * Policies that need the future (OPT) cannot run this way.
 */
import { UsageError, computeStats, openTraceStream, type TraceChunk } from '../traces/index.js';
import { KIND_ANON, KIND_SHIFT, RELEASE_BIT } from '../traces/operations.js';
import type { PolicySpec } from '../policies/policySpec.js';
import { createCostModel } from './costModel.js';
import type { CurvePoint } from './curveTypes.js';
import { FramePool } from './framePool.js';
import { partitionFrames } from './partition.js';
import { addCounters, type Results } from './results.js';
import { CountingStart, planRun, traceSummary } from './runPlan.js';
import { assembleResults, type SimulateOptions } from './simulate.js';

/** Splits a chunk into its anonymous and file records (the kind of a release is its page's). */
class KindRouter {
  private readonly pageKind: Uint8Array;
  readonly anon = { pages: new Uint32Array(0), codes: new Uint8Array(0), length: 0, warmEnd: 0 };
  readonly file = { pages: new Uint32Array(0), codes: new Uint8Array(0), length: 0, warmEnd: 0 };
  constructor(pageCount: number) {
    this.pageKind = new Uint8Array(pageCount);
  }

  route(chunk: TraceChunk, warmEnd: number): void {
    for (const part of [this.anon, this.file]) {
      if (part.pages.length < chunk.length) {
        part.pages = new Uint32Array(chunk.length);
        part.codes = new Uint8Array(chunk.length);
      }
      part.length = 0;
      part.warmEnd = -1;
    }
    for (let i = 0; i < chunk.length; i++) {
      const p = chunk.pages[i]!;
      const c = chunk.codes[i]!;
      if (i === warmEnd) {
        this.anon.warmEnd = this.anon.length;
        this.file.warmEnd = this.file.length;
      }
      const kind = c & RELEASE_BIT ? this.pageKind[p]! : c >> KIND_SHIFT;
      if (!(c & RELEASE_BIT)) this.pageKind[p] = kind;
      const part = kind === KIND_ANON ? this.anon : this.file;
      part.pages[part.length] = p;
      part.codes[part.length] = c;
      part.length++;
    }
    for (const part of [this.anon, this.file]) {
      if (part.warmEnd < 0) part.warmEnd = warmEnd > chunk.length ? part.length + 1 : warmEnd < 0 ? 0 : part.length;
    }
  }
}

interface Config {
  point: Omit<CurvePoint, 'counters'>;
  pools: FramePool[];
}

export async function simulateStreamFile(file: string, options: SimulateOptions): Promise<Results> {
  for (const spec of options.policies) {
    if (spec.def.capabilities?.needsFuture) throw new UsageError(`${spec.def.name} needs the whole trace in advance and cannot run on a streamed trace (drop --stream)`);
    if (spec.def.capabilities?.variableSpace) throw new UsageError(`${spec.def.name} is a variable-space policy: run it without --stream`);
  }
  const stats = await computeStats(await openTraceStream(file));
  if (!stats.dense) throw new UsageError(`${file}: pages are not dense; renumber the stream first (faultline convert --renumber)`);
  const pageCount = stats.distinctPages;
  const costModel = await createCostModel(options.cost);
  const summary = traceSummary({
    name: file,
    file: options.file ?? file,
    format: stats.format,
    pageSize: stats.pageSize,
    records: stats.records,
    references: stats.references,
    releases: stats.releases,
    pages: pageCount,
    anonPages: stats.anonPages,
    filePages: stats.filePages,
  });
  const { sizes, warmupReferences } = planRun(summary, options);
  const seed = options.seed ?? 1;
  const pool = (spec: PolicySpec, frames: number): FramePool => new FramePool(spec, { frames, pageCount, seed });

  const configs: Config[] = [];
  for (const spec of options.policies) {
    for (const frames of options.unified === false ? [] : sizes) {
      configs.push({ point: { spec, mode: 'unified', frames, method: 'per-size' }, pools: [pool(spec, frames)] });
    }
    for (const share of options.partitions ?? []) {
      if (stats.format !== 'basic-named') throw new UsageError(`${file}: partitioned mode needs a basic-named stream`);
      for (const frames of sizes.filter((m) => m >= 2)) {
        const partition = partitionFrames(frames, share);
        configs.push({
          point: { spec, mode: 'partitioned', partition, frames, method: 'per-size' },
          pools: [pool(spec, partition.anonFrames), pool(spec, partition.fileFrames)],
        });
      }
    }
  }
  const router = configs.some((c) => c.pools.length === 2) ? new KindRouter(pageCount) : undefined;

  const start = new CountingStart(warmupReferences);
  const stream = await openTraceStream(file);
  let base = 0;
  for await (const chunk of stream.chunks()) {
    const warmEnd = start.scan(chunk.pages, chunk.codes, chunk.length);
    router?.route(chunk, warmEnd);
    for (const { pools } of configs) {
      if (pools.length === 1) pools[0]!.feed(chunk, chunk.length, warmEnd);
      else {
        pools[0]!.feed(router!.anon, router!.anon.length, router!.anon.warmEnd);
        pools[1]!.feed(router!.file, router!.file.length, router!.file.warmEnd);
      }
    }
    base += chunk.length;
    options.onProgress?.(base, stats.records);
  }

  const points: CurvePoint[] = configs.map(({ point, pools }) => ({ ...point, counters: pools.map((p) => p.counters()).reduce(addCounters) }));
  return assembleResults(points, { trace: summary, command: options.command ?? '', warmup: warmupReferences, costModel, sizes, compulsoryFloor: start.floor });
}
