/**
 * OPT stack distances for every memory size at once by *critical markers*, in O(log V) per
 * reference: the Critical Marker Algorithm of Bilardi, Ekanadham & Pattnaik ("Optimal on-line
 * computation of stack distances for MIN and OPT", CF 2017), restated on the time axis.
 * docs/performance.md gives the statement, how it was checked and what it costs. Same depths as
 * Mattson's priority stack (`priorityStack.ts`), which stays as the reference.
 *
 * The pages sit in LRU order; each capacity c ≥ 1 (memory of c + 1 frames) has one *marker*, at
 * a position of that stack. With β(i) = (markers at positions ≤ i) − i (≥ 0 always), a reference
 * to the page at LRU position D ≥ 1 (0 is the top) has OPT depth c* + 1, where z is the deepest
 * position above D with β(z) = 0 and c* the smallest capacity whose marker lies below z. Then
 * the markers at positions ≤ D move down one with their pages (D's go to the page below it),
 * the page goes on top, and c*'s marker goes to position 1 — the page referenced just before.
 * A page's first reference puts a new capacity's marker at position 1.
 *
 * On the time axis nothing moves but two markers. Every page owns the *slot* of its last
 * reference (slots are taken in time order, so LRU position = live slots after it); a marker
 * stays on its slot when the page leaves it (an empty slot between two pages counts as the older
 * page's position, so the markers' positions do not change). Give each slot the weight
 * (marker ? 1 : 0) − (page ? 1 : 0) and let P(x) be the sum of the weights of the slots before x.
 * There is always one marker fewer than pages, so the weights sum to −1 and β ≥ 0 reads P ≤ 0;
 * β(z) = 0 reads P = 0 just after z's slot. So a reference to the page at slot s finds y, the
 * first slot ≥ s after which P returns to 0 (there is one before the newest slot, where P is 0),
 * and c* = the smallest marker in slots [0, y]. Two 16-ary trees do the work. Over the slots
 * (bitmaps of pages and markers, 32 slots a word), each node keeps the sum of its weights and the
 * largest prefix sum inside it: one climb gives P at s, a walk right and a descent find y, and
 * four slots change (s loses its page, c*'s slot its marker, the previous newest slot gains it, a
 * new slot the page). Over the capacities, each node keeps the smallest slot of its markers: c*
 * is the first capacity whose marker is at or before y, one descent; a moved marker updates its
 * path while the minimum moves.
 *
 * Slots are taken one per reference; when they run out, the slots with neither page nor marker
 * are squeezed out (in order), so memory grows with the pages (≤ 2 slots each), not the trace.
 *
 * At the end of the trace every page is never used again; policies/opt.ts then evicts the lowest
 * page number first. Their final depths are the depths of one more reference to each, in order of
 * decreasing page number (the order of their eviction priority), all at the same moment
 * (`forEachFinalDepth`).
 *
 * Scope: traces without releases, counted from record 0 (`optDepthCounters` sends the others to
 * the priority stack): a release ends its page's interval in a way that depends on the pages
 * referenced after it, and a warm-up needs every page's depth in the middle of the trace.
 */
import type { LoadedTrace } from '../../traces/index.js';
import { DepthCounters, NOT_IN_STACK } from './depthCounters.js';

/** No slot (a capacity without a marker): above every slot. */
const NONE = 0x7fffffff;
/** Slots per word of the page and marker bitmaps. */
const WORD_SHIFT = 5;
const FAN = 16;
const SHIFT = 4;

export interface CriticalMarkersOptions {
  /** Slots before the first squeeze, rounded up to a power of two ≥ 512 (default: two per page; tests make it small to exercise squeezing). */
  initialCapacity?: number;
}

/**
 * For 8 consecutive slots (bit i = slot i) with page bits `p` and marker bits `m`, entry
 * (p << 8) | m holds the sum of their weights and the largest prefix sum, each plus 8, in 5 bits.
 */
const BYTES = (() => {
  const table = new Int16Array(1 << 16);
  for (let p = 0; p < 256; p++) {
    for (let m = 0; m < 256; m++) {
      let sum = 0;
      let high = -8;
      for (let i = 0; i < 8; i++) {
        sum += ((m >> i) & 1) - ((p >> i) & 1);
        if (sum > high) high = sum;
      }
      table[(p << 8) | m] = (sum + 8) | ((high + 8) << 5);
    }
  }
  return table;
})();

function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

export class OptCriticalMarkers {
  /** Per page, the slot of its last reference, -1 before its first. */
  private readonly slotOf: Int32Array;
  /** Per capacity c ≥ 1, the slot its marker is on (NONE when it has none). */
  private readonly markerSlot: Int32Array;
  /** Per level from 1 over the capacities (16 per node of level 1, 16 nodes per node above), the smallest slot of their markers. */
  private readonly capacityMins: Int32Array[] = [];
  /** Bitmaps over the slots, interleaved word by word (one cache line for both): at 2w which slots of word w hold a page's last reference, at 2w + 1 which a marker. */
  private bits!: Int32Array;
  /** Per slot, its marker (meaningful only where the marker bitmap has the slot). */
  private markerAt!: Int32Array;
  /** Per level from 1 (level 1: one node per bitmap word, above: one per 16 nodes), per node: the sum of the weights. */
  private sums!: Int32Array[];
  /** Per level from 1, per node: the largest sum of a non-empty prefix of its slots. */
  private highs!: Int32Array[];
  private capacity = 0;
  /** The newest slot (the last reference's page), -1 before the first reference. */
  private top = -1;
  private next = 0;
  /** Distinct pages referenced so far. */
  private pages = 0;
  /** The prefix sum where `zeroIn` left its walk when the word ended first. */
  private scanP = 0;
  /** The nodes of one level whose children changed (at most one per changed slot). */
  private readonly dirty = new Int32Array(4);

  constructor(pageCount: number, options: CriticalMarkersOptions = {}) {
    this.slotOf = new Int32Array(pageCount).fill(-1);
    this.markerSlot = new Int32Array(pageCount + 1).fill(NONE);
    for (let n = Math.ceil((pageCount + 1) / FAN); ; n = Math.ceil(n / FAN)) {
      this.capacityMins.push(new Int32Array(n).fill(NONE));
      if (n === 1) break;
    }
    // At least two slots per page by default: a squeeze reads every page's slot, so it must come
    // no more often than once per that many references.
    let capacity = 1 << (WORD_SHIFT + SHIFT);
    while (capacity < (options.initialCapacity ?? Math.max(1 << 16, 2 * pageCount))) capacity *= 2;
    this.allocate(capacity);
  }

  private allocate(capacity: number): void {
    this.capacity = capacity;
    const words = capacity >> WORD_SHIFT;
    this.bits = new Int32Array(2 * words);
    this.markerAt = new Int32Array(capacity);
    this.sums = [new Int32Array(0)];
    this.highs = [new Int32Array(0)];
    for (let n = words; ; n = Math.ceil(n / FAN)) {
      this.sums.push(new Int32Array(n));
      this.highs.push(new Int32Array(n));
      if (n === 1) break;
    }
  }

  /** Level `l` of the capacity tree (level 0: the markers' slots). */
  private capacityLevel(l: number): Int32Array {
    return l === 0 ? this.markerSlot : this.capacityMins[l - 1]!;
  }

  /** The smallest slot under node `g` of level `l` ≥ 1 of the capacity tree, from its children. */
  private capacityNodeMin(l: number, g: number): number {
    const below = this.capacityLevel(l - 1);
    const end = Math.min((g + 1) << SHIFT, below.length);
    let min = NONE;
    for (let k = g << SHIFT; k < end; k++) if (below[k]! < min) min = below[k]!;
    return min;
  }

  /** Moves marker `c` to `slot` (NONE: takes it away), keeping the capacity tree's minima. */
  private placeMarker(c: number, slot: number): void {
    const old = this.markerSlot[c]!;
    this.markerSlot[c] = slot;
    for (let l = 1, g = c >> SHIFT; l <= this.capacityMins.length; l++, g >>= SHIFT) {
      const mins = this.capacityMins[l - 1]!;
      const m = mins[g]!;
      if (slot < m) mins[g] = slot;
      else if (old === m) {
        const min = this.capacityNodeMin(l, g);
        if (min === m) return;
        mins[g] = min;
      } else return;
    }
  }

  /** The smallest capacity whose marker is at a slot ≤ y: down the capacity tree, first child whose minimum is ≤ y. */
  private firstMarkerAtOrBefore(y: number): number {
    let g = 0;
    for (let l = this.capacityMins.length; l > 0; l--) {
      const below = this.capacityLevel(l - 1);
      g <<= SHIFT;
      while (below[g]! > y) g++;
    }
    return g;
  }

  private rebuildCapacityTree(): void {
    for (let l = 1; l <= this.capacityMins.length; l++) {
      const mins = this.capacityMins[l - 1]!;
      for (let g = 0; g < mins.length; g++) mins[g] = this.capacityNodeMin(l, g);
    }
  }

  /** Recomputes node `g` of level `l` ≥ 2 from its children; false when it did not change. */
  private recompute(l: number, g: number): boolean {
    let sum = 0;
    let high = -NONE;
    const sums = this.sums[l - 1]!;
    const highs = this.highs[l - 1]!;
    const from = g << SHIFT;
    const end = Math.min(from + FAN, sums.length);
    for (let k = from; k < end; k++) {
      const h = sum + highs[k]!;
      if (h > high) high = h;
      sum += sums[k]!;
    }
    return this.store(l, g, sum, high);
  }

  /** Recomputes the node of word `g` from the bitmaps, byte by byte. */
  private recomputeWord(g: number): boolean {
    const pages = this.bits[2 * g]!;
    const markers = this.bits[2 * g + 1]!;
    let sum = 0;
    let high = -NONE;
    for (let b = 0; b < 32; b += 8) {
      const e = BYTES[(((pages >>> b) & 255) << 8) | ((markers >>> b) & 255)]!;
      const h = sum + (e >> 5) - 8;
      if (h > high) high = h;
      sum += (e & 31) - 8;
    }
    return this.store(1, g, sum, high);
  }

  private store(l: number, g: number, sum: number, high: number): boolean {
    const ns = this.sums[l]!;
    const nh = this.highs[l]!;
    if (ns[g] === sum && nh[g] === high) return false;
    ns[g] = sum;
    nh[g] = high;
    return true;
  }

  /** Brings the nodes above the `count` changed slots in `dirty` up to date, level by level, stopping where nothing changes. */
  private refresh(count: number): void {
    const dirty = this.dirty;
    for (let k = 0; k < count; k++) dirty[k] = dirty[k]! >> WORD_SHIFT;
    for (let l = 1; l < this.sums.length && count > 0; l++) {
      let distinct = 0;
      for (let k = 0; k < count; k++) {
        const g = dirty[k]!;
        let j = 0;
        while (j < distinct && dirty[j] !== g) j++;
        if (j === distinct) dirty[distinct++] = g;
      }
      count = 0;
      for (let k = 0; k < distinct; k++) {
        const g = dirty[k]!;
        if (l === 1 ? this.recomputeWord(g) : this.recompute(l, g)) dirty[count++] = g >> SHIFT;
      }
    }
  }

  /**
   * Walks the slots of word `w` from bit `from` with prefix sum `p` (before that slot): the first
   * bit after which the prefix sum is 0, or -1 when the word ends first (then the prefix sum at
   * its end is left in `scanP`). Whole bytes whose prefix sums stay below 0 are skipped by their
   * table entry.
   */
  private zeroIn(w: number, from: number, p: number): number {
    const pages = this.bits[2 * w]!;
    const markers = this.bits[2 * w + 1]!;
    for (let k = from; ; ) {
      if ((k & 7) === 0) {
        for (; k < 32; k += 8) {
          const e = BYTES[(((pages >>> k) & 255) << 8) | ((markers >>> k) & 255)]!;
          if (p + (e >> 5) - 8 >= 0) break;
          p += (e & 31) - 8;
        }
        if (k === 32) break;
      }
      p += ((markers >>> k) & 1) - ((pages >>> k) & 1);
      if (p === 0) return k;
      if (++k === 32) break;
    }
    this.scanP = p;
    return -1;
  }

  /** The first slot y ≥ s after which the prefix sum of the weights is back to 0. */
  private zeroAfter(s: number): number {
    const { sums, highs } = this;
    const levels = sums.length;
    // P: the slots before s in its word and the siblings left of the path from its word to the root.
    const w = s >> WORD_SHIFT;
    const bit = s & 31;
    const below = bit === 0 ? 0 : -1 >>> (32 - bit);
    let p = popcount(this.bits[2 * w + 1]! & below) - popcount(this.bits[2 * w]! & below);
    for (let l = 1, i = w; l < levels; l++, i >>= SHIFT) {
      const sum = sums[l]!;
      for (let j = i & ~(FAN - 1); j < i; j++) p += sum[j]!;
    }
    // Walk right from s along its word, then the siblings right of the path, level by level.
    const inWord = this.zeroIn(w, bit, p);
    if (inWord >= 0) return s - bit + inWord;
    p = this.scanP;
    let l = 1;
    let j = 0;
    for (let i = w; ; l++, i >>= SHIFT) {
      const high = highs[l]!;
      const end = Math.min((i | (FAN - 1)) + 1, high.length);
      for (j = i + 1; j < end; j++) {
        if (p + high[j]! >= 0) break;
        p += sums[l]![j]!;
      }
      if (j < end) break;
    }
    // Down into node j of level l: its first child whose prefix reaches 0, down to a word.
    for (; l > 1; l--) {
      const high = highs[l - 1]!;
      const sum = sums[l - 1]!;
      for (j <<= SHIFT; p + high[j]! < 0; j++) p += sum[j]!;
    }
    return (j << WORD_SHIFT) + this.zeroIn(j, 0, p);
  }

  /** A reference to `page`: its depth before (NOT_IN_STACK on its first reference); it becomes the newest. */
  reference(page: number): number {
    if (this.slotOf[page] === this.top && this.top >= 0) return 1;
    if (this.next === this.capacity) this.squeeze();
    const s = this.slotOf[page]!;
    const top = this.top;
    const dirty = this.dirty;
    const n = this.next++;
    let depth = NOT_IN_STACK;
    let count = 0;
    if (s >= 0) {
      const c = this.firstMarkerAtOrBefore(this.zeroAfter(s));
      depth = c + 1;
      this.take(c, s);
      this.setMarker(top, c);
      dirty[2] = top;
      count = 3;
    } else if (this.pages++ > 0) {
      // A new page: a new capacity's marker goes to position 1 (none for the very first page).
      this.setMarker(top, this.pages - 1);
      dirty[0] = top;
      count = 1;
    }
    this.bits[2 * (n >> WORD_SHIFT)]! |= 1 << (n & 31);
    dirty[count++] = n;
    this.slotOf[page] = n;
    this.top = n;
    this.refresh(count);
    return depth;
  }

  /** Takes marker `c` off its slot and the page off slot `s`; both slots go in `dirty` (0 and 1). */
  private take(c: number, s: number): void {
    const from = this.markerSlot[c]!;
    this.bits[2 * (from >> WORD_SHIFT) + 1]! &= ~(1 << (from & 31));
    this.bits[2 * (s >> WORD_SHIFT)]! &= ~(1 << (s & 31));
    this.placeMarker(c, NONE);
    this.dirty[0] = from;
    this.dirty[1] = s;
  }

  private setMarker(slot: number, c: number): void {
    this.bits[2 * (slot >> WORD_SHIFT) + 1]! |= 1 << (slot & 31);
    this.markerAt[slot] = c;
    this.placeMarker(c, slot);
  }

  /** Squeezes out the slots with neither page nor marker (into a larger array when more than half are kept). */
  private squeeze(): void {
    const { markerAt, bits } = this;
    const marked = (i: number): boolean => ((bits[2 * (i >> WORD_SHIFT) + 1]! >>> (i & 31)) & 1) === 1;
    const pageAt = new Int32Array(this.next).fill(-1);
    this.slotOf.forEach((slot, page) => {
      if (slot >= 0) pageAt[slot] = page;
    });
    let kept = 0;
    for (let i = 0; i < this.next; i++) if (pageAt[i]! >= 0 || marked(i)) kept++;
    let capacity = this.capacity;
    while (capacity < 2 * kept) capacity *= 2;
    const top = this.top;
    this.allocate(capacity);
    let k = 0;
    for (let i = 0; i < pageAt.length; i++) {
      const page = pageAt[i]!;
      const marker = marked(i);
      if (page < 0 && !marker) continue;
      if (page >= 0) {
        this.bits[2 * (k >> WORD_SHIFT)]! |= 1 << (k & 31);
        this.slotOf[page] = k;
      }
      if (marker) {
        const c = markerAt[i]!;
        this.bits[2 * (k >> WORD_SHIFT) + 1]! |= 1 << (k & 31);
        this.markerAt[k] = c;
        this.markerSlot[c] = k;
      }
      if (i === top) this.top = k;
      k++;
    }
    this.next = k;
    this.rebuildCapacityTree();
    for (let g = 0; g < this.sums[1]!.length; g++) this.recomputeWord(g);
    for (let l = 2; l < this.sums.length; l++) for (let g = 0; g < this.sums[l]!.length; g++) this.recompute(l, g);
  }

  /**
   * After the last record: every page's final depth, lowest priority (highest page number) first.
   * Each is the depth of a reference at the end of the trace; they all happen at the same time,
   * so none of them moves a marker to a newer slot or takes one: the marker found leaves, and so
   * does the page.
   */
  forEachFinalDepth(fn: (page: number, depth: number) => void): void {
    for (let p = this.slotOf.length - 1; p >= 0; p--) {
      const s = this.slotOf[p]!;
      if (s < 0) continue;
      if (s === this.top) {
        fn(p, 1);
        continue;
      }
      const c = this.firstMarkerAtOrBefore(this.zeroAfter(s));
      fn(p, c + 1);
      this.take(c, s);
      this.refresh(2);
    }
  }
}

/** Whether `optCriticalDepthCounters` covers the run: no releases, counted from record 0. */
export function criticalMarkersApply(trace: Pick<LoadedTrace, 'releases'>, warmupRecords: number): boolean {
  return trace.releases === 0 && warmupRecords <= 0;
}

/** OPT's depth counters by critical markers (see `criticalMarkersApply`). */
export function optCriticalDepthCounters(trace: LoadedTrace, options: CriticalMarkersOptions = {}): DepthCounters {
  if (!criticalMarkersApply(trace, 0)) throw new Error('critical markers: the trace has releases (use optDepthCounters)');
  const counters = new DepthCounters(trace.pageCount, trace.pageCount, 0);
  const engine = new OptCriticalMarkers(trace.pageCount, options);
  const { pages, codes, length } = trace;
  for (let i = 0; i < length; i++) {
    const p = pages[i]!;
    counters.reference(i, p, codes[i]!, engine.reference(p));
  }
  engine.forEachFinalDepth((p, d) => counters.atEnd(p, d));
  return counters;
}
