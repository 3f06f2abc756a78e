/**
 * One-pass curves of the priority stack algorithms: OPT (Belady's MIN, ties among pages never used
 * again to the lowest page number, as policies/opt.ts breaks them) and LRU-K with CRP 0 and
 * unbounded history (O'Neil, O'Neil & Weikum, SIGMOD 1993; docs/policies.md).
 */
import type { LoadedTrace } from '../../traces/index.js';
import { nextUseOf } from '../../policies/structures/nextUse.js';
import { countDepths, type DepthCounters, type RecordsDone, type StackEngine } from './depthCounters.js';
import { PriorityStack } from './priorityStack.js';
import { optMarkersDepthCounters } from './optMarkersCurves.js';

/** The badness a reference at record `i` to `page` gives the page until its next reference or release. */
type Badness = (i: number, page: number) => number;

/** A priority stack as a stack engine: each reference's badness from `badness`; a release forgets the page. */
function priorityEngine(pageCount: number, badness: Badness, forget: (page: number) => void): StackEngine {
  const stack = new PriorityStack(pageCount);
  return {
    reference: (p, i) => stack.reference(p, badness(i, p)),
    release: (p) => {
      forget(p);
      return stack.release(p);
    },
    forEachPage: (fn) => stack.forEachPage(fn),
  };
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
  return countDepths(trace, warmupRecords, priorityEngine(pageCount, badness, () => {}));
}

/** Above every record index a trace can have: the badness of pages with K references sits below it. */
const BEYOND_RECORDS = 2 ** 50;

/**
 * LRU-K (CRP 0, unbounded history) as a stack engine: pages with K references are kept before
 * those with fewer; among them the oldest K-th most recent reference goes first, among the others
 * the oldest last reference. One number orders both: −(BEYOND + K-th time) and −(last time). A
 * released page's history is forgotten. It needs no future: a stream can feed it.
 */
export function lruKStack(pageCount: number, k: number): StackEngine {
  const history = new Float64Array(pageCount * k);
  const seen = new Uint8Array(pageCount);
  const badness = (i: number, p: number): number => {
    const base = p * k;
    for (let j = k - 1; j > 0; j--) history[base + j] = history[base + j - 1]!;
    history[base] = i;
    if (seen[p]! < k) seen[p]!++;
    return seen[p] === k ? -(BEYOND_RECORDS + history[base + k - 1]!) : -i;
  };
  return priorityEngine(pageCount, badness, (p) => (seen[p] = 0));
}

/** LRU-K's depth counters (`lruKStack`) over a loaded trace. */
export function lruKDepthCounters(trace: LoadedTrace, warmupRecords: number, k: number, onRecords?: RecordsDone): DepthCounters {
  return countDepths(trace, warmupRecords, lruKStack(trace.pageCount, k), onRecords);
}
