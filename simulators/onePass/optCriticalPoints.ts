/**
 * OPT stack distances for every memory size at once by *critical points* (derived for faultline;
 * docs/performance.md gives the derivation, how it was checked and what it costs). Same depths as
 * Mattson's priority stack (`priorityStack.ts`), which stays as the reference.
 *
 * The interval view of MIN (Belady 1966; the occupancy test of OPTgen, Jain & Lin, ISCA 2016):
 * at size M, a reference at t to a page last referenced at s hits iff at every reference u in
 * (s, t) fewer than M − 1 of the hits decided so far keep their page resident across u. For each
 * size the latest points where that count reaches 1, 2, …, M − 1 are its critical points; the
 * reference hits at M iff the earliest of them is at or before s. The sizes' point sets nest (size
 * M + 1's is size M's plus one point), so each point carries a *birth*: the slot j such that it
 * belongs to the sets of sizes j + 2 and up. Then, on the time axis:
 *
 *  - the depth of a reference is 2 + the smallest birth among the points at or before s
 *    (a new slot when there is none);
 *  - the update is one right-to-left pass over the points at or before s with a carry that starts
 *    at "none": each point whose birth is below the carry swaps with it. The latest point at or
 *    before s leaves (it takes "none"), each suffix minimum takes the birth of the next one, and
 *    the smallest birth comes out; the previous reference's point enters with it.
 *
 * Every point is the last reference of a page. Points live in an array in time order (a page's
 * array index is remembered; deletions leave holes, squeezed out when the array fills), and a
 * 16-ary tree of minimum births finds each next swap by skipping groups whose minimum is not
 * below the carry. The pass costs one step per suffix minimum — a number that grows with the
 * slots in use on skewed traces (docs/performance.md), which is why `curveEngineChoice.ts`
 * prefers per-size replays on large traces.
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

/** The birth of a hole (no point): above every slot. */
const NONE = 0x7fffffff;
const FAN = 16;
const SHIFT = 4;

export interface CriticalPointsOptions {
  /** Points the array holds before its first squeeze (tests make it small to exercise squeezing). */
  initialCapacity?: number;
}

export class OptCriticalPoints {
  /** Time (record index) of each page's last reference, -1 before its first. */
  private readonly timeOf: Int32Array;
  /** Per page, the index of the last array entry at or before its last reference, and the squeeze epoch it refers to. */
  private readonly hintOf: Int32Array;
  private readonly epochOf: Int32Array;
  private epoch = 0;
  /** Old index → new index of the last live entry at or before it, for hints one squeeze old. */
  private remap: Int32Array = new Int32Array(0);
  /** Time of each array entry (ascending; holes keep theirs). */
  private timeAt!: Int32Array;
  /** Minimum births: level 0 is each entry's birth, level k + 1 the minimum of each 16 of level k. */
  private levels!: Int32Array[];
  private length = 0;
  private slots = 0;
  private time = 0;
  private lastPage = -1;
  /** Entries changed by the current pass whose groups' minima need recomputing (one per group). */
  private readonly dirty: number[] = [];

  constructor(pageCount: number, options: CriticalPointsOptions = {}) {
    this.timeOf = new Int32Array(pageCount).fill(-1);
    this.hintOf = new Int32Array(pageCount);
    this.epochOf = new Int32Array(pageCount).fill(-1);
    this.allocate(Math.max(FAN, options.initialCapacity ?? 1 << 16));
  }

  private allocate(capacity: number): void {
    this.timeAt = new Int32Array(capacity);
    const levels = [new Int32Array(capacity).fill(NONE)];
    for (let n = capacity; n > FAN; ) {
      n = Math.ceil(n / FAN);
      levels.push(new Int32Array(n).fill(NONE));
    }
    this.levels = levels;
  }

  /** The largest index j ≤ i whose birth is below `c`, or -1. */
  private previousBelow(i: number, c: number): number {
    const levels = this.levels;
    const births = levels[0]!;
    const first = i & ~(FAN - 1);
    for (let j = i; j >= first; j--) if (births[j]! < c) return j;
    const top = levels.length - 1;
    let level = 1;
    let at = (i >> SHIFT) - 1;
    for (;;) {
      if (at < 0) return -1;
      const mins = levels[level]!;
      const start = level === top ? 0 : at & ~(FAN - 1);
      for (; at >= start; at--) {
        if (mins[at]! >= c) continue;
        // Descend into the group: its last child whose minimum is below the carry, down to an entry.
        for (let l = level - 1; l >= 0; l--) {
          const below = levels[l]!;
          at = Math.min(at * FAN + FAN - 1, below.length - 1);
          while (below[at]! >= c) at--;
        }
        return at;
      }
      if (level === top) return -1;
      at = (start >> SHIFT) - 1;
      level++;
    }
  }

  /** Recomputes the minima above entry `j` while they change. */
  private refresh(j: number): void {
    const levels = this.levels;
    for (let l = 1; l < levels.length; l++) {
      const g = j >> SHIFT;
      const m = groupMin(levels[l - 1]!, g);
      if (levels[l]![g] === m) return;
      levels[l]![g] = m;
      j = g;
    }
  }

  /** The pass over the entries at or before `from`; returns the smallest birth there (NONE when there is none). */
  private pass(from: number): number {
    if (from < 0) return NONE;
    const births = this.levels[0]!;
    let carry = NONE;
    const dirty = this.dirty;
    dirty.length = 0;
    let group = -1;
    for (let j = this.previousBelow(from, carry); j >= 0; j = j > 0 ? this.previousBelow(j - 1, carry) : -1) {
      const b = births[j]!;
      births[j] = carry;
      carry = b;
      if (j >> SHIFT !== group) {
        group = j >> SHIFT;
        dirty.push(j);
      }
    }
    // Only minima left of the pass's position are read during it, so they are fixed afterwards.
    for (const j of dirty) this.refresh(j);
    return carry;
  }

  /** Index of the last entry at or before the page's last reference `s`. */
  private hint(page: number, s: number): number {
    const e = this.epochOf[page]!;
    const h = this.hintOf[page]!;
    if (e === this.epoch) return h;
    if (e === this.epoch - 1) return h < 0 ? -1 : this.remap[h]!;
    let lo = 0;
    let hi = this.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.timeAt[mid]! <= s) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  }

  private append(time: number, birth: number): void {
    if (this.length === this.timeAt.length) this.squeeze();
    const j = this.length++;
    this.timeAt[j] = time;
    const levels = this.levels;
    levels[0]![j] = birth;
    for (let l = 1, g = j; l < levels.length; l++) {
      g >>= SHIFT;
      if (levels[l]![g]! <= birth) break;
      levels[l]![g] = birth;
    }
  }

  /** Squeezes out the holes (into a larger array when more than a quarter is live). */
  private squeeze(): void {
    const times = this.timeAt;
    const births = this.levels[0]!;
    const n = this.length;
    let live = 0;
    for (let i = 0; i < n; i++) if (births[i] !== NONE) live++;
    let capacity = times.length;
    while (capacity < 4 * live) capacity *= 2;
    const remap = new Int32Array(n);
    this.allocate(capacity);
    const newTimes = this.timeAt;
    const newBirths = this.levels[0]!;
    let k = 0;
    for (let i = 0; i < n; i++) {
      if (births[i] !== NONE) {
        newTimes[k] = times[i]!;
        newBirths[k] = births[i]!;
        k++;
      }
      remap[i] = k - 1;
    }
    for (let l = 1; l < this.levels.length; l++) {
      const below = this.levels[l - 1]!;
      const mins = this.levels[l]!;
      for (let g = 0; g < mins.length; g++) mins[g] = groupMin(below, g);
    }
    this.length = k;
    this.remap = remap;
    this.epoch++;
  }

  /** A reference to `page`: its depth before (NOT_IN_STACK on its first reference); it becomes the newest. */
  reference(page: number): number {
    const t = this.time++;
    const newest = t - 1;
    const previous = this.lastPage;
    const s = this.timeOf[page]!;
    let depth = NOT_IN_STACK;
    if (s >= 0 && s === newest) depth = 1;
    else if (s >= 0) {
      let birth = this.pass(this.hint(page, s));
      if (birth === NONE) birth = this.slots++;
      this.append(newest, birth);
      depth = birth + 2;
    }
    // The previous reference's point is now in the array or never will be: its page's hint is fixed.
    if (previous >= 0 && previous !== page) {
      this.hintOf[previous] = this.length - 1;
      this.epochOf[previous] = this.epoch;
    }
    this.lastPage = page;
    this.timeOf[page] = t;
    return depth;
  }

  /** After the last record: every page's final depth, lowest priority (highest page number) first. */
  forEachFinalDepth(fn: (page: number, depth: number) => void): void {
    const newest = this.time - 1;
    for (let p = this.timeOf.length - 1; p >= 0; p--) {
      const s = this.timeOf[p]!;
      if (s < 0) continue;
      if (s === newest) {
        fn(p, 1);
        continue;
      }
      const birth = this.pass(this.hint(p, s));
      fn(p, (birth === NONE ? this.slots++ : birth) + 2);
    }
  }
}

/** The smallest birth in group `g` (16 entries) of a level. */
function groupMin(below: Int32Array, g: number): number {
  const end = Math.min((g + 1) << SHIFT, below.length);
  let m = NONE;
  for (let k = g << SHIFT; k < end; k++) if (below[k]! < m) m = below[k]!;
  return m;
}

/** Whether `optCriticalDepthCounters` covers the run: no releases, counted from record 0. */
export function criticalPointsApply(trace: LoadedTrace, warmupRecords: number): boolean {
  return trace.releases === 0 && warmupRecords <= 0;
}

/** OPT's depth counters by critical points (see `criticalPointsApply`). */
export function optCriticalDepthCounters(trace: LoadedTrace, options: CriticalPointsOptions = {}): DepthCounters {
  if (!criticalPointsApply(trace, 0)) throw new Error('critical points: the trace has releases (use optDepthCounters)');
  const counters = new DepthCounters(trace.pageCount, trace.pageCount, 0);
  const engine = new OptCriticalPoints(trace.pageCount, options);
  const { pages, codes, length } = trace;
  for (let i = 0; i < length; i++) {
    const p = pages[i]!;
    counters.reference(i, p, codes[i]!, engine.reference(p));
  }
  engine.forEachFinalDepth((p, d) => counters.atEnd(p, d));
  return counters;
}
