/**
 * SEGQ, the segmented queue (Babaoglu & Ferrari, "Two-level replacement decisions in paging
 * stores", IEEE Transactions on Computers C-32(12), 1983; the structure of Linux's active/inactive
 * lists), exactly as docs/policies.md ("SEGQ") defines it. The inactive segment holds I = floor(M × inactive)
 * frames, capped at M − 1 so the active segment keeps at least one; the active segment A = M − I.
 * Active is CLOCK (the victim is chosen before the new page is appended with its bit
 * set), or FIFO with `active=fifo`; inactive is LRU, its pages unmapped.
 *  - active page referenced: a hit (CLOCK sets the bit);
 *  - inactive page referenced: a soft fault (a trap, no I/O) — it leaves inactive; if active is
 *    full, active's victim moves to inactive's MRU end; the page joins active;
 *  - other page: a hard fault — if active is full, active's victim moves to inactive's MRU end; if
 *    inactive now holds more than I pages its LRU page leaves memory; the page joins active.
 * Limits: inactive = 0 is CLOCK (or FIFO); a one-frame active segment is LRU. A released page frees
 * its frame in whichever segment holds it. The active segment is a ring of pages whose tail is
 * CLOCK's hand (structures/pageRing.ts, as CLOCK's own), the inactive one a linked LRU list.
 * 14 bytes per page and 8 per frame.
 *
 * Resize (local allocations): I and A are recomputed for the new size by the same rule. Growing
 * moves nothing (both segments can only grow). Shrinking does what the fault path does on overflow:
 * while active holds more than A pages its victim moves to inactive's MRU end, then while inactive
 * holds more than I pages its LRU page leaves memory — the invariants a fault keeps (active ≤ A,
 * inactive ≤ I) hold again, so the pages fit.
 */
import { RELEASE_BIT } from '../traces/operations.js';
import { PageList } from './structures/pageList.js';
import { PageRing } from './structures/pageRing.js';
import type { MemoryEvents, PolicyDefinition, PolicyInstance, PolicySetup, TraceView } from './policy.js';

const ABSENT = 0;
const ACTIVE = 1;
const INACTIVE = 2;

class Segq implements PolicyInstance {
  /** The active CLOCK's circular queue from the hand (the ring's tail) round to the page just behind it. */
  private readonly active: PageRing;
  /** Active pages' reference bits. */
  private readonly ref: Uint8Array;
  private activeSize = 0;
  private readonly inactive: PageList;
  private readonly where: Uint8Array;
  private activeFrames = 0;
  private inactiveFrames = 0;
  /** Reference bit given on insertion and on a hit: 1 for CLOCK, 0 makes the queue FIFO. */
  private readonly bit: number;

  constructor(frames: number, pageCount: number, private readonly inactiveShare: number, clock: boolean) {
    this.setSegments(frames);
    this.active = new PageRing(frames, new Int32Array(pageCount));
    this.ref = new Uint8Array(pageCount);
    this.inactive = new PageList(pageCount);
    this.where = new Uint8Array(pageCount);
    this.bit = clock ? 1 : 0;
  }

  replay(view: TraceView, from: number, to: number, events: MemoryEvents): void {
    const { pages, codes } = view;
    const { active, ref, inactive, where, bit, activeFrames, inactiveFrames } = this;
    for (let i = from; i < to; i++) {
      const p = pages[i]!;
      const c = codes[i]!;
      const w = where[p]!;
      if (c & RELEASE_BIT) {
        if (w === ACTIVE) {
          active.punch(p);
          this.activeSize--;
        } else if (w === INACTIVE) inactive.remove(p);
        where[p] = ABSENT;
        events.release(p, w !== ABSENT);
      } else if (w === ACTIVE) {
        ref[p] = bit;
        events.hit(c, p);
      } else {
        if (w === INACTIVE) inactive.remove(p);
        if (this.activeSize >= activeFrames) this.demote();
        if (w === ABSENT && inactive.size > inactiveFrames) this.evictInactive(events);
        active.append(p);
        this.activeSize++;
        ref[p] = bit;
        where[p] = ACTIVE;
        if (w === INACTIVE) events.softFault(c, p);
        else events.fault(c, p);
      }
    }
  }

  private setSegments(frames: number): void {
    this.inactiveFrames = Math.min(Math.floor(frames * this.inactiveShare), frames - 1);
    this.activeFrames = frames - this.inactiveFrames;
  }

  /** Active's victim (CLOCK's sweep on the ring, PageRing.sweep) moves to inactive's MRU end. */
  private demote(): void {
    const d = this.active.sweep(this.ref);
    this.activeSize--;
    this.where[d] = INACTIVE;
    this.inactive.pushFront(d);
  }

  private evictInactive(events: MemoryEvents): void {
    const v = this.inactive.popBack();
    this.where[v] = ABSENT;
    events.evict(v);
  }

  resize(frames: number, events: MemoryEvents): void {
    this.setSegments(frames);
    this.active.holdUpTo(frames);
    while (this.activeSize > this.activeFrames) this.demote();
    while (this.inactive.size > this.inactiveFrames) this.evictInactive(events);
  }

  residentPages(): number[] {
    return [...this.active.pages(), ...this.inactive.toArray()];
  }
}

export const segqPolicy: PolicyDefinition<{ inactive: number; active: string }> = {
  name: 'segq',
  aliases: ['segmented-queue'],
  summary: 'Segmented queue: a CLOCK (or FIFO) active segment over an LRU inactive one; inactive references are soft faults',
  source: 'Babaoglu & Ferrari, IEEE Transactions on Computers C-32(12), 1983; docs/policies.md',
  params: [
    { name: 'inactive', type: 'number', default: 1 / 3, min: 0, max: 1, description: 'fraction of memory in the inactive segment: I = floor(M × inactive), at most M − 1' },
    { name: 'active', type: 'choice', default: 'clock', choices: ['clock', 'fifo'], description: 'the active segment: CLOCK (second chance) or FIFO' },
  ],
  capabilities: { softFaults: true },
  create: (setup: PolicySetup, params) =>
    new Segq(setup.frames, setup.pageCount, params.inactive, params.active === 'clock'),
};
