/**
 * One simulation run: a policy at one memory size over a loaded trace, with warm-up, in unified or
 * partitioned mode. The replay loop itself is the policy's; this file sets up the memory model,
 * splits the run at the warm-up boundary and collects the counters.
 */
import type { LoadedTrace } from '../traces/index.js';
import type { PolicySpec } from '../policies/policySpec.js';
import { FramePool } from './framePool.js';

export { referencesIn } from './framePool.js';
import { splitByKind } from './partition.js';
import { addCounters, type Counters } from './results.js';
import { allocationFromInfo, type AllocationInfo } from './allocation/allocationSpec.js';
import { runAllocated } from './allocation/runAllocated.js';
import type { ProcessTotals } from './allocation/processModel.js';

export interface RunConfig {
  frames: number;
  /** Records of the trace replayed before counting starts. */
  warmupRecords?: number;
  /** Partitioned mode: frames of each pool (their sum is the memory size). */
  partition?: { anonShare: number; anonFrames: number; fileFrames: number };
  /** Allocation across processes (tagged traces): per-process counters too. */
  allocation?: AllocationInfo;
  /** With an allocation: skip the fairness baseline (each process alone at its share). */
  noFairness?: boolean;
  seed?: number;
}

export interface RunOutcome {
  counters: Counters;
  /** Variable-space policies: mean resident set size. */
  meanResident?: number;
  /** Runs under an allocation: counters per process (by process id), and load-control deactivations. */
  perProcess?: ProcessTotals[];
  deactivations?: number;
}

/** Replays the whole trace on one pool; counting starts at record `warmup`. */
function replayWhole(trace: LoadedTrace, spec: PolicySpec, frames: number, warmup: number, seed: number): FramePool {
  const pool = new FramePool(spec, { frames, pageCount: trace.pageCount, trace, seed });
  pool.feed(trace, trace.length, Math.min(warmup, trace.length));
  return pool;
}

export function runPolicy(trace: LoadedTrace, spec: PolicySpec, config: RunConfig): RunOutcome {
  const warmup = config.warmupRecords ?? 0;
  const seed = config.seed ?? 1;
  if (config.allocation) return runAllocated(trace, spec, allocationFromInfo(config.allocation), config.frames, warmup, seed, !config.noFairness);
  if (!config.partition) {
    const pool = replayWhole(trace, spec, config.frames, warmup, seed);
    const mean = pool.instance.meanResident?.();
    return mean === undefined ? { counters: pool.counters() } : { counters: pool.counters(), meanResident: mean };
  }
  const split = splitByKind(trace);
  const anon = replayWhole(split.anon, spec, config.partition.anonFrames, split.anonBefore(warmup), seed);
  const file = replayWhole(split.file, spec, config.partition.fileFrames, split.fileBefore(warmup), seed);
  return { counters: addCounters(anon.counters(), file.counters()) };
}
