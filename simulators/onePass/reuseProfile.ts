/**
 * The LRU stack-distance (reuse) histogram of a trace, as `faultline reuse` prints it, and the LRU
 * miss curve it implies: a reference at distance d misses in every memory smaller than d. Distances
 * count positions in the LRU stack, holes left by released pages included (lruCurve.ts), so the
 * curve equals the LRU simulation's faults at every size. References to pages not in the stack
 * (first references, or after a release) are infinitely far.
 */
import type { LoadedTrace } from '../../traces/index.js';
import { RELEASE_BIT } from '../../traces/operations.js';
import { NOT_IN_STACK } from './depthCounters.js';
import { LruStack } from './lruCurve.js';

export interface ReuseProfile {
  /** count[d] = references at stack distance d (index 0 unused). */
  count: Float64Array;
  /** References to pages not in the stack. */
  infinite: number;
  /** References counted (from the warm-up record on). */
  references: number;
}

export function lruReuseProfile(trace: LoadedTrace, warmupRecords = 0): ReuseProfile {
  const stack = new LruStack(trace.pageCount);
  const count = new Float64Array(trace.pageCount + 1);
  let infinite = 0;
  let references = 0;
  const { pages, codes, length } = trace;
  for (let i = 0; i < length; i++) {
    const p = pages[i]!;
    if (codes[i]! & RELEASE_BIT) {
      stack.release(p);
      continue;
    }
    const d = stack.reference(p);
    if (i < warmupRecords) continue;
    references++;
    if (d === NOT_IN_STACK) infinite++;
    else count[d]!++;
  }
  return { count, infinite, references };
}

/** LRU misses at each of `sizes` (ascending): the references farther than the size. */
export function missesFromReuse(profile: ReuseProfile, sizes: number[]): number[] {
  const { count } = profile;
  let within = 0;
  let d = 0;
  return sizes.map((size) => {
    for (; d < Math.min(size, count.length - 1); ) within += count[++d]!;
    return profile.references - within;
  });
}
