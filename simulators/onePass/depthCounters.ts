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
import { KIND_SHIFT, WRITE_BIT } from '../../traces/operations.js';
import { zeroCounters, type Counters } from '../results.js';

/** Depth of a page that is not in the stack. */
export const NOT_IN_STACK = 0xffffffff;

const SEEN = 1;
const WRITTEN = 2;
const KIND_AT = 2; // bits 2-3: the kind of the page's last write

export class DepthCounters {
  /** Capacity faults by depth, index 4 × depth + kind (depth 0 holds the pages not in the stack). */
  private readonly capacity: Float64Array;
  private readonly evictionDiff: Float64Array;
  /** Write-backs over size ranges, index 4 × size + kind. */
  private readonly writebackDiff: Float64Array;
  /** Releases of resident pages, by depth. */
  private readonly releasedAt: Float64Array;
  private readonly compulsoryBy = new Float64Array(4);
  private readonly state: Uint8Array;
  /** Largest depth of the page's references since its last write. */
  private readonly sinceWrite: Uint32Array;
  /** Lowest size whose evictions still lie ahead in counted time (1, or the position at warm-up). */
  private readonly low: Uint32Array;
  references = 0;
  releases = 0;

  /**
   * @param maxDepth the deepest position the engine can report (≤ the number of pages)
   * @param warmupRecords counting starts at this record index
   */
  constructor(pageCount: number, readonly maxDepth: number, readonly warmupRecords: number) {
    const slots = maxDepth + 2;
    this.capacity = new Float64Array(slots * 4);
    this.evictionDiff = new Float64Array(slots);
    this.writebackDiff = new Float64Array(slots * 4);
    this.releasedAt = new Float64Array(slots);
    this.state = new Uint8Array(pageCount);
    this.sinceWrite = new Uint32Array(pageCount);
    this.low = new Uint32Array(pageCount).fill(1);
  }

  /** The page's evictions (and write-backs) at sizes [low, depth − 1], ending an interval in counted time. */
  private evictedUpTo(page: number, depth: number, s: number): void {
    const lo = this.low[page]!;
    if (depth <= lo) return;
    this.evictionDiff[lo]!++;
    this.evictionDiff[depth]!--;
    if (s & WRITTEN) {
      const m = this.sinceWrite[page]!;
      const from = m > lo ? m : lo;
      if (from < depth) {
        const kind = s >> KIND_AT;
        this.writebackDiff[4 * from + kind]!++;
        this.writebackDiff[4 * depth + kind]!--;
      }
    }
  }

  /** A reference at record `i` found `page` at `depth` (NOT_IN_STACK when absent). */
  reference(i: number, page: number, code: number, depth: number): void {
    const s = this.state[page]!;
    const kind = code >> KIND_SHIFT;
    if (i >= this.warmupRecords) {
      this.references++;
      if (!(s & SEEN)) this.compulsoryBy[kind]!++;
      else this.capacity[4 * (depth === NOT_IN_STACK ? 0 : depth) + kind]!++;
      if (depth !== NOT_IN_STACK) {
        this.evictedUpTo(page, depth, s);
        this.low[page] = 1;
      }
    }
    if (code & WRITE_BIT) {
      this.state[page] = SEEN | WRITTEN | (kind << KIND_AT);
      this.sinceWrite[page] = 0;
    } else {
      this.state[page] = s | SEEN;
      if (depth > this.sinceWrite[page]!) this.sinceWrite[page] = depth;
    }
  }

  /** A release at record `i` of `page`, found at `depth` (NOT_IN_STACK when absent). */
  release(i: number, page: number, depth: number): void {
    const s = this.state[page]!;
    if (i >= this.warmupRecords) {
      this.releases++;
      if (depth !== NOT_IN_STACK) {
        this.releasedAt[depth]!++;
        this.evictedUpTo(page, depth, s);
      }
    }
    // The page died: its data is discarded, never written back.
    this.state[page] = s & SEEN;
    this.sinceWrite[page] = 0;
    this.low[page] = 1;
  }

  /** At the warm-up record: a page in the stack at `depth`. */
  atWarmup(page: number, depth: number): void {
    this.low[page] = depth;
  }

  /** At the end of the trace: a page still in the stack at `depth`. */
  atEnd(page: number, depth: number): void {
    this.evictedUpTo(page, depth, this.state[page]!);
  }

  /** The counters at each of `sizes` (ascending). */
  counters(sizes: number[]): Counters[] {
    const top = this.maxDepth + 1;
    // Capacity faults at size M: references deeper than M, by kind (suffix sums).
    const deeper = new Float64Array(4 * (top + 1));
    for (let d = top; d >= 1; d--) {
      for (let k = 0; k < 4; k++) deeper[4 * (d - 1) + k] = deeper[4 * d + k]! + this.capacity[4 * d + k]!;
    }
    const out: Counters[] = [];
    let at = 0;
    let evictions = 0;
    let released = 0;
    const writebacks = new Float64Array(4);
    for (const size of sizes) {
      const m = Math.min(size, top);
      for (; at < m; ) {
        at++;
        evictions += this.evictionDiff[at]!;
        released += this.releasedAt[at]!;
        for (let k = 0; k < 4; k++) writebacks[k]! += this.writebackDiff[4 * at + k]!;
      }
      const cap = (k: number): number => deeper[4 * m + k]! + this.capacity[k]!;
      const c = zeroCounters();
      c.references = this.references;
      c.anonCompulsory = this.compulsoryBy[1]!;
      c.fileCompulsory = this.compulsoryBy[2]!;
      c.compulsoryFaults = this.compulsoryBy[0]! + this.compulsoryBy[1]! + this.compulsoryBy[2]!;
      c.anonCapacity = cap(1);
      c.fileCapacity = cap(2);
      c.capacityFaults = cap(0) + cap(1) + cap(2);
      c.faults = c.compulsoryFaults + c.capacityFaults;
      c.hits = c.references - c.faults;
      c.evictions = evictions;
      c.anonWritebacks = writebacks[1]!;
      c.fileWritebacks = writebacks[2]!;
      c.writebacks = writebacks[0]! + writebacks[1]! + writebacks[2]!;
      c.releases = this.releases;
      c.releasedResident = released;
      out.push(c);
    }
    return out;
  }
}
