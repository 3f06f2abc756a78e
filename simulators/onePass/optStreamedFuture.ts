/**
 * OPT's one-pass curve for a trace with releases or a warm-up, with what it needs of the future
 * gathered by a look-ahead pass beforehand — so that the curve's own pass reads the records in
 * order and can be fed a stream chunk by chunk (`DepthPass`), as well as a loaded trace.
 *
 * What the future decides (optMarkersCurves.ts and docs/performance.md, "OPT: releases and
 * warm-up", derive each):
 *  - With releases, the critical markers run on page *incarnations* (a release of a page in the
 *    stack ends one; its next reference starts the next), and the non-live pages' order
 *    (optNonLive.ts) must know, at each reference, whether it is the incarnation's last: whether
 *    the page's next record is a release or there is none. Those references, one per incarnation,
 *    are all the future it needs: O(pages + releases) record numbers, kept sorted and consumed in
 *    order by the pass.
 *  - A warm-up ending at record w needs every page's position in OPT's stack at w. A second engine
 *    over records [0, w), its ids numbered in the order of the pages' priorities at w (the
 *    incarnation at w of each page in the stack, ordered by its first record after w), gives them
 *    as its final depths (optMarkersCurves.ts states why). The look-ahead takes that order, and
 *    the pass runs the second engine beside the first over [0, w).
 * Memory: O(pages + releases) words in both passes, never per record, so a stream of any length
 * can be run in two reads.
 */
import { RELEASE_BIT } from '../../traces/operations.js';
import { NOT_IN_STACK, type StackEngine } from './depthCounters.js';
import { OptCriticalMarkers, type CriticalMarkersOptions } from './optCriticalMarkers.js';
import { NonLivePages } from './optNonLive.js';
import type { StreamedEngine } from './onePassRegistry.js';

/**
 * Page incarnations: a release of a page in the stack ends its incarnation, and its next
 * reference is to a new one (a page not in the stack). Numbered from the page count up.
 */
export class Incarnations {
  readonly current: Int32Array;
  readonly pageOf: Int32Array;
  private fresh: number;

  constructor(pageCount: number, releases: number) {
    this.current = new Int32Array(pageCount);
    this.pageOf = new Int32Array(pageCount + releases);
    for (let p = 0; p < pageCount; p++) this.current[p] = this.pageOf[p] = p;
    this.fresh = pageCount;
  }

  /** Page `p`, in the stack, was released. */
  end(p: number): void {
    this.pageOf[this.fresh] = p;
    this.current[p] = this.fresh++;
  }
}

/** Where the warm-up ends: at a record, or right after a number of references (as RunTally places it). */
export type WarmupEnd = { records: number } | { references: number };

/** What OPT's pass needs of the future of a trace, as `OptLookAhead` found it. */
export interface OptFuture {
  records: number;
  releases: number;
  /** The record where the warm-up ends (counting starts); 0 without one. */
  warmupRecord: number;
  /** Ascending: every reference that is its incarnation's last (the page's next record is a release, or none); empty without releases. */
  lastReferences: Float64Array;
  /** Pages in the stack at the warm-up record, in the order of their priorities then (highest first). */
  warmupOrder: Int32Array;
  /** The warm-up engine's id of each incarnation: those of `warmupOrder` highest, in order, the others below. */
  warmupIds: Int32Array;
}

/** Page states in the look-ahead: before the warm-up record, then from it on. */
const ABSENT = 0;
const IN_STACK = 1;
const ORDERED = 2;
const DIED = 3;

/** The look-ahead pass: fed every record in order (chunk by chunk), then `finish`. */
export class OptLookAhead {
  private records = 0;
  private references = 0;
  private releases = 0;
  /** The warm-up record once known (-1 before), and the references that place it (-1 when given as a record). */
  private warmupRecord: number;
  private readonly warmupReferences: number;
  /** The warm-up record is reached: incarnations stop being numbered, first records after it are ordered. */
  private warmupTaken = false;
  /** Per page: ABSENT/IN_STACK before the warm-up record; from it, IN_STACK until its first record after, then ORDERED or DIED. */
  private readonly state: Uint8Array;
  /** Each page's incarnation, numbered as the pass numbers them (Incarnations), up to the warm-up record. */
  private readonly incarnation: Int32Array;
  private fresh: number;
  private readonly order: Int32Array;
  private ordered = 0;
  /** Per page, its latest reference since its last release (−1: none). */
  private readonly lastReference: Float64Array;
  private last = new Float64Array(1024);
  private lastCount = 0;

  constructor(private readonly pageCount: number, warmup: WarmupEnd) {
    const byReferences = 'references' in warmup;
    this.warmupReferences = byReferences ? warmup.references : -1;
    this.warmupRecord = byReferences ? (warmup.references <= 0 ? 0 : -1) : Math.max(0, warmup.records);
    this.state = new Uint8Array(pageCount);
    this.incarnation = new Int32Array(pageCount);
    for (let p = 0; p < pageCount; p++) this.incarnation[p] = p;
    this.fresh = pageCount;
    this.order = new Int32Array(pageCount);
    this.lastReference = new Float64Array(pageCount).fill(-1);
  }

  /** Page `p`'s latest reference, if any since its last release, was its incarnation's last. */
  private endLast(p: number): void {
    const r = this.lastReference[p]!;
    if (r < 0) return;
    if (this.lastCount === this.last.length) {
      const grown = new Float64Array(2 * this.last.length);
      grown.set(this.last);
      this.last = grown;
    }
    this.last[this.lastCount++] = r;
    this.lastReference[p] = -1;
  }

  feed(pages: Uint32Array, codes: Uint8Array, length: number): void {
    const { state, order, lastReference, incarnation } = this;
    for (let k = 0; k < length; k++) {
      const i = this.records + k;
      if (i === this.warmupRecord) this.warmupTaken = true;
      const p = pages[k]!;
      // Pages beyond the count make the pass stop (OptFutureStack): nothing here needs them.
      if (p >= this.pageCount) continue;
      if (codes[k]! & RELEASE_BIT) {
        this.releases++;
        if (!this.warmupTaken) {
          if (state[p] === IN_STACK) incarnation[p] = this.fresh++;
          state[p] = ABSENT;
        } else if (state[p] === IN_STACK) state[p] = DIED;
        this.endLast(p);
        continue;
      }
      if (!this.warmupTaken) state[p] = IN_STACK;
      else if (state[p] === IN_STACK) {
        state[p] = ORDERED;
        order[this.ordered++] = p;
      }
      lastReference[p] = i;
      if (++this.references === this.warmupReferences) this.warmupRecord = i + 1;
    }
    this.records += length;
  }

  /** After the last record: the future as the pass needs it. */
  finish(): OptFuture {
    // A warm-up that never ends ends with the trace.
    if (this.warmupRecord < 0 || this.warmupRecord > this.records) this.warmupRecord = this.records;
    const { pageCount, releases, state } = this;
    // Only the non-live pages' order asks (with releases): without, every page's last reference is simply its last.
    if (releases > 0) for (let p = 0; p < pageCount; p++) this.endLast(p);
    const lastReferences = releases > 0 ? this.last.slice(0, this.lastCount).sort() : new Float64Array(0);
    const order = this.order;
    let n = this.ordered;
    // Without releases every page has a priority at w: those never used again come last, highest page number first.
    if (releases === 0) for (let p = pageCount - 1; p >= 0; p--) if (state[p] === IN_STACK) order[n++] = p;
    const warmupOrder = order.slice(0, n);
    // forEachFinalDepth takes ids from the highest down: the ordered incarnations get the highest, in order.
    const ids = pageCount + releases;
    const warmupIds = new Int32Array(this.warmupRecord > 0 ? ids : 0).fill(-1);
    if (this.warmupRecord > 0) {
      for (let k = 0; k < n; k++) warmupIds[this.incarnation[warmupOrder[k]!]!] = ids - 1 - k;
      for (let x = 0, next = 0; x < ids; x++) if (warmupIds[x]! < 0) warmupIds[x] = next++;
    }
    return { records: this.records, releases, warmupRecord: this.warmupRecord, lastReferences, warmupOrder, warmupIds };
  }
}

/** The pass read other records than the look-ahead did: its results would not stand. */
export class StreamChangedError extends Error {}

/** Incarnation states in the pass (0: not referenced yet), checked against the look-ahead's deaths. */
const LIVE = 1;
const DEAD = 2;

/**
 * OPT's stack engine for the pass after an `OptLookAhead` over the same records: depths of
 * references and releases; `forEachPage` gives the positions at the warm-up record on its first
 * call when there is a warm-up (a DepthPass asks there first), and the final positions after.
 * Records other than the look-ahead's (a file rewritten between the two reads, a header that
 * understates its pages) stop it with a StreamChangedError before they can corrupt its order.
 */
export class OptFutureStack implements StackEngine {
  private readonly engine: OptCriticalMarkers;
  /** With releases: the non-live pages' order, the incarnations the engine runs on, and each one's state. */
  private readonly nonLive?: NonLivePages;
  private readonly incarnations?: Incarnations;
  private readonly states?: Uint8Array;
  /** With a warm-up: the engine over records before it, on the warm-up's ids. */
  private readonly warmupEngine?: OptCriticalMarkers;
  private readonly ids: number;
  private records = 0;
  private ended = 0;
  /** The next of `future.lastReferences` to come. */
  private nextLast = 0;
  private warmupGiven: boolean;

  constructor(private readonly pageCount: number, private readonly future: OptFuture, options: CriticalMarkersOptions = {}) {
    this.ids = pageCount + future.releases;
    this.engine = new OptCriticalMarkers(this.ids, options);
    if (future.releases > 0) {
      this.nonLive = new NonLivePages(this.ids, pageCount);
      this.incarnations = new Incarnations(pageCount, future.releases);
      this.states = new Uint8Array(this.ids);
    }
    this.warmupGiven = future.warmupRecord === 0;
    if (!this.warmupGiven) this.warmupEngine = new OptCriticalMarkers(this.ids, options);
  }

  reference(page: number, i: number): number {
    if (page >= this.pageCount) throw new StreamChangedError(`page ${page} at record ${i}, beyond the ${this.pageCount} pages looked ahead`);
    const x = this.incarnations ? this.incarnations.current[page]! : page;
    if (i < this.future.warmupRecord) this.warmupEngine!.reference(this.future.warmupIds[x]!);
    const depth = this.engine.reference(x);
    if (this.nonLive) {
      if (this.states![x] === DEAD) throw new StreamChangedError(`record ${i} references page ${page} after what the look-ahead read as its last reference`);
      const last = i === this.future.lastReferences[this.nextLast];
      if (last) this.nextLast++;
      this.states![x] = last ? DEAD : LIVE;
      this.nonLive.reference(depth, last ? x : -1, page + 1);
    }
    this.records++;
    return depth;
  }

  release(page: number): number {
    const at = this.records++;
    if (!this.nonLive || page >= this.pageCount) throw new StreamChangedError(`a release at record ${at} the look-ahead did not read`);
    const x = this.incarnations!.current[page]!;
    if (this.states![x] === LIVE) throw new StreamChangedError(`record ${at} releases page ${page}, which the look-ahead read as referenced again`);
    const depth = this.nonLive.release(x);
    if (depth !== NOT_IN_STACK) {
      if (++this.ended > this.future.releases) throw new StreamChangedError(`more releases than the look-ahead read (${this.future.releases})`);
      this.incarnations!.end(page);
    }
    return depth;
  }

  forEachPage(fn: (page: number, depth: number) => void): void {
    const { future, nonLive } = this;
    const pageOf = this.incarnations?.pageOf;
    if (!this.warmupGiven) {
      this.warmupGiven = true;
      if (this.records !== future.warmupRecord) throw new StreamChangedError(`warm-up positions asked at record ${this.records}, the look-ahead placed it at ${future.warmupRecord}`);
      const order = future.warmupOrder;
      this.warmupEngine!.forEachFinalDepth((id, depth) => {
        const k = this.ids - 1 - id;
        if (k < order.length) fn(order[k]!, depth);
      });
      nonLive?.forEachDead((x, depth) => fn(pageOf![x]!, depth));
      return;
    }
    if (this.records !== future.records || this.nextLast !== future.lastReferences.length) {
      throw new StreamChangedError(`the pass read ${this.records} records, the look-ahead ${future.records}`);
    }
    // Every page is dead at the end of the trace.
    if (nonLive) nonLive.forEachDead((x, depth) => fn(pageOf![x]!, depth));
    else this.engine.forEachFinalDepth(fn);
  }
}

/**
 * OPT's curve fed by a stream with releases or a warm-up: the look-ahead, then the engine on what it
 * found. The look-ahead's per-page arrays are made with its first chunk: choosing the run's path
 * asks for this engine without reading anything.
 */
export function optFutureEngine(pageCount: number, warmup: WarmupEnd, options: CriticalMarkersOptions = {}): StreamedEngine {
  let ahead: OptLookAhead | undefined;
  const lookAhead = (): OptLookAhead => (ahead ??= new OptLookAhead(pageCount, warmup));
  return {
    lookAhead: { feed: (pages, codes, length) => lookAhead().feed(pages, codes, length) },
    make: () => new OptFutureStack(pageCount, lookAhead().finish(), options),
  };
}
