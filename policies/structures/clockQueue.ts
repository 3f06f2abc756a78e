/**
 * CLOCK's queue as a circular list with a hand at its head (moving the head to the tail is one step
 * of the hand; a release unlinks its page): resident pages, each with a reference bit. CLOCK-Pro
 * builds on it; CLOCK, GCLOCK and SEGQ's active segment sweep a ring of pages instead (gclock.ts,
 * segq.ts, pageRing.ts).
 */
export class ClockQueue {
  readonly prev: Int32Array;
  readonly next: Int32Array;
  readonly ref: Uint8Array;
  /** The head of the queue (-1 when empty); its predecessor is the tail. */
  hand = -1;
  size = 0;

  constructor(pageCount: number) {
    this.prev = new Int32Array(pageCount);
    this.next = new Int32Array(pageCount);
    this.ref = new Uint8Array(pageCount);
  }

  /** Appends `p` at the tail (just behind the hand) with reference bit `bit`. */
  append(p: number, bit: number): void {
    this.ref[p] = bit;
    const h = this.hand;
    if (h < 0) {
      this.prev[p] = p;
      this.next[p] = p;
      this.hand = p;
    } else {
      const t = this.prev[h]!;
      this.prev[p] = t;
      this.next[p] = h;
      this.next[t] = p;
      this.prev[h] = p;
    }
    this.size++;
  }

  remove(p: number): void {
    if (this.size === 1) {
      this.hand = -1;
    } else {
      const a = this.prev[p]!;
      const b = this.next[p]!;
      this.next[a] = b;
      this.prev[b] = a;
      if (this.hand === p) this.hand = b;
    }
    this.size--;
  }

  /** Sweeps from the head giving second chances and removes and returns the victim. */
  takeVictim(): number {
    const next = this.next;
    const ref = this.ref;
    let h = this.hand;
    while (ref[h] !== 0) {
      ref[h] = 0;
      h = next[h]!;
    }
    this.hand = h;
    this.remove(h);
    return h;
  }

  /** The pages from head to tail. */
  toArray(): number[] {
    const out: number[] = [];
    for (let k = 0, p = this.hand; k < this.size; k++, p = this.next[p]!) out.push(p);
    return out;
  }
}
