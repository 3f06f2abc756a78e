/**
 * A FIFO of resident pages followed by a FIFO of ghosts (identifiers remembered after eviction), as
 * one ring of pages (pageRing.ts): a resident page leaves the resident part only at its oldest end,
 * to become the newest ghost where it stands, so the boundary between the parts is the ring's mark
 * (ghosts from the tail to the mark, residents from the mark to the head). 2Q's A1in/A1out and
 * S3-FIFO's small queue and its ghosts have this shape; ARC's T1/B1, whose resident part is an LRU
 * list, keeps the linked SplitList. Pages leaving from the middle (released, moved to another
 * queue, a remembered ghost referenced again) leave holes.
 */
import { PageRing } from './pageRing.js';

export class SplitRing {
  private readonly ring: PageRing;
  resident = 0;
  ghosts = 0;

  /** A ring for at most `most` pages, residents and ghosts together; `slotOf` per page, shared with the policy's other rings. */
  constructor(most: number, slotOf: Int32Array) {
    this.ring = new PageRing(most, slotOf);
    this.ring.mark = 0;
  }

  holdUpTo(most: number): void {
    this.ring.holdUpTo(most);
  }

  /** Adds p as the newest resident page. */
  pushResident(p: number): void {
    this.ring.append(p);
    this.resident++;
  }

  /** The oldest resident page (there must be one). */
  oldestResident(): number {
    const ring = this.ring;
    return ring.slots[ring.liveFrom(ring.mark)]!;
  }

  /** Turns the oldest resident page into the newest ghost (where it stands) and returns it. */
  demoteOldest(): number {
    const ring = this.ring;
    const at = ring.liveFrom(ring.mark);
    ring.mark = ring.next(at);
    this.resident--;
    this.ghosts++;
    return ring.slots[at]!;
  }

  removeResident(p: number): void {
    this.ring.punch(p);
    this.resident--;
  }

  removeGhost(p: number): void {
    this.ring.punch(p);
    this.ghosts--;
  }

  /** Forgets the oldest ghost and returns it (there must be one). */
  dropOldestGhost(): number {
    this.ghosts--;
    return this.ring.popOldest();
  }

  /** The resident pages, oldest first. */
  residentPages(): number[] {
    return this.ring.pages(this.ring.mark);
  }
}
