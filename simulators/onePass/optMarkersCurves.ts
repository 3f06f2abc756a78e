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
 * records [0, w) yields the positions at w, and the run costs w references more (and one pass
 * over them without the engine, to number the incarnations).
 *
 * Releases: see `withReleases` below, and docs/performance.md ("OPT: releases and warm-up").
 */
import type { LoadedTrace } from '../../traces/index.js';
import { RELEASE_BIT } from '../../traces/operations.js';
import { nextUseOf } from '../../policies/structures/nextUse.js';
import { DepthCounters, NOT_IN_STACK, countDepths, type RecordsDone, type StackEngine } from './depthCounters.js';
import { OptCriticalMarkers, type CriticalMarkersOptions } from './optCriticalMarkers.js';
import { NonLivePages } from './optNonLive.js';

/**
 * Page incarnations: a release of a page in the stack ends its incarnation, and its next
 * reference is to a new one (a page not in the stack). Numbered from the page count up.
 */
class Incarnations {
  readonly current: Int32Array;
  readonly pageOf: Int32Array;
  private fresh: number;

  constructor(trace: LoadedTrace) {
    this.current = Int32Array.from({ length: trace.pageCount }, (_, p) => p);
    this.pageOf = new Int32Array(trace.pageCount + trace.releases);
    for (let p = 0; p < trace.pageCount; p++) this.pageOf[p] = p;
    this.fresh = trace.pageCount;
  }

  /** Page `p`, in the stack, was released. */
  end(p: number): void {
    this.pageOf[this.fresh] = p;
    this.current[p] = this.fresh++;
  }
}

/**
 * The position in OPT's stack just before record `w` of each page (0: not in the stack) that is
 * live then (referenced again before any release) — and, for a trace without releases, of every
 * page: pages never used again come after the live ones, highest page number first. (With
 * releases, the dead pages' order before w also depends on which were released, so it cannot be
 * written as uses after w; their positions come from NonLivePages.)
 */
export function optPositionsAt(trace: LoadedTrace, w: number, options: CriticalMarkersOptions = {}): Uint32Array {
  const { pages, codes, length, pageCount } = trace;
  const inStack = new Uint8Array(pageCount);
  /** Records [0, w) on incarnations (the same numbering each time). */
  const prefix = (reference: (x: number) => void): Incarnations => {
    const incarnations = new Incarnations(trace);
    inStack.fill(0);
    for (let i = 0; i < w; i++) {
      const p = pages[i]!;
      if (!(codes[i]! & RELEASE_BIT)) {
        reference(incarnations.current[p]!);
        inStack[p] = 1;
      } else if (inStack[p] === 1) {
        incarnations.end(p);
        inStack[p] = 0;
      }
    }
    return incarnations;
  };
  const atW = prefix(() => {}).current;
  // Priority order at w: next reference first (2: ordered; 3: released before it, dead at w).
  const order = new Int32Array(pageCount);
  let n = 0;
  for (let i = w; i < length; i++) {
    const p = pages[i]!;
    if (inStack[p] !== 1) continue;
    if (codes[i]! & RELEASE_BIT) inStack[p] = 3;
    else {
      inStack[p] = 2;
      order[n++] = p;
    }
  }
  if (trace.releases === 0) for (let p = pageCount - 1; p >= 0; p--) if (inStack[p] === 1) order[n++] = p;
  // forEachFinalDepth takes the engine's ids from the highest down: number the incarnations so that
  // the ordered ones come first, in order, and the others (not asked for) after them.
  const ids = pageCount + trace.releases;
  const idOf = new Int32Array(ids).fill(-1);
  for (let k = 0; k < n; k++) idOf[atW[order[k]!]!] = ids - 1 - k;
  for (let x = 0, next = 0; x < ids; x++) if (idOf[x]! < 0) idOf[x] = next++;
  const engine = new OptCriticalMarkers(ids, options);
  prefix((x) => engine.reference(idOf[x]!));
  const positions = new Uint32Array(pageCount);
  engine.forEachFinalDepth((id, d) => {
    const k = ids - 1 - id;
    if (k < n) positions[order[k]!] = d;
  });
  return positions;
}

/**
 * The critical markers as a stack engine for a trace without releases: depths of references (no
 * future needed), then `forEachPage` gives the positions at the warm-up record when it is given
 * them (`optPositionsAt`; a DepthPass asks at the warm-up first), and the final depths at the end.
 * Without a warm-up it needs nothing but the references, so it can be fed a stream.
 */
export class OptMarkersStack implements StackEngine {
  private readonly engine: OptCriticalMarkers;

  constructor(pageCount: number, options: CriticalMarkersOptions = {}, private atWarmup?: Uint32Array) {
    this.engine = new OptCriticalMarkers(pageCount, options);
  }

  reference(page: number): number {
    return this.engine.reference(page);
  }

  referenceAll(pages: Uint32Array, from: number, to: number, _i: number, out: Uint32Array, outAt: number): void {
    this.engine.referenceAll(pages, from, to, out, outAt);
  }

  release(): number {
    throw new Error('OptMarkersStack: a trace with releases needs the non-live pages (optMarkersDepthCounters)');
  }

  forEachPage(fn: (page: number, depth: number) => void): void {
    const atWarmup = this.atWarmup;
    if (!atWarmup) return this.engine.forEachFinalDepth(fn);
    this.atWarmup = undefined;
    atWarmup.forEach((d, p) => d > 0 && fn(p, d));
  }
}

/** OPT's depth counters by critical markers, counting from `warmupRecords`. */
export function optMarkersDepthCounters(trace: LoadedTrace, warmupRecords: number, options: CriticalMarkersOptions = {}, onRecords?: RecordsDone): DepthCounters {
  const w = Math.min(Math.max(0, warmupRecords), trace.length);
  const atWarmup = w > 0 ? optPositionsAt(trace, w, options) : undefined;
  if (trace.releases === 0) return countDepths(trace, warmupRecords, new OptMarkersStack(trace.pageCount, options, atWarmup), onRecords);
  const counters = new DepthCounters(trace.pageCount, trace.pageCount, warmupRecords, onRecords);
  const warmUp = atWarmup && ((): void => atWarmup.forEach((d, p) => d > 0 && counters.atWarmup(p, d)));
  return withReleases(trace, counters, w, warmUp, options);
}

/**
 * A trace with releases. A released page's frame is free; OPT uses free frames first, then
 * evicts dead pages, so the live pages resident at every size are those of the same trace with
 * the release left out and the page's next reference made a new page (a new incarnation): the
 * critical markers give every reference's depth on incarnations. Release depths, dead pages'
 * positions at the warm-up record and final depths come from the non-live pages (optNonLive.ts).
 */
function withReleases(trace: LoadedTrace, counters: DepthCounters, w: number, warmUpLive: (() => void) | undefined, options: CriticalMarkersOptions): DepthCounters {
  const { pages, codes, length, pageCount } = trace;
  const next = nextUseOf(trace);
  const engine = new OptCriticalMarkers(pageCount + trace.releases, options);
  const nonLive = new NonLivePages(pageCount + trace.releases, pageCount);
  const incarnations = new Incarnations(trace);
  const { current, pageOf } = incarnations;
  const warmUp = (): void => {
    warmUpLive!();
    nonLive.forEachDead((x, d) => counters.atWarmup(pageOf[x]!, d));
  };
  for (let i = 0; i < length; i++) {
    if (i === w && warmUpLive) warmUp();
    const p = pages[i]!;
    const x = current[p]!;
    if (codes[i]! & RELEASE_BIT) {
      const depth = nonLive.release(x);
      counters.release(i, p, depth);
      if (depth !== NOT_IN_STACK) incarnations.end(p);
      continue;
    }
    const depth = engine.reference(x);
    nonLive.reference(depth, next[i]! < length ? -1 : x, p + 1);
    counters.reference(i, p, codes[i]!, depth);
  }
  if (w === length && warmUpLive) warmUp();
  nonLive.forEachDead((x, d) => counters.atEnd(pageOf[x]!, d));
  return counters;
}
