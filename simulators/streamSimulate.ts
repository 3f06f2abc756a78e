/**
 * Simulation of a stream too large to load: one pass over the file feeds every (policy, size)
 * configuration chunk by chunk, in constant memory apart from the policies' per-page state.
 * A first pass (the stream's statistics) finds the number of pages, unless the header knows it.
 * Policies that need the future (OPT) cannot run this way.
 */
import { UsageError, computeStats, openTraceStream } from '../traces/index.js';
import type { PolicySpec } from '../policies/policySpec.js';
import { createCostModel } from './costModel.js';
import type { CurvePoint } from './curveTypes.js';
import { FramePool } from './framePool.js';
import { KindRouter, partitionFrames } from './partition.js';
import { addCounters, type Results } from './results.js';
import { checkCurveOptions } from './curveOptions.js';
import { CountingStart, planRun, traceSummary } from './runPlan.js';
import { assembleResults, type SimulateOptions } from './simulate.js';

interface Config {
  point: Omit<CurvePoint, 'counters'>;
  pools: FramePool[];
}

export async function simulateStreamFile(file: string, options: SimulateOptions): Promise<Results> {
  checkCurveOptions({ ...options, specs: options.policies }, true);
  const stats = await computeStats(await openTraceStream(file));
  if (!stats.dense) throw new UsageError(`${file}: pages are not dense; renumber the stream first (convert it with renumbering)`);
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
