/**
 * One-pass curves of the priority stack algorithms: OPT (Belady's MIN, ties among pages never used
 * again to the lowest page number, as policies/opt.ts breaks them) and LRU-K with CRP 0 and
 * unbounded history (O'Neil, O'Neil & Weikum, SIGMOD 1993; DESIGN.md).
 */
import type { LoadedTrace } from '../../traces/index.js';
import { nextUseOf } from '../../policies/structures/nextUse.js';
import { countDepths, type DepthCounters, type RecordsDone } from './depthCounters.js';
import { PriorityStack } from './priorityStack.js';
import { optMarkersDepthCounters } from './optMarkersCurves.js';

/** The badness a reference at record `i` to `page` gives the page until its next reference or release. */
type Badness = (i: number, page: number) => number;

function priorityDepthCounters(trace: LoadedTrace, warmupRecords: number, badness: Badness, forget: (page: number) => void, onRecords?: RecordsDone): DepthCounters {
  const stack = new PriorityStack(trace.pageCount);
  return countDepths(trace, warmupRecords, {
    reference: (p, i) => stack.reference(p, badness(i, p)),
    release: (p) => {
      forget(p);
      return stack.release(p);
    },
    forEachPage: (fn) => stack.forEachPage(fn),
  }, onRecords);
}

/**
 * OPT's depth counters, every counter at every size from one pass: by critical markers, O(log V)
 * per reference, releases and warm-up included (optMarkersCurves.ts; with releases, O(log V) more
 * per non-live page a reference moves, which has no proven bound but measured at most 1.27 per
 * reference: docs/performance.md). `optPriorityDepthCounters` is the tests' reference.
 */
export function optDepthCounters(trace: LoadedTrace, warmupRecords: number, onRecords?: RecordsDone): DepthCounters {
  return optMarkersDepthCounters(trace, warmupRecords, {}, onRecords);
}

/** OPT by Mattson's priority stack: the badness is the next use; pages never used again come after every use, lowest page first. */
export function optPriorityDepthCounters(trace: LoadedTrace, warmupRecords: number): DepthCounters {
  const next = nextUseOf(trace);
  const never = trace.length;
  const pageCount = trace.pageCount;
  const badness = (i: number, p: number): number => {
    const n = next[i]!;
    return n < never ? n : never + (pageCount - p);
  };
  return priorityDepthCounters(trace, warmupRecords, badness, () => {});
}

/**
 * LRU-K (CRP 0, unbounded history): pages with K references are kept before those with fewer;
 * among them the oldest K-th most recent reference goes first, among the others the oldest last
 * reference. One number orders both: −(n + 1 + K-th time) and −(last time). A released page's
 * history is forgotten.
 */
export function lruKDepthCounters(trace: LoadedTrace, warmupRecords: number, k: number, onRecords?: RecordsDone): DepthCounters {
  const history = new Float64Array(trace.pageCount * k);
  const seen = new Uint8Array(trace.pageCount);
  const n = trace.length;
  const badness = (i: number, p: number): number => {
    const base = p * k;
    for (let j = k - 1; j > 0; j--) history[base + j] = history[base + j - 1]!;
    history[base] = i;
    if (seen[p]! < k) seen[p]!++;
    return seen[p] === k ? -(n + 1 + history[base + k - 1]!) : -i;
  };
  return priorityDepthCounters(trace, warmupRecords, badness, (p) => (seen[p] = 0), onRecords);
}
