/**
 * Several intrusive doubly-linked lists of pages sharing one pair of link arrays (8 bytes per page
 * however many lists): a page is in at most one of them at a time, as in the kernel's LRU lists and
 * MGLRU's generations. List k's sentinel is index pageCount + k; its front is the head (newest).
 * Membership is tracked by the caller.
 */
export class ListSet {
  readonly prev: Int32Array;
  readonly next: Int32Array;
  readonly sizes: Int32Array;
  private readonly base: number;

  constructor(pageCount: number, lists: number) {
    this.base = pageCount;
    this.prev = new Int32Array(pageCount + lists);
    this.next = new Int32Array(pageCount + lists);
    this.sizes = new Int32Array(lists);
    for (let k = 0; k < lists; k++) {
      this.prev[pageCount + k] = pageCount + k;
      this.next[pageCount + k] = pageCount + k;
    }
  }

  /** The oldest page of list k, or -1 when it is empty. */
  back(k: number): number {
    const s = this.base + k;
    const b = this.prev[s]!;
    return b === s ? -1 : b;
  }

  pushFront(k: number, p: number): void {
    const s = this.base + k;
    const f = this.next[s]!;
    this.prev[p] = s;
    this.next[p] = f;
    this.prev[f] = p;
    this.next[s] = p;
    this.sizes[k]++;
  }

  pushBack(k: number, p: number): void {
    const s = this.base + k;
    const b = this.prev[s]!;
    this.next[p] = s;
    this.prev[p] = b;
    this.next[b] = p;
    this.prev[s] = p;
    this.sizes[k]++;
  }

  /** Unlinks p from list k. */
  remove(k: number, p: number): void {
    const a = this.prev[p]!;
    const b = this.next[p]!;
    this.next[a] = b;
    this.prev[b] = a;
    this.sizes[k]--;
  }

  /** The pages of list k from head to tail. */
  toArray(k: number): number[] {
    const out: number[] = [];
    const s = this.base + k;
    for (let p = this.next[s]!; p !== s; p = this.next[p]!) out.push(p);
    return out;
  }
}
