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
 * (bitmaps of pages and markers, 32 slots a word), each node keeps the sum of its weights, the
 * largest prefix sum inside it and the sum of its siblings before it: one climb gives P at s, a
 * walk right and a descent find y, and four slots change (s loses its page, c*'s slot its marker,
 * the previous newest slot gains it, a new slot the page). Over the capacities, each node keeps
 * the smallest slot of its markers: c* is the first capacity whose marker is at or before y, one
 * descent; a moved marker updates its path while the minimum moves.
 *
 * Slots are taken one per reference; when they run out, the slots with neither page nor marker
 * are squeezed out (in order), so memory grows with the pages (≤ 2 slots each), not the trace.
 *
 * At the end of the trace every page is never used again; policies/opt.ts then evicts the lowest
 * page number first. Their final depths are the depths of one more reference to each, in order of
 * decreasing page number (the order of their eviction priority), all at the same moment
 * (`forEachFinalDepth`).
 *
 * Scope: this engine knows references only; optMarkersCurves.ts (`optDepthCounters`) counts every
 * run with it, releases (page incarnations, with the non-live pages' order beside the engine) and
 * warm-up (a second engine over the records before it) included.
 */
import { NOT_IN_STACK } from './depthCounters.js';

/** No slot (a capacity without a marker): above every slot. */
const NONE = 0x7fffffff;
/** The largest prefix sum of a padding node of the slot tree: P plus it never reaches 0. */
const LOW = -0x40000000;
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

/**
 * The first node of each level of a 16-ary tree whose levels lie end to end in one array, from
 * `leaves` entries at level `from` up to a single root; each level but the root is padded to a
 * multiple of 16 entries, so a node's 16 children are always there (a scan needs no bound) and
 * share one or two cache lines. The last entry is the array's length.
 */
function levelStarts(leaves: number, from: number): Int32Array {
  const starts = new Array<number>(from).fill(0);
  let at = 0;
  for (let n = leaves; ; n = Math.ceil(n / FAN)) {
    starts.push(at);
    if (n === 1) break;
    at += Math.ceil(n / FAN) * FAN;
  }
  starts.push(at + 1);
  return Int32Array.from(starts);
}

export class OptCriticalMarkers {
  /** Per page, the slot of its last reference, -1 before its first. */
  private readonly slotOf: Int32Array;
  /**
   * The capacity tree, level after level in one array (`capacityAt`): level 0 holds each
   * capacity's marker slot (NONE when it has none; `markerSlot` is that level), each node above
   * the smallest slot of the markers under it (16 capacities per node of level 1).
   */
  private readonly capacityTree: Int32Array;
  private readonly capacityAt: Int32Array;
  /** Per capacity c ≥ 1, the slot its marker is on (NONE when it has none). */
  private readonly markerSlot: Int32Array;
  /** Bitmaps over the slots, interleaved word by word (one cache line for both): at 2w which slots of word w hold a page's last reference, at 2w + 1 which a marker. */
  private bits!: Int32Array;
  /** Per slot, its page and its marker (meaningful only where the bitmaps have the slot): what a squeeze moves. */
  private pageAt!: Int32Array;
  private markerAt!: Int32Array;
  /**
   * The slot tree, level after level in one array (`slotAt`, level 1: one node per bitmap word,
   * above: one per 16 nodes), two entries per node side by side: the sum of the weights, and the
   * largest sum of a non-empty prefix of its slots. Padding nodes (0, LOW) weigh nothing and
   * never hold the zero.
   */
  private tree!: Int32Array;
  /** Per node of the slot tree (as numbered in `slotAt`), the sum of the weights of the siblings before it in its group: P at s is one read per level. */
  private before!: Int32Array;
  private slotAt!: Int32Array;
  private capacity = 0;
  /** The newest slot (the last reference's page), -1 before the first reference. */
  private top = -1;
  private next = 0;
  /** Distinct pages referenced so far. */
  private pages = 0;
  /** The prefix sum where `zeroIn` left its walk when the word ended first. */
  private scanP = 0;

  constructor(pageCount: number, options: CriticalMarkersOptions = {}) {
    this.slotOf = new Int32Array(pageCount).fill(-1);
    this.capacityAt = levelStarts(pageCount + 1, 0);
    this.capacityTree = new Int32Array(this.capacityAt[this.capacityAt.length - 1]!).fill(NONE);
    this.markerSlot = this.capacityTree.subarray(0, pageCount + 1);
    // At least two slots per page by default, so that squeezes, which rebuild both trees, come no
    // more often than once per that many references.
    let capacity = 1 << (WORD_SHIFT + SHIFT);
    while (capacity < (options.initialCapacity ?? Math.max(1 << 16, 2 * pageCount))) capacity *= 2;
    this.allocate(capacity);
    this.rebuildSlotTree();
  }

  /** Sizes the slot arrays for `capacity` slots, keeping the slots in use. */
  private allocate(capacity: number): void {
    const words = capacity >> WORD_SHIFT;
    const grown = (old: Int32Array | undefined, length: number): Int32Array => {
      const array = new Int32Array(length);
      if (old) array.set(old.subarray(0, Math.min(old.length, length)));
      return array;
    };
    this.capacity = capacity;
    this.bits = grown(this.bits, 2 * words);
    this.pageAt = grown(this.pageAt, capacity);
    this.markerAt = grown(this.markerAt, capacity);
    this.slotAt = levelStarts(words, 1);
    this.tree = new Int32Array(2 * this.slotAt[this.slotAt.length - 1]!);
    this.before = new Int32Array(this.slotAt[this.slotAt.length - 1]!);
    for (let i = 1; i < this.tree.length; i += 2) this.tree[i] = LOW;
  }

  /** Recomputes node `g` of level `l` ≥ 1 of the capacity tree from its children; false when it did not change. */
  private recomputeCapacity(l: number, g: number): boolean {
    const tree = this.capacityTree;
    let k = this.capacityAt[l - 1]! + (g << SHIFT);
    let min = tree[k]!;
    for (const end = k + FAN; ++k < end; ) {
      const d = tree[k]! - min;
      min += d & (d >> 31); // branch-free: the 16 slots come in no order
    }
    const at = this.capacityAt[l]! + g;
    if (tree[at] === min) return false;
    tree[at] = min;
    return true;
  }

  /** Moves marker `c` to `slot` (NONE: takes it away), keeping the capacity tree's minima. */
  private placeMarker(c: number, slot: number): void {
    const tree = this.capacityTree;
    const old = tree[c]!;
    tree[c] = slot;
    for (let l = 1, g = c >> SHIFT; l < this.capacityAt.length - 1; l++, g >>= SHIFT) {
      const at = this.capacityAt[l]! + g;
      const m = tree[at]!;
      if (slot < m) tree[at] = slot;
      else if (old !== m || !this.recomputeCapacity(l, g)) return;
    }
  }

  /** The smallest capacity whose marker is at a slot ≤ y: down the capacity tree, first child whose minimum is ≤ y. */
  private firstMarkerAtOrBefore(y: number): number {
    const { capacityTree: tree, capacityAt: at } = this;
    let g = 0;
    for (let l = at.length - 2; l > 0; l--) {
      const from = at[l - 1]!;
      let k = from + (g << SHIFT);
      while (tree[k]! > y) k++;
      g = k - from;
    }
    return g;
  }

  private rebuildCapacityTree(): void {
    const at = this.capacityAt;
    for (let l = 1; l < at.length - 1; l++) for (let g = (at[l]! - at[l - 1]!) >> SHIFT; g-- > 0; ) this.recomputeCapacity(l, g);
  }

  /** Every real node of the slot tree from the bitmaps up (padding nodes stay as they are). */
  private rebuildSlotTree(): void {
    const at = this.slotAt;
    for (let g = 0; g < this.capacity >> WORD_SHIFT; g++) this.recomputeWord(g);
    for (let l = 2; l < at.length - 1; l++) for (let g = 0; g < (at[l]! - at[l - 1]!) >> SHIFT; g++) this.recompute(l, g);
  }

  /** Recomputes node `g` of level `l` ≥ 2 of the slot tree from its 16 children; false when it did not change. */
  private recompute(l: number, g: number): boolean {
    const { tree, before } = this;
    const first = this.slotAt[l - 1]! + (g << SHIFT);
    let k = 2 * first;
    let sum = tree[k]!;
    let high = tree[k + 1]!;
    before[first] = 0;
    for (let child = first + 1, end = first + FAN; child < end; child++) {
      k += 2;
      before[child] = sum;
      const d = sum + tree[k + 1]! - high;
      high += d & ~(d >> 31); // branch-free max: which child holds it is anyone's guess
      sum += tree[k]!;
    }
    return this.store(2 * (this.slotAt[l]! + g), sum, high);
  }

  /** Recomputes the node of word `g` from the bitmaps, byte by byte. */
  private recomputeWord(g: number): boolean {
    const pages = this.bits[2 * g]!;
    const markers = this.bits[2 * g + 1]!;
    let sum = 0;
    let high = LOW;
    for (let b = 0; b < 32; b += 8) {
      const e = BYTES[(((pages >>> b) & 255) << 8) | ((markers >>> b) & 255)]!;
      const d = sum + (e >> 5) - 8 - high;
      high += d & ~(d >> 31);
      sum += (e & 31) - 8;
    }
    return this.store(2 * (this.slotAt[1]! + g), sum, high);
  }

  private store(at: number, sum: number, high: number): boolean {
    const tree = this.tree;
    if (tree[at] === sum && tree[at + 1] === high) return false;
    tree[at] = sum;
    tree[at + 1] = high;
    return true;
  }

  /**
   * Brings the nodes above two changed slots up to date, level by level, stopping where neither
   * path changes; the paths become one at their common ancestor, where a reference's +1 and −1
   * cancel out. Pairs are refreshed one after the other, even where their paths meet: a node whose
   * child changes is recomputed right after it, from its children as they are then, so in the end
   * every node agrees with its children, whatever the order.
   */
  private refresh(a: number, b: number): void {
    let ga = a >> WORD_SHIFT;
    let gb = b >> WORD_SHIFT;
    let changedA = this.recomputeWord(ga);
    let changedB = ga !== gb && this.recomputeWord(gb);
    for (let l = 2; l < this.slotAt.length - 1 && (changedA || changedB); l++) {
      ga >>= SHIFT;
      gb >>= SHIFT;
      if (ga === gb) {
        changedA = this.recompute(l, ga);
        changedB = false;
      } else {
        changedA &&= this.recompute(l, ga);
        changedB &&= this.recompute(l, gb);
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
    const { tree, slotAt, before } = this;
    const root = slotAt.length - 2;
    // P: the slots before s in its word and the siblings left of the path from its word to the root.
    const w = s >> WORD_SHIFT;
    const bit = s & 31;
    const below = bit === 0 ? 0 : -1 >>> (32 - bit);
    let p = popcount(this.bits[2 * w + 1]! & below) - popcount(this.bits[2 * w]! & below);
    for (let l = 1, i = w; l < root; l++, i >>= SHIFT) p += before[slotAt[l]! + i]!;
    // Walk right from s along its word, then the siblings right of the path, level by level (the
    // zero lies before the newest slot, so below the root).
    const inWord = this.zeroIn(w, bit, p);
    if (inWord >= 0) return s - bit + inWord;
    p = this.scanP;
    let l = 1;
    let j = w;
    for (; ; l++, j >>= SHIFT) {
      const start = slotAt[l]!;
      const end = start + (j | (FAN - 1)) + 1;
      let k = start + j + 1;
      for (; k < end; k++) {
        if (p + tree[2 * k + 1]! >= 0) break;
        p += tree[2 * k]!;
      }
      if (k < end) {
        j = k - start;
        break;
      }
    }
    // Down into node j of level l: its first child whose prefix reaches 0, down to a word.
    for (; l > 1; l--) {
      const start = slotAt[l - 1]!;
      let k = start + (j << SHIFT);
      for (; p + tree[2 * k + 1]! < 0; k++) p += tree[2 * k]!;
      j = k - start;
    }
    return (j << WORD_SHIFT) + this.zeroIn(j, 0, p);
  }

  /** A reference to `page`: its depth before (NOT_IN_STACK on its first reference); it becomes the newest. */
  reference(page: number): number {
    if (this.slotOf[page] === this.top && this.top >= 0) return 1;
    if (this.next === this.capacity) this.squeeze();
    const s = this.slotOf[page]!;
    const top = this.top;
    const n = this.next++;
    let depth = NOT_IN_STACK;
    if (s >= 0) {
      const c = this.firstMarkerAtOrBefore(this.zeroAfter(s));
      depth = c + 1;
      // c's marker moves from its slot to the newest one: one pass up the capacity tree.
      const from = this.markerSlot[c]!;
      this.bits[2 * (from >> WORD_SHIFT) + 1]! &= ~(1 << (from & 31));
      this.bits[2 * (s >> WORD_SHIFT)]! &= ~(1 << (s & 31));
      this.setMarker(top, c);
      this.refresh(from, s);
    } else if (this.pages++ > 0) {
      // A new page: a new capacity's marker goes to position 1 (none for the very first page).
      this.setMarker(top, this.pages - 1);
    }
    this.bits[2 * (n >> WORD_SHIFT)]! |= 1 << (n & 31);
    this.pageAt[n] = page;
    this.slotOf[page] = n;
    this.top = n;
    this.refresh(top < 0 ? n : top, n);
    return depth;
  }

  /** Takes marker `c` off its slot and the page off slot `s`. */
  private take(c: number, s: number): void {
    const from = this.markerSlot[c]!;
    this.bits[2 * (from >> WORD_SHIFT) + 1]! &= ~(1 << (from & 31));
    this.bits[2 * (s >> WORD_SHIFT)]! &= ~(1 << (s & 31));
    this.placeMarker(c, NONE);
    this.refresh(from, s);
  }

  private setMarker(slot: number, c: number): void {
    this.bits[2 * (slot >> WORD_SHIFT) + 1]! |= 1 << (slot & 31);
    this.markerAt[slot] = c;
    this.placeMarker(c, slot);
  }

  /**
   * Squeezes out the slots with neither page nor marker, in place and in order (into larger arrays
   * first when more than half are kept). Slots keep their order, so both trees are rebuilt as
   * they were, only renumbered.
   */
  private squeeze(): void {
    const words = this.next >> WORD_SHIFT;
    let kept = 0;
    for (let w = 0; w < words; w++) kept += popcount(this.bits[2 * w]! | this.bits[2 * w + 1]!);
    let capacity = this.capacity;
    while (capacity < 2 * kept) capacity *= 2;
    if (capacity > this.capacity) this.allocate(capacity);
    const { bits, pageAt, markerAt, slotOf, markerSlot } = this;
    // Slot k ≤ i receives slot i, so the bitmaps are read a word ahead of where they are written.
    let k = 0;
    let top = -1;
    let pages = 0;
    let markers = 0;
    for (let w = 0; w < words; w++) {
      const p = bits[2 * w]!;
      const m = bits[2 * w + 1]!;
      bits[2 * w] = 0;
      bits[2 * w + 1] = 0;
      for (let used = p | m; used !== 0; used &= used - 1) {
        const bit = 31 - Math.clz32(used & -used);
        const i = (w << WORD_SHIFT) | bit;
        if ((p >>> bit) & 1) {
          pageAt[k] = pageAt[i]!;
          slotOf[pageAt[k]!] = k;
          pages |= 1 << (k & 31);
        }
        if ((m >>> bit) & 1) {
          markerAt[k] = markerAt[i]!;
          markerSlot[markerAt[k]!] = k;
          markers |= 1 << (k & 31);
        }
        if (i === this.top) top = k;
        if ((++k & 31) === 0) {
          bits[2 * ((k - 1) >> WORD_SHIFT)] = pages;
          bits[2 * ((k - 1) >> WORD_SHIFT) + 1] = markers;
          pages = 0;
          markers = 0;
        }
      }
    }
    if (k & 31) {
      bits[2 * (k >> WORD_SHIFT)] = pages;
      bits[2 * (k >> WORD_SHIFT) + 1] = markers;
    }
    this.next = k;
    this.top = top;
    this.rebuildCapacityTree();
    this.rebuildSlotTree();
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
    }
  }
}
