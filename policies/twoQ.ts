/**
 * 2Q, the full version (Johnson & Shasha, "2Q: a low overhead high performance buffer management
 * replacement algorithm", VLDB 1994), as docs/policies.md ("2Q") transcribes it: A1in (a FIFO of
 * resident pages seen once), A1out (a FIFO of the identifiers paged out of A1in) and Am (an LRU of
 * resident pages seen again). Kin = max(1, floor(B × kin)) and Kout = max(1, floor(B × kout)), with
 * the paper's recommended 25% and 50%.
 *  - Am hit: move to the head of Am. A1in hit: nothing (correlated references).
 *  - A1out hit: X leaves A1out *before* reclaiming a frame (otherwise the A1out trim inside
 *    reclaimfor can drop X itself), then X goes to the head of Am.
 *  - Other miss: reclaim a frame, X goes to the head of A1in.
 *  - reclaimfor: a free frame if any; else if |A1in| > Kin, or Am is empty, page out A1in's tail
 *    and remember it at the head of A1out (trimmed to Kout); else page out Am's tail (forgotten).
 * A1in followed by A1out is one FIFO, a ring of pages (structures/splitRing.ts; a page leaves A1in
 * only at its oldest end, becoming A1out's newest identifier where it stands); Am is a linked LRU
 * list. A released page is forgotten, from whichever queue holds it. O(1) amortised per reference.
 *
 * Resize (local allocations): Kin and Kout are recomputed from the new B by the same formulas (the
 * paper states them as fractions of the buffer). Growing evicts nothing. Shrinking pages out what
 * reclaimfor would with no free frame, once per page too many; then A1out is trimmed to the new
 * Kout, oldest identifiers first.
 */
import { RELEASE_BIT } from '../traces/operations.js';
import { PageList } from './structures/pageList.js';
import type { MemoryEvents, PolicyDefinition, PolicyInstance, PolicySetup, TraceView } from './policy.js';
import { SplitRing } from './structures/splitRing.js';

const NONE = 0;
const A1IN = 1;
const A1OUT = 2;
const AM = 3;

class TwoQ implements PolicyInstance {
  /** A1in followed by A1out. */
  private readonly a1: SplitRing;
  private readonly am: PageList;
  private readonly state: Uint8Array;
  private kin = 0;
  private kout = 0;
  private frames = 0;

  constructor(frames: number, pageCount: number, private readonly kinShare: number, private readonly koutShare: number) {
    this.am = new PageList(pageCount);
    this.state = new Uint8Array(pageCount);
    this.setSize(frames);
    this.a1 = new SplitRing(this.a1Most(), new Int32Array(pageCount));
  }

  private setSize(frames: number): void {
    this.frames = frames;
    this.kin = Math.max(1, Math.floor(frames * this.kinShare));
    this.kout = Math.max(1, Math.floor(frames * this.koutShare));
  }

  /** The most pages A1in and A1out hold at once: the frames, Kout ghosts and one being dropped. */
  private a1Most(): number {
    return this.frames + this.kout + 1;
  }

  resize(frames: number, events: MemoryEvents): void {
    this.setSize(frames);
    this.a1.holdUpTo(this.a1Most());
    while (this.a1.resident + this.am.size > frames) this.pageOut(events);
    while (this.a1.ghosts > this.kout) this.state[this.a1.dropOldestGhost()] = NONE;
  }

  replay(view: TraceView, from: number, to: number, events: MemoryEvents): void {
    const { pages, codes } = view;
    const { a1, am, state } = this;
    for (let i = from; i < to; i++) {
      const x = pages[i]!;
      const c = codes[i]!;
      const s = state[x]!;
      if (c & RELEASE_BIT) {
        if (s === A1IN) a1.removeResident(x);
        else if (s === A1OUT) a1.removeGhost(x);
        else if (s === AM) am.remove(x);
        state[x] = NONE;
        events.release(x, s === A1IN || s === AM);
      } else if (s === AM) {
        am.moveToFront(x);
        events.hit(c, x);
      } else if (s === A1IN) {
        events.hit(c, x);
      } else {
        if (s === A1OUT) a1.removeGhost(x);
        this.reclaim(events);
        if (s === A1OUT) {
          am.pushFront(x);
          state[x] = AM;
        } else {
          a1.pushResident(x);
          state[x] = A1IN;
        }
        events.fault(c, x);
      }
    }
  }

  private reclaim(events: MemoryEvents): void {
    if (this.a1.resident + this.am.size >= this.frames) this.pageOut(events);
  }

  /** reclaimfor with no free frame: A1in's tail to A1out, or Am's tail out of memory. */
  private pageOut(events: MemoryEvents): void {
    const { a1, am, state } = this;
    if (a1.resident > this.kin || am.size === 0) {
      const y = a1.demoteOldest();
      state[y] = A1OUT;
      events.evict(y);
      if (a1.ghosts > this.kout) state[a1.dropOldestGhost()] = NONE;
    } else {
      const y = am.popBack();
      state[y] = NONE;
      events.evict(y);
    }
  }

  residentPages(): number[] {
    return [...this.a1.residentPages(), ...this.am.toArray()];
  }
}

export const twoQPolicy: PolicyDefinition<{ kin: number; kout: number }> = {
  name: '2q',
  aliases: ['twoq'],
  summary: 'Full 2Q: a FIFO for pages seen once, a ghost FIFO of their identifiers, an LRU for pages seen again',
  source: 'Johnson & Shasha, VLDB 1994; docs/policies.md',
  params: [
    { name: 'kin', type: 'number', default: 0.25, min: 0, max: 1, description: 'A1in threshold as a fraction of memory: Kin = max(1, floor(M × kin))' },
    { name: 'kout', type: 'number', default: 0.5, min: 0, description: 'A1out length as a fraction of memory: Kout = max(1, floor(M × kout))' },
  ],
  create: (setup: PolicySetup, params) => new TwoQ(setup.frames, setup.pageCount, params.kin, params.kout),
};
