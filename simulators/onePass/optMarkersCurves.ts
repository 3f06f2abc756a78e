/**
 * OPT's depth counters by critical markers (optCriticalMarkers.ts), with a warm-up: O(log V) per
 * reference, where the priority stack is O(V).
 *
 * A warm-up at record w needs every page's position in OPT's stack at w (DepthCounters.atWarmup).
 * Those positions depend on the future only through the order of the pages' priorities at each
 * moment before w (next use; pages never used again after it, lowest page number evicted first).
 * Cut the trace at w and append, at one moment, a reference to every page in the stack in the
 * order of their priorities at w: pages referenced again in the order of their next reference,
 * then the others by decreasing page number. At every moment before w each pair of pages keeps
 * its order (a next use before w is before all the appended ones; the appended ones keep the
 * order of the uses they stand for), so OPT takes the same decisions before w and the stack at w
 * is the same. The appended references are `depthsAtOnce`: the depth of each is its position at
 * w, for the reason `forEachFinalDepth` gives the positions at the end. So a second engine over
 * records [0, w) yields the positions at w, and the run costs w references more.
 *
 * Releases stay with the priority stack: docs/performance.md ("OPT: releases and warm-up") says why.
 */
import type { LoadedTrace } from '../../traces/index.js';
import { RELEASE_BIT } from '../../traces/operations.js';
import { nextUseOf } from '../../policies/structures/nextUse.js';
import { DepthCounters, NOT_IN_STACK } from './depthCounters.js';
import { OptCriticalMarkers, type CriticalMarkersOptions } from './optCriticalMarkers.js';
import { NonLivePages } from './optNonLive.js';

/** Whether `optMarkersDepthCounters` covers the run: no releases, or releases without a warm-up. */
export function optMarkersApply(trace: Pick<LoadedTrace, 'releases'>, warmupRecords: number): boolean {
  return trace.releases === 0 || warmupRecords <= 0;
}

/** Each page's position in OPT's stack just before record `w` (0: not in the stack), for a trace without releases. */
export function optPositionsAt(trace: LoadedTrace, w: number, options: CriticalMarkersOptions = {}): Uint32Array {
  const { pages, length, pageCount } = trace;
  const engine = new OptCriticalMarkers(pageCount, options);
  const inStack = new Uint8Array(pageCount);
  for (let i = 0; i < w; i++) {
    const p = pages[i]!;
    engine.reference(p);
    inStack[p] = 1;
  }
  // Priority order at w: next reference first; then pages never used again, highest page number first.
  const order = new Int32Array(pageCount);
  let n = 0;
  for (let i = w; i < length; i++) {
    const p = pages[i]!;
    if (inStack[p] === 1) {
      inStack[p] = 2;
      order[n++] = p;
    }
  }
  for (let p = pageCount - 1; p >= 0; p--) if (inStack[p] === 1) order[n++] = p;
  const positions = new Uint32Array(pageCount);
  engine.depthsAtOnce(order.subarray(0, n), (p, d) => (positions[p] = d));
  return positions;
}

/** OPT's depth counters by critical markers, counting from `warmupRecords` (see `optMarkersApply`). */
export function optMarkersDepthCounters(trace: LoadedTrace, warmupRecords: number, options: CriticalMarkersOptions = {}): DepthCounters {
  if (!optMarkersApply(trace, warmupRecords)) throw new Error('critical markers: releases with a warm-up (use optDepthCounters)');
  if (trace.releases > 0) return withReleases(trace, options);
  const { pages, codes, length } = trace;
  const w = Math.min(Math.max(0, warmupRecords), length);
  const atWarmup = w > 0 ? optPositionsAt(trace, w, options) : undefined;
  const counters = new DepthCounters(trace.pageCount, trace.pageCount, warmupRecords);
  const warmUp = (): void => atWarmup!.forEach((d, p) => d > 0 && counters.atWarmup(p, d));
  const engine = new OptCriticalMarkers(trace.pageCount, options);
  for (let i = 0; i < length; i++) {
    if (i === w && atWarmup) warmUp();
    const p = pages[i]!;
    counters.reference(i, p, codes[i]!, engine.reference(p));
  }
  if (w === length && atWarmup) warmUp();
  engine.forEachFinalDepth((p, d) => counters.atEnd(p, d));
  return counters;
}

/**
 * A trace with releases, counted from record 0. A released page's frame is free; OPT uses free
 * frames first, then evicts dead pages, so the live pages resident at every size are those of the
 * same trace with the release left out and the page's next reference made a new page (a new
 * *incarnation*): the critical markers give every reference's depth on incarnations. The release's
 * depth (the dead page's position) and the final depths come from the non-live pages (optNonLive.ts).
 */
function withReleases(trace: LoadedTrace, options: CriticalMarkersOptions): DepthCounters {
  const { pages, codes, length, pageCount } = trace;
  const incarnations = pageCount + trace.releases;
  const next = nextUseOf(trace);
  const counters = new DepthCounters(pageCount, pageCount, 0);
  const engine = new OptCriticalMarkers(incarnations, options);
  const nonLive = new NonLivePages(incarnations, pageCount);
  const incarnation = Int32Array.from({ length: pageCount }, (_, p) => p);
  const pageOf = new Int32Array(incarnations);
  for (let p = 0; p < pageCount; p++) pageOf[p] = p;
  let fresh = pageCount;
  for (let i = 0; i < length; i++) {
    const p = pages[i]!;
    const x = incarnation[p]!;
    if (codes[i]! & RELEASE_BIT) {
      const depth = nonLive.release(x);
      counters.release(i, p, depth);
      if (depth !== NOT_IN_STACK) {
        pageOf[fresh] = p;
        incarnation[p] = fresh++;
      }
      continue;
    }
    const depth = engine.reference(x);
    nonLive.reference(depth, next[i]! < length ? -1 : x, p + 1);
    counters.reference(i, p, codes[i]!, depth);
  }
  nonLive.forEachDead((x, d) => counters.atEnd(pageOf[x]!, d));
  return counters;
}
