/**
 * Parallel per-size replays: the time for a CLOCK curve (8 sizes) and an OPT curve (8 sizes) on the
 * Zipf stream with one worker slot (in the calling thread) and with one per core (worker threads
 * sharing the trace's SharedArrayBuffers); the speed-up is their ratio.
 */
import { computeCurves } from '../../simulators/index.js';
import { availableCores } from '../../simulators/cores.js';
import { getPolicy, makePolicySpec } from '../../policies/index.js';
import { timed, type BenchContext, type BenchFigure, type BenchSuite } from '../benchSuite.js';
import { loadZipf } from '../workloads.js';

export const parallelSuite: BenchSuite = {
  name: 'parallel',
  description: 'per-size replays on worker threads: speed-up over one thread (CLOCK and OPT, 8 sizes)',
  async run(ctx: BenchContext) {
    const zipf = await loadZipf(ctx);
    const sizes = [1, 2, 4, 8, 16, 32, 64, 128].map((k) => Math.round((k * zipf.pageCount) / 256));
    const cores = availableCores();
    const figures: BenchFigure[] = [];
    for (const name of ['clock', 'opt']) {
      const specs = [makePolicySpec(getPolicy(name))];
      ctx.log(`${name}: 8 sizes on 1 thread`);
      const one = await timed(() => computeCurves(zipf, { specs, sizes, jobs: 1 }));
      ctx.log(`${name}: 8 sizes on ${cores} workers`);
      const many = await timed(() => computeCurves(zipf, { specs, sizes, jobs: cores }));
      const context = { sizes: sizes.length, workers: cores, references: zipf.references, oneThreadSeconds: Number(one.seconds.toFixed(2)), workersSeconds: Number(many.seconds.toFixed(2)), faultsAtLargest: many.value.at(-1)!.counters.faults };
      figures.push({ name: `parallel.${name}.speedup`, value: Number((one.seconds / many.seconds).toFixed(2)), unit: '×', better: 'higher', context });
      figures.push({ name: `parallel.${name}.throughput`, value: Math.round((zipf.references * sizes.length) / many.seconds), unit: 'references/s (all sizes)', better: 'higher', context });
    }
    return figures;
  },
};
