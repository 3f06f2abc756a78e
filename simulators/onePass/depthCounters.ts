/**
 * Every counter of `Counters` for every memory size, from the stack depths a one-pass engine
 * reports. Works for any stack algorithm (Mattson, Gecsei, Slutz & Traiger, IBM Systems Journal
 * 9(2), 1970) kept as a stack of positions where a released page leaves a *hole* (a free frame):
 * memory of M frames holds the pages in the top M positions.
 *
 * Why depths are enough (docs/performance.md derives each counter):
 *  - A reference at depth d is a hit for every M ≥ d; a page not in the stack (first reference,
 *    or referenced after its release) is infinitely deep.
 *  - Between two events of a page (references, its release, the end of the trace) its position
 *    only grows, one boundary at a time or several at once, and crossing the boundary between
 *    positions M and M+1 is exactly its eviction at size M. Right after a reference it is on top,
 *    so if the next event finds it at depth d it was evicted once at each size in [1, d−1].
 *  - It is written back at such an eviction when it was written since it was last loaded at that
 *    size. If m is the largest depth of its references since its last write, a size M < m reloaded
 *    it clean after that write; so the write-backs are the sizes in [max(m, 1), d − 1].
 *  - Warm-up: state evolves from record 0 and counting starts at the warm-up record w. For an
 *    interval that straddles w, the evictions at sizes below the page's position at w happened
 *    before w; only [max(lo, …), d − 1] counts, with lo that position.
 * Counts over size ranges go into difference arrays indexed by depth; histograms by depth give the
 * faults and the releases of resident pages.
 */
import type { LoadedTrace } from '../../traces/index.js';
import { KIND_SHIFT, RELEASE_BIT, WRITE_BIT } from '../../traces/operations.js';
import { CountingThread } from './countingThread.js';
import { zeroCounters, type Counters } from '../results.js';

/** Told how many records of its trace a one-pass engine has done (progress of a long pass). */
export type RecordsDone = (records: number) => void;

/** Records between two `RecordsDone` reports (a power of two). */
export const TICK_RECORDS = 1 << 20;

/** Depth of a page that is not in the stack. */
export const NOT_IN_STACK = 0xffffffff;

const SEEN = 1;
const WRITTEN = 2;
const KIND_AT = 2; // bits 2-3: the kind of the page's last write
const HAS_LOW = 16; // the page's evictions before warm-up end below `low`

/**
 * Per depth, one 64-byte row, so that a reference touches one cache line for its depth: capacity
 * faults by kind (depth 0 holds the pages not in the stack), the eviction difference array,
 * write-back differences by kind, and releases of resident pages.
 */
const ROW = 8;
const EVICTED = 3;
const WRITEBACK = 4;
const RELEASED = 7;

/**
 * Everything a DepthCounters holds, as typed arrays and numbers: a count moves between threads as
 * this (the arrays transferred, not copied; countingThread.ts).
 */
export interface CountState {
  maxDepth: number;
  warmupRecords: number;
  references: number;
  releases: number;
  rows: Float64Array;
  compulsoryBy: Float64Array;
  pageInfo: Uint32Array;
  low: Uint32Array;
}

export class DepthCounters {
  private readonly rows: Float64Array;
  private readonly compulsoryBy: Float64Array;
  /** Per page, two words side by side: state bits, and the largest depth of its references since its last write. */
  private readonly pageInfo: Uint32Array;
  /** Lowest size whose evictions lie in counted time, for pages in the stack at warm-up (HAS_LOW). */
  private readonly low: Uint32Array;
  references = 0;
  releases = 0;

  /**
   * @param maxDepth the deepest position the engine can report (≤ the number of pages)
   * @param warmupRecords counting starts at this record index (a streamed pass may move it on the
   *   way, before reaching it: see DepthPass.feed)
   * @param onRecords told the records done, every TICK_RECORDS references (a long pass's progress)
   * @param state a count to go on with (`state()`'s, from another thread) instead of a new one
   */
  constructor(pageCount: number, readonly maxDepth: number, public warmupRecords: number, private readonly onRecords?: RecordsDone, state?: CountState) {
    this.rows = state?.rows ?? new Float64Array((maxDepth + 2) * ROW);
    this.compulsoryBy = state?.compulsoryBy ?? new Float64Array(4);
    this.pageInfo = state?.pageInfo ?? new Uint32Array(2 * pageCount);
    this.low = state?.low ?? new Uint32Array(warmupRecords > 0 ? pageCount : 0);
    this.references = state?.references ?? 0;
    this.releases = state?.releases ?? 0;
  }

  /** The count so far, to go on with elsewhere (`DepthCounters.from`): this one must not be used after. */
  state(): CountState {
    const { maxDepth, warmupRecords, references, releases, rows, compulsoryBy, pageInfo, low } = this;
    return { maxDepth, warmupRecords, references, releases, rows, compulsoryBy, pageInfo, low };
  }

  /** The count `state` describes (from `state()`, perhaps on another thread). */
  static from(state: CountState, onRecords?: RecordsDone): DepthCounters {
    if (state.rows.length !== (state.maxDepth + 2) * ROW) throw new RangeError(`a count to depth ${state.maxDepth} needs ${(state.maxDepth + 2) * ROW} row entries, not ${state.rows.length}`);
    return new DepthCounters(0, state.maxDepth, state.warmupRecords, onRecords, state);
  }

  /** The page's evictions (and write-backs) at sizes [low, depth − 1], ending an interval in counted time. */
  private evictedUpTo(page: number, depth: number, s: number): void {
    const lo = s & HAS_LOW ? this.low[page]! : 1;
    if (depth <= lo) return;
    const rows = this.rows;
    rows[lo * ROW + EVICTED]!++;
    rows[depth * ROW + EVICTED]!--;
    if (s & WRITTEN) {
      const m = this.pageInfo[2 * page + 1]!;
      const from = m > lo ? m : lo;
      if (from < depth) {
        const kind = (s >> KIND_AT) & 3;
        rows[from * ROW + WRITEBACK + kind]!++;
        rows[depth * ROW + WRITEBACK + kind]!--;
      }
    }
  }

  /** A reference at record `i` found `page` at `depth` (NOT_IN_STACK when absent). */
  reference(i: number, page: number, code: number, depth: number): void {
    if ((i & (TICK_RECORDS - 1)) === 0 && this.onRecords) this.onRecords(i);
    const info = this.pageInfo;
    const s = info[2 * page]!;
    const kind = code >> KIND_SHIFT;
    let next = s | SEEN;
    if (i >= this.warmupRecords) {
      this.references++;
      if (!(s & SEEN)) this.compulsoryBy[kind]!++;
      else this.rows[(depth === NOT_IN_STACK ? 0 : depth * ROW) + kind]!++;
      if (depth !== NOT_IN_STACK) {
        this.evictedUpTo(page, depth, s);
        next &= ~HAS_LOW;
      }
    }
    if (code & WRITE_BIT) {
      info[2 * page] = (next & ~(3 << KIND_AT)) | WRITTEN | (kind << KIND_AT);
      info[2 * page + 1] = 0;
    } else {
      info[2 * page] = next;
      if (depth > info[2 * page + 1]!) info[2 * page + 1] = depth;
    }
  }

  /** A release at record `i` of `page`, found at `depth` (NOT_IN_STACK when absent). */
  release(i: number, page: number, depth: number): void {
    const s = this.pageInfo[2 * page]!;
    if (i >= this.warmupRecords) {
      this.releases++;
      if (depth !== NOT_IN_STACK) {
        this.rows[depth * ROW + RELEASED]!++;
        this.evictedUpTo(page, depth, s);
      }
    }
    // The page died: its data is discarded, never written back.
    this.pageInfo[2 * page] = s & SEEN;
    this.pageInfo[2 * page + 1] = 0;
  }

  /**
   * Records [from, from + n) of `pages`/`codes`, the first of them record `i`, each at the depth
   * `depths` holds for it (a reference's depth before it, a release's depth): the counting thread's
   * loop, over depths an engine wrote on another thread.
   */
  countRecords(pages: Uint32Array, codes: Uint8Array, depths: Uint32Array, from: number, n: number, i: number): void {
    for (let k = from, end = from + n; k < end; k++, i++) {
      const c = codes[k]!;
      if (c & RELEASE_BIT) this.release(i, pages[k]!, depths[k]!);
      else this.reference(i, pages[k]!, c, depths[k]!);
    }
  }

  /** Records [from, to) of `pages`/`codes`, the first of them record `i`, each at the depth `engine` gives it. */
  count(engine: StackEngine, pages: Uint32Array, codes: Uint8Array, from: number, to: number, i: number): void {
    for (let k = from; k < to; k++, i++) {
      const p = pages[k]!;
      const c = codes[k]!;
      if (c & RELEASE_BIT) this.release(i, p, engine.release(p));
      else this.reference(i, p, c, engine.reference(p, i));
    }
  }

  /** At the warm-up record: a page in the stack at `depth`. */
  atWarmup(page: number, depth: number): void {
    this.low[page] = depth;
    this.pageInfo[2 * page]! |= HAS_LOW;
  }

  /** At the end of the trace: a page still in the stack at `depth`. */
  atEnd(page: number, depth: number): void {
    this.evictedUpTo(page, depth, this.pageInfo[2 * page]!);
  }

  /** The counters at each of `sizes` (ascending). */
  counters(sizes: number[]): Counters[] {
    const rows = this.rows;
    const top = this.maxDepth + 1;
    // Capacity faults at size M, by kind: the references not in the stack (row 0) and those deeper
    // than M, that is all those in the stack less those at depths ≤ M. Running sums (exact: whole
    // numbers below 2^53) in locals, one read of each row and no array per depth: this runs once per
    // pass, mostly before the JIT has optimised it, at its serial end (a suffix-sum array per depth
    // took ~0.1 s at 615,000 depths, these sums 0.04 s).
    let all0 = 0;
    let all1 = 0;
    let all2 = 0;
    for (let at = ROW, end = (top + 1) * ROW; at < end; at += ROW) {
      all0 += rows[at]!;
      all1 += rows[at + 1]!;
      all2 += rows[at + 2]!;
    }
    const out: Counters[] = [];
    let d = 0;
    let within0 = 0;
    let within1 = 0;
    let within2 = 0;
    let evictions = 0;
    let released = 0;
    let writebacks0 = 0;
    let writebacks1 = 0;
    let writebacks2 = 0;
    for (const size of sizes) {
      for (const m = Math.min(size, top); d < m; ) {
        const at = ++d * ROW;
        within0 += rows[at]!;
        within1 += rows[at + 1]!;
        within2 += rows[at + 2]!;
        evictions += rows[at + EVICTED]!;
        writebacks0 += rows[at + WRITEBACK]!;
        writebacks1 += rows[at + WRITEBACK + 1]!;
        writebacks2 += rows[at + WRITEBACK + 2]!;
        released += rows[at + RELEASED]!;
      }
      const capacity0 = rows[0]! + all0 - within0;
      const capacity1 = rows[1]! + all1 - within1;
      const capacity2 = rows[2]! + all2 - within2;
      const c = zeroCounters();
      c.references = this.references;
      c.anonCompulsory = this.compulsoryBy[1]!;
      c.fileCompulsory = this.compulsoryBy[2]!;
      c.compulsoryFaults = this.compulsoryBy[0]! + this.compulsoryBy[1]! + this.compulsoryBy[2]!;
      c.anonCapacity = capacity1;
      c.fileCapacity = capacity2;
      c.capacityFaults = capacity0 + capacity1 + capacity2;
      c.faults = c.compulsoryFaults + c.capacityFaults;
      c.hits = c.references - c.faults;
      c.evictions = evictions;
      c.anonWritebacks = writebacks1;
      c.fileWritebacks = writebacks2;
      c.writebacks = writebacks0 + writebacks1 + writebacks2;
      c.releases = this.releases;
      c.releasedResident = released;
      out.push(c);
    }
    return out;
  }
}

/** A one-pass engine: a stack of pages (with holes) that reports depths. */
export interface StackEngine {
  /** Moves `page`, referenced at record `i`, to the top; returns its depth before (NOT_IN_STACK when absent). */
  reference(page: number, i: number): number;
  /**
   * Optional, for an engine behind a call boundary: references (no releases) to pages[from, to),
   * the first at record `i`, their depths into `out` from `outAt` — what `reference` one by one gives.
   */
  referenceAll?(pages: Uint32Array, from: number, to: number, i: number, out: Uint32Array, outAt: number): void;
  /** Removes `page`, leaving a hole; returns its depth (NOT_IN_STACK when absent). */
  release(page: number): number;
  /** Every page in the stack with its depth. */
  forEachPage(fn: (page: number, depth: number) => void): void;
}

/**
 * Records after which a pass counts on a second thread (DepthPass). The thread costs ~0.1–0.15 s
 * (its start-up, the tail of the ring it counts after the engine is done): on the 2.5M-record
 * synthetic workload the LRU curve took 0.38 s with it against 0.24–0.27 s without, on the 20M
 * Zipf stream 4.6–4.8 s against 5.3–5.5 s (docs/performance.md).
 */
export const COUNTING_THREAD_AFTER = 1 << 22;

export interface DepthPassOptions {
  /**
   * Counting moves to a second thread (countingThread.ts) at the first `feed` that takes the pass
   * past this many records (default COUNTING_THREAD_AFTER; 0: from the start; Infinity: never).
   */
  threadAfter?: number;
}

/**
 * An engine's depths fed to a DepthCounters record by record, counting from `warmupRecords`: over
 * a loaded trace in one `feed`, or over a stream chunk after chunk (the pages at the warm-up record
 * are taken wherever it falls), then `finish` at the end of the trace. A long pass counts on a
 * second thread: the engine's depths go there through shared memory and the same DepthCounters
 * counts them in the same order, so the pass takes about the longer of the two, not their sum.
 */
export class DepthPass {
  private counting: DepthCounters | CountingThread;
  /** Records fed so far: the index of the next. */
  private done = 0;
  /** A `warmEnd` has placed the record where counting starts (it never moves after). */
  private warmupPlaced = false;
  private readonly threadAfter: number;

  constructor(pageCount: number, warmupRecords: number, private readonly engine: StackEngine, private readonly onRecords?: RecordsDone, options: DepthPassOptions = {}) {
    this.counting = new DepthCounters(pageCount, pageCount, warmupRecords, onRecords);
    this.threadAfter = options.threadAfter ?? COUNTING_THREAD_AFTER;
  }

  private readonly atWarmup = (p: number, d: number): void => this.counting.atWarmup(p, d);

  /**
   * The next `length` records. A streamed pass that knows its warm-up in references only passes
   * `warmEnd` (CountedChunk's): where counting starts among these records, more than `length`
   * while the warm-up goes on, 0 once it has begun — so 0 is ambiguous, and the first chunk where
   * it is at most `length` places the record, before it is reached; later chunks change nothing.
   */
  feed(pages: Uint32Array, codes: Uint8Array, length: number, warmEnd?: number): void {
    const { engine } = this;
    if (this.counting instanceof DepthCounters && this.done + length > this.threadAfter) this.counting = new CountingThread(this.counting.state());
    const counting = this.counting;
    if (warmEnd !== undefined && !this.warmupPlaced) {
      this.warmupPlaced = warmEnd <= length;
      counting.warmupRecords = this.warmupPlaced ? this.done + Math.max(0, warmEnd) : Infinity;
    }
    // The pages' positions at the warm-up record go in just before it is counted.
    const w = counting.warmupRecords;
    const at = w > 0 && w >= this.done && w < this.done + length ? w - this.done : length;
    this.count(pages, codes, 0, at);
    if (at < length) {
      engine.forEachPage(this.atWarmup);
      this.count(pages, codes, at, length);
    }
    this.done += length;
  }

  /** Records [from, to) of the chunk being fed. */
  private count(pages: Uint32Array, codes: Uint8Array, from: number, to: number): void {
    if (from === to) return;
    const i = this.done + from;
    const { counting, onRecords } = this;
    if (counting instanceof DepthCounters) return counting.count(this.engine, pages, codes, from, to, i);
    // The counting thread cannot call back: the ticks DepthCounters.reference would give are told here.
    if (onRecords) for (let k = from + ((TICK_RECORDS - (i % TICK_RECORDS)) % TICK_RECORDS); k < to; k += TICK_RECORDS) if (!(codes[k]! & RELEASE_BIT)) onRecords(this.done + k);
    counting.count(this.engine, pages, codes, from, to, i);
  }

  /** The end of the trace: the counters, every page still in the stack evicted at the sizes below it. */
  finish(): DepthCounters {
    const { engine, counting } = this;
    // A warm-up at or past the end: the pages in the stack at the end are those at the warm-up.
    if (counting.warmupRecords >= this.done) engine.forEachPage(this.atWarmup);
    engine.forEachPage((p, d) => counting.atEnd(p, d));
    return counting instanceof DepthCounters ? counting : DepthCounters.from(counting.finish());
  }
}

/** Runs `engine` over the trace and feeds its depths to a DepthCounters counting from `warmupRecords`. */
export function countDepths(trace: LoadedTrace, warmupRecords: number, engine: StackEngine, onRecords?: RecordsDone, options?: DepthPassOptions): DepthCounters {
  const pass = new DepthPass(trace.pageCount, warmupRecords, engine, onRecords, options);
  pass.feed(trace.pages, trace.codes, trace.length);
  return pass.finish();
}
