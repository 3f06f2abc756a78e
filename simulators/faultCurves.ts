/**
 * Fault curves: every counter for each (policy, memory size), and for variable-space policies for
 * each window. Stack algorithms take the one-pass path when one is registered and it is estimated
 * faster (curveEngineChoice.ts; `onePass` and `perSize` force either), in partitioned mode too
 * (each pool's curve from one pass over its sub-stream);
 * everything else is one replay per size, spread over worker threads (replayWorkers.ts). "Pool"
 * means memory only: a pool of frames under one policy instance (framePool.ts).
 */
import type { LoadedTrace } from '../traces/index.js';
import { checkCurveOptions } from './curveOptions.js';
import type { PolicySpec } from '../policies/policySpec.js';
import { nextUseOf } from '../policies/structures/nextUse.js';
import { computeApproximateCurves } from './approximateCurves.js';
import { chooseCurveMethod, forcedCurveMethod } from './curveEngineChoice.js';
import { onePassFor, type OnePassCurve } from './onePass/index.js';
import type { RecordsDone } from './onePass/depthCounters.js';
import { partitionFrames, splitByKind } from './partition.js';
import { ReplayWorkers, defaultJobs } from './replayWorkers.js';
import { preFault } from './preFault.js';
import { addCounters, type Counters } from './results.js';
import type { CurvePoint, CurveRequest } from './curveTypes.js';
import { allocationInfo, type AllocationInfo } from './allocation/allocationSpec.js';

/** About 24 windows spaced evenly on a log scale from 1 to the number of references. */
export function defaultWindows(references: number): number[] {
  const top = Math.max(1, references);
  const out = new Set<number>();
  for (let k = 0; k < 24; k++) out.add(Math.max(1, Math.round(Math.pow(top, k / 23))));
  return [...out].sort((a, b) => a - b);
}

/** Each pool's one-pass curve over its own sub-stream, at its own sizes (ascending with the memory), summed. */
function partitionedOnePass(trace: LoadedTrace, spec: PolicySpec, curve: OnePassCurve, pools: NonNullable<CurvePoint['partition']>[], warmupRecords: number, onRecords: RecordsDone): Counters[] {
  const split = splitByKind(trace);
  const anon = curve(split.anon, spec.params, pools.map((p) => p.anonFrames), split.anonBefore(warmupRecords), onRecords);
  const file = curve(split.file, spec.params, pools.map((p) => p.fileFrames), split.fileBefore(warmupRecords), (n) => onRecords(split.anon.length + n));
  return anon.map((c, k) => addCounters(c, file[k]!));
}

export async function computeCurves(trace: LoadedTrace, req: CurveRequest): Promise<CurvePoint[]> {
  checkCurveOptions(req);
  if (req.sample !== undefined || req.shards) return computeApproximateCurves(trace, req, computeCurves);
  const warmupRecords = req.warmupRecords ?? 0;
  const seed = req.seed ?? 1;
  const unified = req.unified ?? true;
  const partitions = req.partitions ?? [];
  const windows = req.windows ?? defaultWindows(trace.references);

  type Slot = Omit<CurvePoint, 'counters'> & { counters?: Counters };
  const slots: Slot[] = [];
  /** One-pass curves to compute: each fills its slots, in order. */
  const onePass: { slots: Slot[]; run: (onRecords: RecordsDone) => Counters[] }[] = [];
  const replays: { slot: Slot; spec: PolicySpec; config: { frames: number; partition?: CurvePoint['partition']; allocation?: AllocationInfo; noFairness?: boolean } }[] = [];

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
    if (req.allocations?.length) {
      // Per-process counters need a replay: no one-pass curves under an allocation.
      for (const a of req.allocations) {
        const allocation = allocationInfo(a);
        for (const frames of req.sizes) {
          const slot: Slot = { spec, mode: 'unified', frames, method: 'per-size', allocation };
          slots.push(slot);
          replays.push({ slot, spec, config: { frames, allocation, noFairness: req.noFairness } });
        }
      }
      continue;
    }
    const engine = onePassFor(spec);
    const work = { policy: spec.def.name, sizes: req.sizes.length, references: trace.references, pages: trace.pageCount, releases: trace.releases, warmupRecords, jobs: req.jobs ?? defaultJobs() };
    const method = chooseCurveMethod({ ...work, hasOnePass: engine !== undefined, force: forcedCurveMethod(req) });
    const curve = method === 'one-pass' ? engine : undefined;
    if (unified) {
      const mine = req.sizes.map((frames): Slot => ({ spec, mode: 'unified', frames, method }));
      slots.push(...mine);
      if (curve) onePass.push({ slots: mine, run: (onRecords) => curve(trace, spec.params, req.sizes, warmupRecords, onRecords) });
      else for (const slot of mine) replays.push({ slot, spec, config: { frames: slot.frames } });
    }
    for (const share of partitions) {
      // A partitioned memory needs a frame per pool: smaller sizes have no partitioned run.
      const mine = req.sizes.filter((m) => m >= 2).map((frames): Slot => ({ spec, mode: 'partitioned', partition: partitionFrames(frames, share), frames, method }));
      slots.push(...mine);
      if (curve) onePass.push({ slots: mine, run: (onRecords) => partitionedOnePass(trace, spec, curve, mine.map((s) => s.partition!), warmupRecords, onRecords) });
      else for (const slot of mine) replays.push({ slot, spec, config: { frames: slot.frames, partition: slot.partition } });
    }
  }

  // Progress in records replayed: each one-pass curve and each replay is one pass over the trace.
  const total = trace.length * (onePass.length + replays.length);
  let done = 0;
  const progress = (records: number): void => {
    done += records;
    req.onProgress?.(done, total);
  };

  for (const { slots: mine, run } of onePass) {
    const before = done;
    run((n) => req.onProgress?.(before + n, total)).forEach((c, k) => (mine[k]!.counters = c));
    progress(trace.length);
  }

  const jobs = Math.min(req.jobs ?? defaultJobs(), Math.max(1, replays.length));
  // Replays that need the next uses (OPT) share one array, built here with its fresh pages faulted
  // in on a spare core; worker threads are handed it instead of building one each.
  const future = replays.some((r) => r.slot.spec.def.capabilities?.nextUse && !r.config.partition) ? nextUseOf(trace, preFault) : undefined;
  const workers = new ReplayWorkers(trace, jobs, jobs > 1 ? future : undefined);
  try {
    await Promise.all(
      replays.map(async ({ slot, spec, config }) => {
        const outcome = await workers.run(spec, { ...config, warmupRecords, seed });
        slot.counters = outcome.counters;
        if (slot.window !== undefined) slot.frames = outcome.meanResident ?? 0;
        if (outcome.perProcess) {
          slot.perProcess = outcome.perProcess;
          slot.deactivations = outcome.deactivations ?? 0;
        }
        progress(trace.length);
      }),
    );
  } finally {
    await workers.close();
  }
  return slots.map(({ counters, ...rest }) => ({ ...rest, counters: counters! }));
}
