/**
 * Approximate fault curves for traces too long to replay at every size:
 *  - miniature simulation (Waldspurger, Saemundsson, Ahmad & Park, "Cache Modeling and
 *    Optimization using Miniature Simulations", USENIX ATC 2017), for any policy: the policy runs
 *    on the spatially sampled trace with memory M × R, and the counters are scaled back by the
 *    ratio of distinct pages in the trace to those in the sample. Scaling by the ratio of
 *    references instead (keeping the sample's miss ratio) lets a few hot pages that fall in or out
 *    of the sample swing the whole curve: on the Zipf(0.9) benchmark stream its error was 6× larger
 *    (docs/performance.md); faults, like pages, scale with the pages sampled;
 *  - SHARDS (shards.ts), for LRU only: every size from one pass over the sample.
 * Runs are marked `method: 'sampled'` with their `sampleRate`.
 */
import { OptionError, UsageError, type LoadedTrace } from '../traces/index.js';
import type { CurvePoint, CurveRequest } from './curveTypes.js';
import { COUNTER_NAMES, type Counters } from './results.js';
import { shardsCurve } from './shards.js';
import { sampleTrace, type SampledTrace } from './spatialSample.js';

/** The memory a miniature simulation of `frames` frames gets at sampling rate `rate` (at least one frame). */
export function miniatureFrames(frames: number, rate: number): number {
  return Math.max(1, Math.round(frames * rate));
}

/** Scales a sample's counters to the whole trace; totals are the sums of their scaled parts. */
export function scaleSampledCounters(c: Counters, s: SampledTrace): Counters {
  const f = s.trace.pageCount > 0 ? s.pages / s.trace.pageCount : 1 / s.rate;
  const out = {} as Counters;
  for (const name of COUNTER_NAMES) out[name] = Math.round(c[name] * f);
  const part = (total: number, anon: number, file: number): number => Math.round((total - anon - file) * f);
  out.compulsoryFaults = part(c.compulsoryFaults, c.anonCompulsory, c.fileCompulsory) + out.anonCompulsory + out.fileCompulsory;
  out.capacityFaults = part(c.capacityFaults, c.anonCapacity, c.fileCapacity) + out.anonCapacity + out.fileCapacity;
  out.writebacks = part(c.writebacks, c.anonWritebacks, c.fileWritebacks) + out.anonWritebacks + out.fileWritebacks;
  out.references = s.references;
  out.faults = Math.min(s.references, out.compulsoryFaults + out.capacityFaults);
  out.hits = out.references - out.faults;
  return out;
}

type ExactCurves = (trace: LoadedTrace, req: CurveRequest) => Promise<CurvePoint[]>;

export async function computeApproximateCurves(trace: LoadedTrace, req: CurveRequest, exact: ExactCurves): Promise<CurvePoint[]> {
  const variable = req.specs.find((s) => s.def.capabilities?.variableSpace);
  if (variable) throw new UsageError(`${variable.def.name} is a variable-space policy: it cannot be sampled`);
  const warmupRecords = req.warmupRecords ?? 0;
  if (req.shards) {
    const other = req.specs.find((s) => s.def.name !== 'lru');
    if (other) throw new OptionError('shards', `estimates LRU curves only (not ${other.def.name}); \`sample\` works for every policy`);
    const curve = shardsCurve(trace, req.shards, req.sizes, warmupRecords);
    req.onProgress?.(trace.length, trace.length);
    return req.specs.flatMap((spec) =>
      req.sizes.map((frames, k) => ({ spec, mode: 'unified' as const, frames, method: 'sampled' as const, sampleRate: curve.finalRate, counters: curve.counters[k]! })),
    );
  }
  const rate = req.sample!;
  const sample = sampleTrace(trace, rate, warmupRecords);
  if (sample.trace.pageCount === 0 && trace.pageCount > 0) throw new OptionError('sample', `no page of ${trace.name} falls in a sample at rate ${rate}: raise the rate`);
  const mini = [...new Set(req.sizes.map((m) => miniatureFrames(m, rate)))].sort((a, b) => a - b);
  const points = await exact(sample.trace, { ...req, sample: undefined, sizes: mini, warmupRecords: sample.warmupRecords });
  return req.specs.flatMap((spec) =>
    req.sizes.map((frames) => {
      const p = points.find((q) => q.spec === spec && q.frames === miniatureFrames(frames, rate))!;
      return { spec, mode: 'unified' as const, frames, method: 'sampled' as const, sampleRate: rate, counters: scaleSampledCounters(p.counters, sample) };
    }),
  );
}
