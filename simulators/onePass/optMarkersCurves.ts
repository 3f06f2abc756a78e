/**
 * OPT's depth counters by critical markers (optCriticalMarkers.ts) for every run — releases,
 * warm-up — where the priority stack (priorityStack.ts, O(V) per reference) is the tests' reference.
 *
 * A warm-up at record w needs every page's position in OPT's stack at w (DepthCounters.atWarmup).
 * Those positions depend on the future only through the order of the pages' priorities at each
 * moment before w (next use; pages never used again after it, lowest page number evicted first).
 * Cut the trace at w and append, at one moment, a reference to every page in the stack in the
 * order of their priorities at w: pages referenced again in the order of their next reference,
 * then the others by decreasing page number. At every moment before w each pair of pages keeps
 * its order (a next use before w is before all the appended ones; the appended ones keep the
 * order of the uses they stand for), so OPT takes the same decisions before w and the stack at w
 * is the same. The appended references are `forEachFinalDepth`'s (references at one moment, the
 * highest engine id first), with the engine's ids numbered in that order: the depth of each is its
 * position at w, for the reason they give the positions at the end. So a second engine over
 * records [0, w) yields the positions at w, and the run costs w references more.
 *
 * Releases: a released page's frame is free; OPT uses free frames first, then evicts dead pages,
 * so the live pages resident at every size are those of the same trace with the release left out
 * and the page's next reference made a new page (a new incarnation): the critical markers give
 * every reference's depth on incarnations. Release depths, dead pages' positions at the warm-up
 * record and final depths come from the non-live pages (optNonLive.ts); docs/performance.md
 * ("OPT: releases and warm-up").
 *
 * Both need the future — which references are their incarnation's last, the priorities at the
 * warm-up record — and optStreamedFuture.ts gathers it in a look-ahead pass, so that the curve's
 * own pass reads the records in order (over a loaded trace or a stream). Without releases or a
 * warm-up the engine alone runs (`OptMarkersStack`).
 */
import type { LoadedTrace } from '../../traces/index.js';
import { countDepths, type DepthCounters, type RecordsDone, type StackEngine } from './depthCounters.js';
import { OptCriticalMarkers, type CriticalMarkersOptions } from './optCriticalMarkers.js';
import { OptFutureStack, OptLookAhead } from './optStreamedFuture.js';

/**
 * The critical markers as a stack engine for a trace without releases or warm-up: depths of
 * references (no future needed), and the final depths at the end. It needs nothing but the
 * references, so it can be fed a stream.
 */
export class OptMarkersStack implements StackEngine {
  private readonly engine: OptCriticalMarkers;

  constructor(pageCount: number, options: CriticalMarkersOptions = {}) {
    this.engine = new OptCriticalMarkers(pageCount, options);
  }

  reference(page: number): number {
    return this.engine.reference(page);
  }

  referenceAll(pages: Uint32Array, from: number, to: number, _i: number, out: Uint32Array, outAt: number): void {
    this.engine.referenceAll(pages, from, to, out, outAt);
  }

  release(): number {
    throw new Error('OptMarkersStack: a trace with releases needs the non-live pages (OptFutureStack)');
  }

  forEachPage(fn: (page: number, depth: number) => void): void {
    this.engine.forEachFinalDepth(fn);
  }
}

/** OPT's depth counters by critical markers, counting from `warmupRecords`. */
export function optMarkersDepthCounters(trace: LoadedTrace, warmupRecords: number, options: CriticalMarkersOptions = {}, onRecords?: RecordsDone): DepthCounters {
  if (trace.releases === 0 && warmupRecords <= 0) return countDepths(trace, warmupRecords, new OptMarkersStack(trace.pageCount, options), onRecords);
  const ahead = new OptLookAhead(trace.pageCount, { records: warmupRecords });
  ahead.feed(trace.pages, trace.codes, trace.length);
  return countDepths(trace, warmupRecords, new OptFutureStack(trace.pageCount, ahead.finish(), options), onRecords);
}
