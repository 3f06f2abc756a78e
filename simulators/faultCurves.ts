/**
 * Fault curves: every counter for each (policy, memory size), and for variable-space policies for
 * each window. Stack algorithms take the one-pass path when one is registered (unless `perSize`),
 * in partitioned mode too (each pool's curve from one pass over its sub-stream);
 * everything else is one replay per size, spread over a pool of worker threads.
 */
import type { LoadedTrace } from '../traces/index.js';
import type { PolicySpec } from '../policies/policySpec.js';
import { nextUseOf } from '../policies/structures/nextUse.js';
import { computeApproximateCurves } from './approximateCurves.js';
import { onePassFor, type OnePassCurve } from './onePass/index.js';
import { partitionFrames, splitByKind } from './partition.js';
import { ReplayPool, defaultJobs } from './replayPool.js';
import { addCounters, type Counters } from './results.js';
import type { CurvePoint, CurveRequest } from './curveTypes.js';

/** About 24 windows spaced evenly on a log scale from 1 to the number of references. */
export function defaultWindows(references: number): number[] {
  const top = Math.max(1, references);
  const out = new Set<number>();
  for (let k = 0; k < 24; k++) out.add(Math.max(1, Math.round(Math.pow(top, k / 23))));
  return [...out].sort((a, b) => a - b);
}

/** Each pool's one-pass curve over its own sub-stream, at its own sizes (ascending with the memory), summed. */
function partitionedOnePass(trace: LoadedTrace, spec: PolicySpec, curve: OnePassCurve, pools: NonNullable<CurvePoint['partition']>[], warmupRecords: number): Counters[] {
  const split = splitByKind(trace);
  const anon = curve(split.anon, spec.params, pools.map((p) => p.anonFrames), split.anonBefore(warmupRecords));
  const file = curve(split.file, spec.params, pools.map((p) => p.fileFrames), split.fileBefore(warmupRecords));
  return anon.map((c, k) => addCounters(c, file[k]!));
}

export async function computeCurves(trace: LoadedTrace, req: CurveRequest): Promise<CurvePoint[]> {
  if (req.sample !== undefined || req.shards) return computeApproximateCurves(trace, req, computeCurves);
  const warmupRecords = req.warmupRecords ?? 0;
  const seed = req.seed ?? 1;
  const unified = req.unified ?? true;
  const partitions = req.partitions ?? [];
  const windows = req.windows ?? defaultWindows(trace.references);

  type Slot = Omit<CurvePoint, 'counters'> & { counters?: Counters };
  const slots: Slot[] = [];
  /** One-pass curves to compute: each fills its slots, in order. */
  const onePass: { slots: Slot[]; run: () => Counters[] }[] = [];
  const replays: { slot: Slot; spec: PolicySpec; config: { frames: number; partition?: CurvePoint['partition'] } }[] = [];

  for (const spec of req.specs) {
    const variable = spec.def.capabilities?.variableSpace;
    if (variable) {
      for (const window of windows) {
        const slot: Slot = { spec, mode: 'unified', frames: 0, window, method: 'per-size' };
        slots.push(slot);
        const params = { ...spec.params, [variable.parameter]: window };
        replays.push({ slot, spec: { def: spec.def, params, label: spec.label }, config: { frames: trace.pageCount } });
      }
      continue;
    }
    const curve = req.perSize ? undefined : onePassFor(spec, req.onePass);
    const method = curve ? 'one-pass' : 'per-size';
    if (unified) {
      const mine = req.sizes.map((frames): Slot => ({ spec, mode: 'unified', frames, method }));
      slots.push(...mine);
      if (curve) onePass.push({ slots: mine, run: () => curve(trace, spec.params, req.sizes, warmupRecords) });
      else for (const slot of mine) replays.push({ slot, spec, config: { frames: slot.frames } });
    }
    for (const share of partitions) {
      // A partitioned memory needs a frame per pool: smaller sizes have no partitioned run.
      const mine = req.sizes.filter((m) => m >= 2).map((frames): Slot => ({ spec, mode: 'partitioned', partition: partitionFrames(frames, share), frames, method }));
      slots.push(...mine);
      if (curve) onePass.push({ slots: mine, run: () => partitionedOnePass(trace, spec, curve, mine.map((s) => s.partition!), warmupRecords) });
      else for (const slot of mine) replays.push({ slot, spec, config: { frames: slot.frames, partition: slot.partition } });
    }
  }

  let done = 0;
  const total = slots.length;
  const progress = (n: number): void => {
    done += n;
    req.onProgress?.(done, total);
  };

  for (const { slots: mine, run } of onePass) {
    run().forEach((c, k) => (mine[k]!.counters = c));
    progress(mine.length);
  }

  const jobs = Math.min(req.jobs ?? defaultJobs(), Math.max(1, replays.length));
  // Policies that need the future share one next-use array instead of one per worker.
  const future = jobs > 1 && replays.some((r) => r.slot.spec.def.capabilities?.needsFuture && !r.config.partition);
  const pool = new ReplayPool(trace, jobs, future ? nextUseOf(trace) : undefined);
  try {
    await Promise.all(
      replays.map(async ({ slot, spec, config }) => {
        const outcome = await pool.run(spec, { ...config, warmupRecords, seed });
        slot.counters = outcome.counters;
        if (slot.window !== undefined) slot.frames = outcome.meanResident ?? 0;
        progress(1);
      }),
    );
  } finally {
    await pool.close();
  }
  return slots.map(({ counters, ...rest }) => ({ ...rest, counters: counters! }));
}
