/**
 * One-pass curve throughput: references per second for a whole curve (every counter at the
 * automatic sizes) by the LRU stack-distance engine, OPT's and LRU-K's priority stacks, on the
 * Zipf stream and the real trace; faults at 100,000 frames alongside.
 */
import { lruDepthCounters, lruKDepthCounters, optDepthCounters, autoSizes, type DepthCounters } from '../../simulators/index.js';
import { nextUseOf } from '../../policies/index.js';
import type { LoadedTrace } from '../../traces/index.js';
import { timed, type BenchContext, type BenchFigure, type BenchSuite } from '../benchSuite.js';
import { perSecond } from '../measure.js';
import { loadRealTrace, loadZipf } from '../workloads.js';

const ENGINES: { name: string; run: (t: LoadedTrace) => DepthCounters }[] = [
  { name: 'lru', run: (t) => lruDepthCounters(t, 0) },
  { name: 'opt', run: (t) => optDepthCounters(t, 0) },
  { name: 'lru-k', run: (t) => lruKDepthCounters(t, 0, 2) },
];

async function curve(engine: (typeof ENGINES)[number], trace: LoadedTrace, workload: string, frames: number): Promise<BenchFigure> {
  const sizes = [...new Set([...autoSizes(trace.pageCount), frames])].sort((a, b) => a - b);
  const { seconds, value } = await timed(() => engine.run(trace).counters(sizes));
  const at = value[sizes.indexOf(frames)]!;
  return {
    name: `onepass.${engine.name}.${workload}`,
    value: perSecond(trace.references, seconds),
    unit: 'references/s',
    better: 'higher',
    context: { sizes: sizes.length, references: trace.references, pages: trace.pageCount, frames, faults: at.faults, writebacks: at.writebacks, seconds: Number(seconds.toFixed(3)) },
  };
}

export const onePassSuite: BenchSuite = {
  name: 'onepass',
  description: 'one-pass curve throughput (references/s for every size at once): LRU, OPT, LRU-K',
  async run(ctx: BenchContext) {
    const figures: BenchFigure[] = [];
    const zipf = await loadZipf(ctx);
    nextUseOf(zipf); // OPT's next-use pass is timed by the policies suite
    const frames = Math.round(100_000 * Math.min(1, ctx.scale));
    for (const engine of ENGINES) {
      ctx.log(`${engine.name} curve on the Zipf stream`);
      figures.push(await curve(engine, zipf, 'zipf', frames));
    }
    const real = await loadRealTrace();
    if (real) {
      nextUseOf(real);
      for (const engine of ENGINES) figures.push(await curve(engine, real, 'cloudphysics', Math.round(real.pageCount / 10)));
    }
    return figures;
  },
};
