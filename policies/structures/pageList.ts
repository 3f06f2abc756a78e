/**
 * An intrusive doubly-linked list of pages on typed arrays (8 bytes per page), shared by the
 * queue-based policies. The sentinel is index `pageCount`; front = most recently inserted end.
 * Membership is tracked by the caller (a page must be in at most one PageList at a time).
 */
export class PageList {
  readonly prev: Int32Array;
  readonly next: Int32Array;
  readonly sentinel: number;
  size = 0;

  constructor(pageCount: number) {
    this.prev = new Int32Array(pageCount + 1);
    this.next = new Int32Array(pageCount + 1);
    this.sentinel = pageCount;
    this.prev[pageCount] = pageCount;
    this.next[pageCount] = pageCount;
  }

  /** The front (most recently pushed) page, or -1 when empty. */
  front(): number {
    const f = this.next[this.sentinel]!;
    return f === this.sentinel ? -1 : f;
  }

  /** The back (oldest) page, or -1 when empty. */
  back(): number {
    const b = this.prev[this.sentinel]!;
    return b === this.sentinel ? -1 : b;
  }

  pushFront(p: number): void {
    const s = this.sentinel;
    const f = this.next[s]!;
    this.prev[p] = s;
    this.next[p] = f;
    this.prev[f] = p;
    this.next[s] = p;
    this.size++;
  }

  pushBack(p: number): void {
    const s = this.sentinel;
    const b = this.prev[s]!;
    this.next[p] = s;
    this.prev[p] = b;
    this.next[b] = p;
    this.prev[s] = p;
    this.size++;
  }

  remove(p: number): void {
    const a = this.prev[p]!;
    const b = this.next[p]!;
    this.next[a] = b;
    this.prev[b] = a;
    this.size--;
  }

  /** Removes and returns the back page (the list must not be empty). */
  popBack(): number {
    const b = this.prev[this.sentinel]!;
    this.remove(b);
    return b;
  }

  moveToFront(p: number): void {
    const s = this.sentinel;
    if (this.next[s] === p) return;
    const a = this.prev[p]!;
    const b = this.next[p]!;
    this.next[a] = b;
    this.prev[b] = a;
    const f = this.next[s]!;
    this.prev[p] = s;
    this.next[p] = f;
    this.prev[f] = p;
    this.next[s] = p;
  }

  /** The pages from front to back. */
  toArray(): number[] {
    const out: number[] = [];
    for (let p = this.next[this.sentinel]!; p !== this.sentinel; p = this.next[p]!) out.push(p);
    return out;
  }
}
