/**
 * An indexed 4-ary min-heap of pages ordered by two numeric keys (primary, then tie-break), shared
 * by the priority policies (LRU-K on the K-th reference time, LFU on the count). Keys live inline
 * beside the page in the heap's slots, so comparisons touch no per-page array; four children per
 * node halve the depth of a binary heap, and so the scattered position writes of each sift. Per
 * page the heap costs only its position (4 bytes). `pos[p]` is the slot of p, or a negative value when p is not in
 * the heap: the heap writes -1 on removal, and callers may store other negative markers there.
 */
export class PageHeap {
  readonly pos: Int32Array;
  private page: Int32Array;
  private k1: Float64Array;
  private k2: Float64Array;
  size = 0;

  /** `capacity`: the most pages the heap will hold (never more than there are pages). */
  constructor(capacity: number, pageCount: number) {
    const slots = Math.max(1, Math.min(capacity, pageCount));
    this.pos = new Int32Array(pageCount).fill(-1);
    this.page = new Int32Array(slots);
    this.k1 = new Float64Array(slots);
    this.k2 = new Float64Array(slots);
  }

  /** Makes room for `capacity` pages (a policy's memory grew); never shrinks. */
  reserve(capacity: number): void {
    const slots = Math.min(capacity, this.pos.length);
    if (slots <= this.page.length) return;
    const grow = <T extends Int32Array | Float64Array>(old: T, next: T): T => (next.set(old), next);
    this.page = grow(this.page, new Int32Array(slots));
    this.k1 = grow(this.k1, new Float64Array(slots));
    this.k2 = grow(this.k2, new Float64Array(slots));
  }

  /** The page with the smallest keys (the heap must not be empty). */
  min(): number {
    return this.page[0]!;
  }

  push(p: number, key: number, tie: number): void {
    this.siftUp(this.size++, p, key, tie);
  }

  /** Gives p (in the heap) new keys and restores the order. */
  update(p: number, key: number, tie: number): void {
    const k = this.pos[p]!;
    if (key > this.k1[k]! || (key === this.k1[k]! && tie > this.k2[k]!)) this.siftDown(k, p, key, tie);
    else this.siftUp(k, p, key, tie);
  }

  remove(p: number): void {
    const k = this.pos[p]!;
    this.pos[p] = -1;
    const last = --this.size;
    if (k === last) return;
    const q = this.page[last]!;
    const key = this.k1[last]!;
    const tie = this.k2[last]!;
    if (k > 0 && this.less(key, tie, (k - 1) >> 2)) this.siftUp(k, q, key, tie);
    else this.siftDown(k, q, key, tie);
  }

  /** Removes the minimum and puts p in its place in one sift (a fault that evicts the minimum); returns the page removed. */
  replaceMin(p: number, key: number, tie: number): number {
    const old = this.page[0]!;
    this.pos[old] = -1;
    this.siftDown(0, p, key, tie);
    return old;
  }

  popMin(): number {
    const p = this.page[0]!;
    this.remove(p);
    return p;
  }

  toArray(): number[] {
    return Array.from(this.page.subarray(0, this.size));
  }

  private less(key: number, tie: number, slot: number): boolean {
    const k = this.k1[slot]!;
    return key < k || (key === k && tie < this.k2[slot]!);
  }

  private place(slot: number, p: number, key: number, tie: number): void {
    this.page[slot] = p;
    this.k1[slot] = key;
    this.k2[slot] = tie;
    this.pos[p] = slot;
  }

  private siftUp(slot: number, p: number, key: number, tie: number): void {
    while (slot > 0) {
      const parent = (slot - 1) >> 2;
      if (!this.less(key, tie, parent)) break;
      this.place(slot, this.page[parent]!, this.k1[parent]!, this.k2[parent]!);
      slot = parent;
    }
    this.place(slot, p, key, tie);
  }

  private siftDown(slot: number, p: number, key: number, tie: number): void {
    const n = this.size;
    const k1 = this.k1;
    const k2 = this.k2;
    for (;;) {
      const first = 4 * slot + 1;
      if (first >= n) break;
      let best = first;
      const end = Math.min(first + 4, n);
      for (let c = first + 1; c < end; c++) {
        if (k1[c]! < k1[best]! || (k1[c] === k1[best] && k2[c]! < k2[best]!)) best = c;
      }
      if (!(k1[best]! < key || (k1[best] === key && k2[best]! < tie))) break;
      this.place(slot, this.page[best]!, k1[best]!, k2[best]!);
      slot = best;
    }
    this.place(slot, p, key, tie);
  }
}
