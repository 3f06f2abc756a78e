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
import { DepthCounters } from './depthCounters.js';
import { OptCriticalMarkers, type CriticalMarkersOptions } from './optCriticalMarkers.js';

/** Whether `optMarkersDepthCounters` covers the run: no releases (any warm-up). */
export function optMarkersApply(trace: Pick<LoadedTrace, 'releases'>): boolean {
  return trace.releases === 0;
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
  if (!optMarkersApply(trace)) throw new Error('critical markers: the trace has releases (use optDepthCounters)');
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
