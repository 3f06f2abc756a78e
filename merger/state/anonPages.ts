/**
 * Anonymous page identities. An identity exists from the moment an address space can reach the
 * page (first touch, copy-on-write break) and is shared by every page-table entry that points at
 * it (fork via `D`). It gets its canonical number at its first reference (-1 until then) and dies
 * when the last entry pointing at it goes. Slots are recycled, so memory follows live pages.
 */
export class AnonPages {
  /** Canonical page of each slot, or -1 before its first reference. */
  canon = new Float64Array(1024);
  /** Page-table entries that point at each slot. */
  private users = new Int32Array(1024);
  /** 1 for an identity that came into being while reference tracing was off (touched before its window). */
  earlier = new Uint8Array(1024);
  private free = new Int32Array(1024);
  private freeCount = 0;
  private used = 0;

  /** A new identity with one user; `earlier`: it comes into being while reference tracing is off. */
  create(earlier = false): number {
    let slot: number;
    if (this.freeCount > 0) slot = this.free[--this.freeCount]!;
    else {
      slot = this.used++;
      if (slot === this.canon.length) this.grow();
    }
    this.canon[slot] = -1;
    this.users[slot] = 1;
    this.earlier[slot] = earlier ? 1 : 0;
    return slot;
  }

  retain(slot: number): void {
    this.users[slot]!++;
  }

  /** Drops one user; returns the canonical page when that killed an identity that had appeared, else -1. */
  drop(slot: number): number {
    if (--this.users[slot]! > 0) return -1;
    const page = this.canon[slot]!;
    if (this.freeCount === this.free.length) {
      const grown = new Int32Array(this.free.length * 2);
      grown.set(this.free);
      this.free = grown;
    }
    this.free[this.freeCount++] = slot;
    return page;
  }

  /** Identities alive now. */
  get live(): number {
    return this.used - this.freeCount;
  }

  private grow(): void {
    const n = this.canon.length * 2;
    const canon = new Float64Array(n);
    canon.set(this.canon);
    this.canon = canon;
    const users = new Int32Array(n);
    users.set(this.users);
    this.users = users;
    const earlier = new Uint8Array(n);
    earlier.set(this.earlier);
    this.earlier = earlier;
  }
}
