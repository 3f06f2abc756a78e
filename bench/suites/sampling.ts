/**
 * Approximate curves against exact ones: the mean absolute error of the miss ratio over the
 * automatic sizes (SHARDS fixed-rate with and without SHARDS_adj, fixed-size; miniature simulation
 * of LRU, CLOCK and ARC) and their speed, on the Zipf stream and the real trace.
 */
import { computeCurves, autoSizes, lruDepthCounters, shardsCurve, type Counters } from '../../simulators/index.js';
import { getPolicy, listPolicies, makePolicySpec } from '../../policies/index.js';
import type { LoadedTrace } from '../../traces/index.js';
import { timed, type BenchContext, type BenchFigure, type BenchSuite } from '../benchSuite.js';
import { perSecond } from '../measure.js';
import { loadRealTrace, loadZipf } from '../workloads.js';

function missRatios(counters: Counters[]): number[] {
  return counters.map((c) => (c.references ? c.faults / c.references : 0));
}

function meanAbsoluteError(a: number[], b: number[]): number {
  return a.reduce((sum, x, k) => sum + Math.abs(x - b[k]!), 0) / a.length;
}

function errorFigure(name: string, exact: number[], approx: number[], seconds: number, references: number, context: Record<string, number | string>): BenchFigure {
  return {
    name,
    value: Number(meanAbsoluteError(exact, approx).toFixed(5)),
    unit: 'miss-ratio MAE',
    better: 'lower',
    context: { ...context, referencesPerSecond: perSecond(references, seconds), seconds: Number(seconds.toFixed(3)), worst: Number(Math.max(...exact.map((e, k) => Math.abs(e - approx[k]!))).toFixed(5)) },
  };
}

async function suiteFor(trace: LoadedTrace, workload: string, rates: number[], ctx: BenchContext): Promise<BenchFigure[]> {
  const sizes = autoSizes(trace.pageCount);
  const figures: BenchFigure[] = [];
  const exactLru = missRatios(lruDepthCounters(trace, 0).counters(sizes));
  for (const rate of rates) {
    for (const adjust of [true, false]) {
      const t = await timed(() => shardsCurve(trace, { rate, adjust }, sizes));
      figures.push(errorFigure(`shards.rate-${rate}${adjust ? '.adj' : ''}.${workload}`, exactLru, missRatios(t.value.counters), t.seconds, trace.references, { sizes: sizes.length, sampled: t.value.sampledReferences }));
    }
  }
  const fixed = await timed(() => shardsCurve(trace, { rate: 1, maxPages: 8192 }, sizes));
  figures.push(errorFigure(`shards.size-8192.${workload}`, exactLru, missRatios(fixed.value.counters), fixed.seconds, trace.references, { sizes: sizes.length, finalRate: Number(fixed.value.finalRate.toPrecision(4)) }));
  // Miniature simulation against exact per-size replays at every fourth size.
  const some = sizes.filter((_, k) => k % 4 === 3);
  const names = ['lru', 'clock', 'arc'].filter((n) => listPolicies().some((d) => d.name === n));
  const specs = names.map((n) => makePolicySpec(getPolicy(n)));
  ctx.log(`exact per-size curves of ${names.join(', ')} at ${some.length} sizes (${workload})`);
  const exact = await computeCurves(trace, { specs, sizes: some, perSize: true });
  for (const rate of rates) {
    const t = await timed(() => computeCurves(trace, { specs, sizes: some, sample: rate }));
    for (const spec of specs) {
      const e = missRatios(exact.filter((p) => p.spec === spec).map((p) => p.counters));
      const a = missRatios(t.value.filter((p) => p.spec === spec).map((p) => p.counters));
      figures.push(errorFigure(`miniature.${spec.def.name}.rate-${rate}.${workload}`, e, a, t.seconds, trace.references * specs.length, { sizes: some.length }));
    }
  }
  return figures;
}

export const samplingSuite: BenchSuite = {
  name: 'sampling',
  description: 'approximate curves (SHARDS, miniature simulation): miss-ratio error against exact curves, and speed',
  async run(ctx: BenchContext) {
    const figures = await suiteFor(await loadZipf(ctx), 'zipf', [0.01, 0.001], ctx);
    const real = await loadRealTrace();
    if (real) figures.push(...(await suiteFor(real, 'cloudphysics', [0.1, 0.01], ctx)));
    return figures;
  },
};
