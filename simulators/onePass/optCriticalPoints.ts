/**
 * OPT stack distances for every memory size in O(log V) per step: the *critical points* method
 * (derived for faultline; docs/performance.md gives the derivation and how it was checked).
 * Same depths as Mattson's priority stack (`priorityStack.ts`), which stays as the reference.
 *
 * The interval view of MIN (Belady 1966; the occupancy test of OPTgen, Jain & Lin, ISCA 2016):
 * at size M, a reference at t to a page last referenced at s hits iff at every reference u in
 * (s, t) fewer than M − 1 of the hits decided so far keep their page resident across u (the
 * page referenced at u takes the remaining frame). Call c_M(u) that number. For each size M and
 * each j ≥ 1, the latest point u with c_M(u) ≥ j is a critical point; the reference hits at M iff
 * the (M−1)-th one is at or before s. Adding a hit at every size ≥ d raises c over (s, t), which
 * moves each of those sizes' lists the same way: the newest point enters, the latest entry at or
 * before s leaves. The lists nest (size M + 1's is size M's plus one point), so one sequence of
 * points e₁, e₂, … holds them all: slot j holds the point size j + 1 adds. Then
 *
 *  - the depth of a reference is j + 2 for the first slot j (from 0) whose point is at or before s
 *    (the slots beyond the used ones hold −∞);
 *  - the update puts the previous reference's point in that slot and carries the point it held
 *    down the slots: at each later slot holding a point in (carry, s], the two swap; the last
 *    carry leaves the sequence.
 *
 * Every point in a slot is the last reference of a page, so points live on a compact time axis
 * like the LRU engine's (renumbered when it fills), and a min-tree over that axis gives "the
 * smallest slot among points in a range" in O(log V): each step of the carry is one query. The
 * carry makes a few dozen steps per reference on Zipf streams (docs/performance.md).
 *
 * At the end of the trace every page is never used again; policies/opt.ts then evicts the lowest
 * page number first. Their final depths are the depths of one more reference to each, in order
 * of decreasing page number (the order of their eviction priority), all at the end of the trace.
 *
 * Scope: traces without releases, counted from record 0. A release makes the released page's
 * last interval end in a way that depends on the pages referenced after it, and a warm-up needs
 * every page's depth in the middle of the trace; both are left to the priority stack
 * (`optDepthCounters` chooses).
 */
import type { LoadedTrace } from '../../traces/index.js';
import { DepthCounters, NOT_IN_STACK } from './depthCounters.js';

const NONE = 0x7fffffff;

export class OptCriticalPoints {
  /** Compact time of each page's last reference, -1 before its first. */
  private readonly timeOf: Int32Array;
  /** Page whose last reference is at each compact time, -1 when that page was referenced again. */
  private pageAt: Int32Array;
  /** Min-tree over compact times of the slot each time holds (NONE when it holds none); leaves at `capacity + time`. */
  private tree: Int32Array;
  /** The compact time each slot holds (-1: the end-of-trace point, never queried again). */
  private readonly timeOfSlot: Int32Array;
  private readonly capacity: number;
  /** Slots used so far. */
  private slots = 0;
  /** The next free compact time (the newest reference is at next − 1). */
  private next = 0;

  constructor(pageCount: number) {
    let cap = 64;
    while (cap < 2 * pageCount) cap *= 2;
    this.capacity = cap;
    this.timeOf = new Int32Array(pageCount).fill(-1);
    this.pageAt = new Int32Array(cap).fill(-1);
    this.tree = new Int32Array(2 * cap).fill(NONE);
    this.timeOfSlot = new Int32Array(pageCount + 1);
  }

  private set(time: number, slot: number): void {
    const tree = this.tree;
    let i = this.capacity + time;
    tree[i] = slot;
    for (i >>= 1; i >= 1; i >>= 1) {
      const m = Math.min(tree[2 * i]!, tree[2 * i + 1]!);
      if (tree[i] === m) break;
      tree[i] = m;
    }
  }

  /** The smallest slot among times in [lo, hi]. */
  private minSlot(lo: number, hi: number): number {
    const tree = this.tree;
    let m = NONE;
    let l = lo + this.capacity;
    let r = hi + this.capacity + 1;
    while (l < r) {
      if (l & 1) m = Math.min(m, tree[l++]!);
      if (r & 1) m = Math.min(m, tree[--r]!);
      l >>= 1;
      r >>= 1;
    }
    return m;
  }

  /**
   * One interval (s, now) decided as a hit at every size from the returned depth on: the slots
   * take the newest point (`newest`, or -1 at the end of the trace), and the carry runs.
   */
  private decide(s: number, newest: number): number {
    const first = this.minSlot(0, s);
    if (first === NONE) {
      const j = this.slots++;
      this.timeOfSlot[j] = newest;
      if (newest >= 0) this.set(newest, j);
      return j + 2;
    }
    let carry = this.timeOfSlot[first]!;
    this.timeOfSlot[first] = newest;
    if (newest >= 0) this.set(newest, first);
    this.set(carry, NONE);
    while (carry < s) {
      const k = this.minSlot(carry + 1, s);
      if (k === NONE) break;
      const held = this.timeOfSlot[k]!;
      this.timeOfSlot[k] = carry;
      this.set(carry, k);
      this.set(held, NONE);
      carry = held;
    }
    return first + 2;
  }

  /** A reference to `page`: its depth before (NOT_IN_STACK on its first reference); it becomes the newest. */
  reference(page: number): number {
    const s = this.timeOf[page]!;
    const newest = this.next - 1;
    if (s >= 0 && s === newest) return 1;
    const depth = s < 0 ? NOT_IN_STACK : this.decide(s, newest);
    if (s >= 0) this.pageAt[s] = -1;
    if (this.next === this.capacity) this.renumber();
    const t = this.next++;
    this.timeOf[page] = t;
    this.pageAt[t] = page;
    return depth;
  }

  /** After the last record: every page's final depth, lowest priority (highest page number) first. */
  forEachFinalDepth(fn: (page: number, depth: number) => void): void {
    const newest = this.next - 1;
    for (let p = this.timeOf.length - 1; p >= 0; p--) {
      const s = this.timeOf[p]!;
      if (s < 0) continue;
      fn(p, s === newest ? 1 : this.decide(s, -1));
    }
  }

  /** Renumbers the live times 0, 1, … in order, keeping their slots. */
  private renumber(): void {
    const cap = this.capacity;
    const old = this.tree;
    const pageAt = new Int32Array(cap).fill(-1);
    const tree = new Int32Array(2 * cap).fill(NONE);
    let n = 0;
    for (let t = 0; t < this.next; t++) {
      const p = this.pageAt[t]!;
      const slot = old[cap + t]!;
      if (p < 0) {
        // Only last references hold slots (the invariant the method rests on).
        if (slot !== NONE) throw new Error(`critical points: slot ${slot} held by a superseded reference`);
        continue;
      }
      pageAt[n] = p;
      this.timeOf[p] = n;
      tree[cap + n] = slot;
      if (slot !== NONE) this.timeOfSlot[slot] = n;
      n++;
    }
    for (let i = cap - 1; i >= 1; i--) tree[i] = Math.min(tree[2 * i]!, tree[2 * i + 1]!);
    this.pageAt = pageAt;
    this.tree = tree;
    this.next = n;
  }
}

/** Whether `optCriticalDepthCounters` covers the run: no releases, counted from record 0. */
export function criticalPointsApply(trace: LoadedTrace, warmupRecords: number): boolean {
  return trace.releases === 0 && warmupRecords <= 0;
}

/** OPT's depth counters by critical points (see `criticalPointsApply`). */
export function optCriticalDepthCounters(trace: LoadedTrace): DepthCounters {
  if (!criticalPointsApply(trace, 0)) throw new Error('critical points: the trace has releases (use optDepthCounters)');
  const counters = new DepthCounters(trace.pageCount, trace.pageCount, 0);
  const engine = new OptCriticalPoints(trace.pageCount);
  const { pages, codes, length } = trace;
  for (let i = 0; i < length; i++) {
    const p = pages[i]!;
    counters.reference(i, p, codes[i]!, engine.reference(p));
  }
  engine.forEachFinalDepth((p, d) => counters.atEnd(p, d));
  return counters;
}
