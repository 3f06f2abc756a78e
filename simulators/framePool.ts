/**
 * A pool of page frames under one policy instance: its memory model and how many of its references
 * count. Unified memory is one pool; partitioned memory one per kind (partition.ts). Loaded runs feed
 * a pool the whole trace at once, streamed runs chunk by chunk.
 */
import { RELEASE_BIT } from '../traces/operations.js';
import type { PolicyInstance, PolicySetup, TraceView } from '../policies/policy.js';
import type { PolicySpec } from '../policies/policySpec.js';
import { MemoryModel } from './memoryModel.js';
import type { Counters } from './results.js';

/** References (not releases) among records [from, to); no pass over a trace known to hold no releases. */
export function referencesIn(view: TraceView & { releases?: number }, from: number, to: number): number {
  if (view.releases === 0) return to - from;
  let releases = 0;
  const codes = view.codes;
  for (let i = from; i < to; i++) if (codes[i]! & RELEASE_BIT) releases++;
  return to - from - releases;
}

export class FramePool {
  readonly model: MemoryModel;
  readonly instance: PolicyInstance;
  /** References replayed since counting started. */
  counted = 0;

  constructor(spec: PolicySpec, setup: PolicySetup) {
    this.model = new MemoryModel(setup.pageCount);
    this.instance = spec.def.create(setup, spec.params);
  }

  /**
   * Replays `view` [0, n). Counting starts at local index `warmEnd`: beyond n means the whole view
   * is warm-up, at most 0 that counting began before it.
   */
  feed(view: TraceView & { releases?: number }, n: number, warmEnd: number): void {
    if (warmEnd > 0) {
      this.instance.replay(view, 0, Math.min(warmEnd, n), this.model);
      if (warmEnd <= n) {
        this.model.resetCounters();
        this.instance.resetStatistics?.();
      }
    }
    if (warmEnd < n) {
      const from = Math.max(0, warmEnd);
      this.instance.replay(view, from, n, this.model);
      this.counted += referencesIn(view, from, n);
    }
  }

  counters(): Counters {
    return this.model.counters(this.counted);
  }
}
