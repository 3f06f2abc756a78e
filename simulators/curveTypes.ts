/**
 * What a fault-curve computation is asked (`CurveRequest`) and gives (`CurvePoint`), shared by the
 * exact drivers (faultCurves.ts) and the approximate ones (approximateCurves.ts).
 */
import type { PolicySpec } from '../policies/policySpec.js';
import type { Counters, RunMethod } from './results.js';
import type { ShardsOptions } from './shards.js';

export interface CurveRequest {
  specs: PolicySpec[];
  /** Memory sizes in frames, ascending. */
  sizes: number[];
  warmupRecords?: number;
  /** Include unified runs (default true). */
  unified?: boolean;
  /** Anonymous shares of memory for partitioned runs (e.g. [0.5]); none by default. Sizes below 2 frames are skipped. */
  partitions?: number[];
  /** Worker threads for per-size replays (default: the number of cores). */
  jobs?: number;
  /** Replay every size even when a one-pass curve exists. */
  perSize?: boolean;
  /** Use every registered one-pass curve, also those not taken automatically (OPT, LRU-K). */
  onePass?: boolean;
  seed?: number;
  /** Windows for variable-space policies (default: log-spaced over the trace length). */
  windows?: number[];
  onProgress?: (done: number, total: number) => void;
  /** Miniature simulation at this sampling rate (any policy): approximate, `method: 'sampled'`. */
  sample?: number;
  /** SHARDS (LRU only): approximate, `method: 'sampled'`. */
  shards?: ShardsOptions;
}

export interface CurvePoint {
  spec: PolicySpec;
  mode: 'unified' | 'partitioned';
  partition?: { anonShare: number; anonFrames: number; fileFrames: number };
  frames: number;
  window?: number;
  method: RunMethod;
  /** Sampled runs: the sampling rate. */
  sampleRate?: number;
  counters: Counters;
}
