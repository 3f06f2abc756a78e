/**
 * A FIFO of pages as a ring buffer: pages are appended at the head and leave from the tail, and a
 * page that leaves from anywhere else (released, moved to another queue, evicted by a hand that
 * leaves survivors in place) leaves a hole in its slot. Consecutive appends and removals touch
 * consecutive slots, where a linked list (pageList.ts) unlinks and links through neighbours'
 * words scattered over per-page arrays: FIFO, SIEVE, S3-FIFO, GCLOCK, CLOCK, SEGQ's active
 * segment and 2Q's A1in/A1out replay on rings.
 *
 * `slotOf` (per page, shared by the rings of one policy: a page is in at most one) says where each
 * page was appended, so that it can be punched out. Holes at the tail are dropped as it moves on;
 * when the ring is full the live entries are squeezed to its start, in order. A ring of twice the
 * pages it holds at once, and two slots more, is then at least half holes, so squeezes cost O(1)
 * amortised per append.
 * `mark` is one position that squeezes carry along (-1: none): S3-FIFO's boundary between ghosts
 * and small residents in one ring, SIEVE's hand.
 */
export const HOLE = -1;

function capacityFor(most: number): number {
  return 2 * most + 2;
}

export class PageRing {
  slots: Int32Array;
  /** The slot of the oldest entry. */
  tail = 0;
  /** Entries from the tail on, holes included. */
  entries = 0;
  /** A slot within [tail, end()] carried along by squeezes, or -1. */
  mark = -1;

  /** A ring for at most `most` pages at once (twice that many slots, and two). */
  constructor(
    most: number,
    private readonly slotOf: Int32Array,
  ) {
    this.slots = new Int32Array(capacityFor(most));
  }

  /** Makes room for `most` pages at once (growing only: a ring never holds fewer slots). */
  holdUpTo(most: number): void {
    if (capacityFor(most) > this.slots.length) this.squeeze(capacityFor(most));
  }

  /** The slot one past the newest entry (where the next append goes). */
  end(): number {
    const e = this.tail + this.entries;
    return e < this.slots.length ? e : e - this.slots.length;
  }

  next(slot: number): number {
    return slot + 1 === this.slots.length ? 0 : slot + 1;
  }

  /**
   * Appends `p` at the head (squeezing out the holes first when the ring would be full: one slot
   * stays free, so that the end is never the tail and a mark there is unambiguous).
   */
  append(p: number): void {
    if (this.entries + 1 === this.slots.length) this.squeeze(this.slots.length);
    const at = this.end();
    this.slots[at] = p;
    this.slotOf[p] = at;
    this.entries++;
  }

  /** Leaves a hole where `p` (in this ring) is. */
  punch(p: number): void {
    this.slots[this.slotOf[p]!] = HOLE;
  }

  /** Drops the holes at the tail (the mark, if there, moves on with it). */
  trimTail(): void {
    while (this.entries > 0 && this.slots[this.tail] === HOLE) {
      if (this.tail === this.mark) this.mark = this.next(this.tail);
      this.tail = this.next(this.tail);
      this.entries--;
    }
  }

  /** Removes and returns the oldest page (there must be one). */
  popOldest(): number {
    this.trimTail();
    const p = this.slots[this.tail]!;
    if (this.tail === this.mark) this.mark = this.next(this.tail);
    this.tail = this.next(this.tail);
    this.entries--;
    return p;
  }

  /**
   * A CLOCK hand at the tail (the ring read as a circular queue from its tail round to its head):
   * pops pages, decrementing each non-zero `count` and appending the page again — where it stands
   * in the circular order once the hand is past it — and removes and returns the first page whose
   * count is zero. CLOCK's reference bits are counts of 0 and 1. There must be a page.
   */
  sweep(count: Uint8Array): number {
    let p = this.popOldest();
    while (count[p] !== 0) {
      count[p]!--;
      this.append(p);
      p = this.popOldest();
    }
    return p;
  }

  /** The first slot from `slot` on that holds a page (there must be one before the end). */
  liveFrom(slot: number): number {
    while (this.slots[slot] === HOLE) slot = this.next(slot);
    return slot;
  }

  /**
   * Rewrites the live entries, in order, from slot 0 of a ring of `capacity` slots (more than the
   * live entries); the mark moves to where the first page at or after it lands.
   */
  squeeze(capacity: number): void {
    const slots = new Int32Array(capacity);
    let n = 0;
    let mark = -1;
    for (let k = 0, at = this.tail; k < this.entries; k++, at = this.next(at)) {
      if (at === this.mark) mark = n;
      const p = this.slots[at]!;
      if (p === HOLE) continue;
      slots[n] = p;
      this.slotOf[p] = n++;
    }
    if (this.mark >= 0 && mark < 0) mark = n; // the mark stood at the end
    this.slots = slots;
    this.tail = 0;
    this.entries = n;
    this.mark = mark;
  }

  /** The pages from slot `from` (within [tail, end()], by default the tail) to the head, oldest first. */
  pages(from = this.tail): number[] {
    const out: number[] = [];
    for (let at = from; at !== this.end(); at = this.next(at)) {
      if (this.slots[at] !== HOLE) out.push(this.slots[at]!);
    }
    return out;
  }
}
