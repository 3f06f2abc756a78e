/**
 * Where OPT's stack keeps the pages that will not be referenced again — *non-live* pages: dead
 * pages (after their last reference; a release or the end of the trace comes next) and holes
 * (released pages' free frames) — given the depth of every reference. This is what a release's
 * depth needs, and the critical markers (which only answer references) do not give.
 * docs/performance.md ("OPT: releases and warm-up") derives it; in short:
 *
 * In Mattson's priority stack (priorityStack.ts) a reference to a live page at depth d carries the
 * old top down through positions 1..d − 1, the worse of the carried page and the page met going
 * on. Every non-live page is worse than every live one (OPT evicts a dead page, lowest page
 * number first, before any page it will use again; a hole is a free frame, used first). So the
 * carry passes live pages by, and among the non-live pages above d it is a priority carry of its
 * own: with those pages in position order, the *records* (each worse than all before it) move,
 * each to the position of the next record, the last one to d; the others keep their positions.
 * Dead pages have fixed ranks (page number + 1; holes 0, ties never swap, so a carry stops at the
 * first hole, which the carried page fills), so the non-live pages form a priority stack of their
 * own, driven by the reference depths alone.
 *
 * Moving every record costs what the priority stack costs (on skewed traces the dead pages end up
 * nearly sorted and every one is a record). Kept as a sequence (their order) beside the set of
 * positions they occupy (the i-th in order holds the i-th smallest position), a carry is cheap:
 * the set loses its smallest position and gains d, and in the sequence only a record followed by
 * a page no worse moves (to just before the next record); a strictly decreasing run of records
 * keeps its order. So a carry costs O(log V) per record that moves, found by descents over a treap
 * (implicit keys) whose nodes keep their subtree's smallest rank, first and last rank, and whether
 * it is strictly decreasing; positions are a Fenwick tree. The number of moving records per
 * carry is not bounded by us (each move takes its record past at least one better page, so moves
 * undo inversions that new dead pages and releases create); measured in docs/performance.md.
 */
import { NOT_IN_STACK } from './depthCounters.js';

const HOLE = 0;

/** A treap priority for item `x`: murmur3's finaliser, so that priorities look random whatever the ids. */
function mix(x: number): number {
  let h = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/** Per treap node, eight words side by side (half a cache line): the fields below. */
const NODE = 8;
const LEFT = 0;
const RIGHT = 1;
const PARENT = 2;
/** The subtree's size, and DEC when its ranks strictly decrease in order. */
const SIZE = 3;
const RANK = 4;
/** The subtree's smallest, first and last rank. */
const MIN = 5;
const FIRST = 6;
const LAST = 7;
const DEC = 1 << 30;
const SIZE_MASK = DEC - 1;

export class NonLivePages {
  /** The treap's nodes, one per item (NODE words each); a node's priority is mix(item). */
  private readonly t: Int32Array;
  private readonly inOrder: Uint8Array;
  private root = -1;
  /** Fenwick tree over positions 1..positions.length − 1: which positions non-live pages hold. */
  private readonly positions: Int32Array;
  private readonly highBit: number;
  /** Positions in use (pages and holes): the priority stack's length. */
  private length = 0;

  /** @param items identities (pages, or page incarnations) @param maxPosition the deepest position */
  constructor(items: number, maxPosition: number) {
    this.t = new Int32Array(items * NODE);
    this.inOrder = new Uint8Array(items);
    this.positions = new Int32Array(maxPosition + 2);
    let h = 1;
    while (h * 2 < this.positions.length) h *= 2;
    this.highBit = h;
  }

  // --- the set of positions (Fenwick tree) ---

  private addPosition(at: number, delta: number): void {
    for (let i = at; i < this.positions.length; i += i & -i) this.positions[i]! += delta;
  }

  /** Positions held below `at`. */
  private held(at: number): number {
    let n = 0;
    for (let i = Math.min(at, this.positions.length - 1); i > 0; i -= i & -i) n += this.positions[i]!;
    return n;
  }

  /** The `j`-th smallest position held (1-based). */
  private select(j: number): number {
    let at = 0;
    for (let step = this.highBit; step > 0; step >>= 1) {
      const next = at + step;
      if (next < this.positions.length && this.positions[next]! < j) {
        at = next;
        j -= this.positions[next]!;
      }
    }
    return at + 1;
  }

  // --- the order (treap with implicit keys) ---

  private sizeOf(x: number): number {
    return x < 0 ? 0 : this.t[x * NODE + SIZE]! & SIZE_MASK;
  }

  private left(x: number): number {
    return this.t[x * NODE + LEFT]!;
  }

  private right(x: number): number {
    return this.t[x * NODE + RIGHT]!;
  }

  private parent(x: number): number {
    return this.t[x * NODE + PARENT]!;
  }

  private rank(x: number): number {
    return this.t[x * NODE + RANK]!;
  }

  private setLeft(x: number, l: number): void {
    this.t[x * NODE + LEFT] = l;
  }

  private setRight(x: number, r: number): void {
    this.t[x * NODE + RIGHT] = r;
  }

  /** Whether the ranks of subtree `x` strictly decrease in order. */
  private decreasing(x: number): boolean {
    return (this.t[x * NODE + SIZE]! & DEC) !== 0;
  }

  private update(x: number): void {
    const t = this.t;
    const at = x * NODE;
    const l = t[at + LEFT]!;
    const r = t[at + RIGHT]!;
    const k = t[at + RANK]!;
    let size = 1;
    let min = k;
    let first = k;
    let last = k;
    let dec = DEC;
    if (l >= 0) {
      const bl = l * NODE;
      size += t[bl + SIZE]! & SIZE_MASK;
      if (t[bl + MIN]! < min) min = t[bl + MIN]!;
      first = t[bl + FIRST]!;
      dec = t[bl + SIZE]! & DEC & (t[bl + LAST]! > k ? DEC : 0);
      t[bl + PARENT] = x;
    }
    if (r >= 0) {
      const br = r * NODE;
      size += t[br + SIZE]! & SIZE_MASK;
      if (t[br + MIN]! < min) min = t[br + MIN]!;
      last = t[br + LAST]!;
      dec &= t[br + SIZE]! & DEC & (k > t[br + FIRST]! ? DEC : 0);
      t[br + PARENT] = x;
    }
    t[at + SIZE] = size | dec;
    t[at + MIN] = min;
    t[at + FIRST] = first;
    t[at + LAST] = last;
  }

  private splitLeft = -1;
  private splitRight = -1;

  /** Splits subtree `x` into its first `k` items (splitLeft) and the rest (splitRight). */
  private split(x: number, k: number): void {
    if (x < 0) {
      this.splitLeft = this.splitRight = -1;
      return;
    }
    const l = this.left(x);
    if (this.sizeOf(l) >= k) {
      this.split(l, k);
      this.setLeft(x, this.splitRight);
      this.update(x);
      this.splitRight = x;
    } else {
      this.split(this.right(x), k - this.sizeOf(l) - 1);
      this.setRight(x, this.splitLeft);
      this.update(x);
      this.splitLeft = x;
    }
  }

  private merge(a: number, b: number): number {
    if (a < 0) return b;
    if (b < 0) return a;
    if (mix(a) > mix(b)) {
      this.setRight(a, this.merge(this.right(a), b));
      this.update(a);
      return a;
    }
    this.setLeft(b, this.merge(a, this.left(b)));
    this.update(b);
    return b;
  }

  /** In subtree `x`: the first j with rank(j + 1) ≥ rank(j) (1-based), 0 when the ranks strictly decrease. */
  private firstNonDecrease(x: number): number {
    const t = this.t;
    for (let base = 0; ; ) {
      const l = this.left(x);
      const r = this.right(x);
      if (l >= 0) {
        if (!this.decreasing(l)) {
          x = l;
          continue;
        }
        if (t[l * NODE + LAST]! <= this.rank(x)) return base + this.sizeOf(l);
      }
      base += this.sizeOf(l) + 1;
      if (r < 0) return 0;
      if (this.rank(x) <= t[r * NODE + FIRST]!) return base;
      if (this.decreasing(r)) return 0;
      x = r;
    }
  }

  /** In subtree `x`: the first item (1-based) with rank below `k`, 0 when none. */
  private firstBelow(x: number, k: number): number {
    const t = this.t;
    if (x < 0 || t[x * NODE + MIN]! >= k) return 0;
    for (let base = 0; ; ) {
      const l = this.left(x);
      if (l >= 0 && t[l * NODE + MIN]! < k) {
        x = l;
        continue;
      }
      base += this.sizeOf(l) + 1;
      if (this.rank(x) < k) return base;
      x = this.right(x);
    }
  }

  private indexOf(x: number): number {
    let i = this.sizeOf(this.left(x)) + 1;
    for (let y = x; this.parent(y) >= 0; ) {
      const p = this.parent(y);
      if (this.right(p) === y) i += this.sizeOf(this.left(p)) + 1;
      y = p;
    }
    return i;
  }

  private setRoot(x: number): void {
    this.root = x;
    if (x >= 0) this.t[x * NODE + PARENT] = -1;
  }

  /**
   * A reference found a live page (or a page not in the stack: `depth` NOT_IN_STACK) at `depth`;
   * `dies` gives its identity when this is its last reference (it becomes a dead page on top), else -1.
   */
  reference(depth: number, dies: number, deadRank: number): void {
    const total = this.sizeOf(this.root);
    const k = depth === NOT_IN_STACK ? total : this.held(depth - 1);
    if (depth === NOT_IN_STACK && (k === 0 || this.t[this.root * NODE + MIN] !== HOLE)) this.length++;
    if (k > 0) this.carry(k, depth);
    if (dies >= 0) {
      const x = dies;
      this.setLeft(x, -1);
      this.setRight(x, -1);
      this.t[x * NODE + RANK] = deadRank;
      this.inOrder[x] = 1;
      this.update(x);
      this.setRoot(this.merge(x, this.root));
      this.addPosition(1, 1);
    }
  }

  /** The priority carry through the first `k` non-live pages, the last one carried to `depth`. */
  private carry(k: number, depth: number): void {
    // Most carries move no record in the order (the first k pages strictly decrease): only the positions change.
    this.moveRecords(k, this.firstNonDecrease(this.root));
    this.addPosition(this.select(1), -1);
    if (depth !== NOT_IN_STACK) {
      this.addPosition(depth, 1);
      return;
    }
    // The last record is carried to the bottom: a hole there is filled (it leaves), a dead page takes the new last position.
    let last = this.root;
    while (this.right(last) >= 0) last = this.right(last);
    if (this.rank(last) !== HOLE) {
      this.addPosition(this.length, 1);
      return;
    }
    this.split(this.root, k - 1);
    this.setRoot(this.splitLeft);
    this.inOrder[last] = 0;
  }

  /** Moves each record of the first `k` pages that a no worse page follows to just before the next record (the last one to k). */
  private moveRecords(k: number, j: number): void {
    while (j !== 0 && j < k) {
      const record = this.nodeAt(j);
      const t = this.firstBelowFrom(this.root, 0, j + 1, this.rank(record));
      this.remove(record);
      // The next record is now at t − 1: the moved one goes just before it.
      this.setRoot(this.insertAt(this.root, record, t === 0 || t > k ? k : t - 1));
      if (t === 0 || t >= k) return;
      j = this.firstNonDecreaseFrom(this.root, 0, t);
    }
  }

  /** The item at index `j` (1-based). */
  private nodeAt(j: number): number {
    let x = this.root;
    for (;;) {
      const ls = this.sizeOf(this.left(x));
      if (j <= ls) x = this.left(x);
      else if (j === ls + 1) return x;
      else {
        j -= ls + 1;
        x = this.right(x);
      }
    }
  }

  /** Takes item `x` out of the order. */
  private remove(x: number): void {
    const m = this.merge(this.left(x), this.right(x));
    const p = this.parent(x);
    if (p < 0) {
      this.setRoot(m);
      return;
    }
    if (this.left(p) === x) this.setLeft(p, m);
    else this.setRight(p, m);
    for (let y = p; y >= 0; y = this.parent(y)) this.update(y);
  }

  /** Puts item `x` at index `i` (1-based) of subtree `y`; returns the subtree's root. */
  private insertAt(y: number, x: number, i: number): number {
    if (y < 0 || mix(x) > mix(y)) {
      this.split(y, i - 1);
      this.setLeft(x, this.splitLeft);
      this.setRight(x, this.splitRight);
      this.update(x);
      return x;
    }
    const ls = this.sizeOf(this.left(y));
    if (i <= ls + 1) this.setLeft(y, this.insertAt(this.left(y), x, i));
    else this.setRight(y, this.insertAt(this.right(y), x, i - ls - 1));
    this.update(y);
    return y;
  }

  /** In subtree `x` whose first item has index base + 1: the first j ≥ i with rank(j + 1) ≥ rank(j), 0 when none. */
  private firstNonDecreaseFrom(x: number, base: number, i: number): number {
    if (x < 0 || base + this.sizeOf(x) - 1 < i) return 0;
    if (base + 1 >= i) return this.decreasing(x) ? 0 : base + this.firstNonDecrease(x);
    const l = this.left(x);
    const r = this.right(x);
    const at = base + this.sizeOf(l) + 1;
    const inLeft = this.firstNonDecreaseFrom(l, base, i);
    if (inLeft !== 0) return inLeft;
    if (l >= 0 && at - 1 >= i && this.t[l * NODE + LAST]! <= this.rank(x)) return at - 1;
    if (r >= 0 && at >= i && this.rank(x) <= this.t[r * NODE + FIRST]!) return at;
    return this.firstNonDecreaseFrom(r, at, i);
  }

  /** In subtree `x` whose first item has index base + 1: the first index ≥ i with rank below `k`, 0 when none. */
  private firstBelowFrom(x: number, base: number, i: number, k: number): number {
    if (x < 0 || this.t[x * NODE + MIN]! >= k || base + this.sizeOf(x) < i) return 0;
    if (base + 1 >= i) return base + this.firstBelow(x, k);
    const l = this.left(x);
    const at = base + this.sizeOf(l) + 1;
    const inLeft = this.firstBelowFrom(l, base, i, k);
    if (inLeft !== 0) return inLeft;
    if (at >= i && this.rank(x) < k) return at;
    return this.firstBelowFrom(this.right(x), at, i, k);
  }

  /** A release of dead page `x`: its depth (NOT_IN_STACK when not in the stack); it becomes a hole. */
  release(x: number): number {
    if (!this.inOrder[x]) return NOT_IN_STACK;
    const depth = this.select(this.indexOf(x));
    this.t[x * NODE + RANK] = HOLE;
    for (let y = x; y >= 0; y = this.parent(y)) this.update(y);
    return depth;
  }

  /** Every dead page (not holes) with its depth. */
  forEachDead(fn: (x: number, depth: number) => void): void {
    let j = 0;
    const visit = (x: number): void => {
      if (x < 0) return;
      visit(this.left(x));
      j++;
      if (this.rank(x) !== HOLE) fn(x, this.select(j));
      visit(this.right(x));
    };
    visit(this.root);
  }
}
