/**
 * What a fault-curve computation is asked (`CurveRequest`) and gives (`CurvePoint`), shared by the
 * exact drivers (faultCurves.ts) and the approximate ones (approximateCurves.ts).
 */
import type { PolicySpec } from '../policies/policySpec.js';
import type { RunResult } from './results.js';
import type { ShardsOptions } from './shards.js';
import type { AllocationInfo, AllocationSpec } from './allocation/allocationSpec.js';
import type { ProcessTotals } from './allocation/processModel.js';

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
  /** Use the one-pass curve whenever one exists. Without either flag, the cheaper path is estimated (curveEngineChoice.ts). */
  onePass?: boolean;
  seed?: number;
  /** Windows for variable-space policies (default: log-spaced over the trace length). */
  windows?: number[];
  /** Progress in records replayed (a one-pass curve and each replay are one pass over the trace; a streamed run's one pass over the stream), now and then during a long pass. */
  onProgress?: (done: number, total: number) => void;
  /** Miniature simulation at this sampling rate (any policy): approximate, `method: 'sampled'`. */
  sample?: number;
  /** SHARDS (LRU only): approximate, `method: 'sampled'`. */
  shards?: ShardsOptions;
  /** Allocations across processes (tagged traces): these runs replace the unified ones. */
  allocations?: AllocationSpec[];
  /** With allocations: skip the fairness baseline (one more replay per run). */
  noFairness?: boolean;
}

/** One point of a curve: a results file's run (results.ts) before costs and ratios, with its spec. */
export interface CurvePoint extends Pick<RunResult, 'mode' | 'partition' | 'frames' | 'window' | 'method' | 'sampleRate' | 'counters'> {
  spec: PolicySpec;
  allocation?: AllocationInfo;
  perProcess?: ProcessTotals[];
  deactivations?: number;
}
