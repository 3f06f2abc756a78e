/**
 * ARC (Megiddo & Modha, "ARC: A self-tuning, low overhead replacement cache", FAST 2003; Figure 1
 * of "Outperforming LRU with an adaptive replacement cache algorithm", IEEE Computer 37(4), 2004),
 * as docs/policies.md ("ARC") transcribes it: cases I–IV and REPLACE, with p real-valued and the
 * adaptation steps max(|B2|/|B1|, 1) and max(|B1|/|B2|, 1).
 *
 * L1 = T1 ∪ B1 and L2 = T2 ∪ B2 are each one recency-ordered list (a page leaves T only at its LRU
 * end, into the MRU end of B), kept as SplitLists: 17 bytes per page, O(1) per reference.
 *
 * Releases (the figure has none): a released page leaves the directory altogether, ghosts
 * included, which keeps |L1| ≤ c and |L1| + |L2| ≤ 2c. A frame freed that way is used by the next
 * miss: REPLACE runs only when the cache is full; the directory bookkeeping of the cases (deleting
 * the LRU ghost of B1 or B2) is unchanged.
 *
 * Resize (local allocations; the paper's c is fixed): the learnt target keeps its share of the
 * cache, p ← p × c′/c (p is a size in pages of T1, bounded by c; scaling keeps the balance ARC has
 * learnt between recency and frequency instead of clamping it, which would favour T2 after every
 * shrink). Growing evicts nothing. Shrinking runs REPLACE(p) — the fault path's victim, from T1 when
 * |T1| > p, else from T2, each into its ghost list — while |T1| + |T2| > c′; then the directory's
 * bounds for c′ are restored by dropping LRU ghosts: B1's while |L1| > c′, then B2's while
 * |L1| + |L2| > 2c′.
 */
import { RELEASE_BIT } from '../traces/operations.js';
import type { MemoryEvents, PolicyDefinition, PolicyInstance, PolicySetup, TraceView } from './policy.js';
import { SplitList } from './structures/splitList.js';

const NONE = 0;
const T1 = 1;
const B1 = 2;
const T2 = 3;
const B2 = 4;

class Arc implements PolicyInstance {
  private readonly l1: SplitList;
  private readonly l2: SplitList;
  private readonly state: Uint8Array;
  /** The target size of T1. */
  private p = 0;

  constructor(private c: number, pageCount: number) {
    this.l1 = new SplitList(pageCount);
    this.l2 = new SplitList(pageCount);
    this.state = new Uint8Array(pageCount);
  }

  replay(view: TraceView, from: number, to: number, events: MemoryEvents): void {
    const { pages, codes } = view;
    const { l1, l2, state, c } = this;
    for (let i = from; i < to; i++) {
      const x = pages[i]!;
      const code = codes[i]!;
      const s = state[x]!;
      if (code & RELEASE_BIT) {
        if (s === T1) l1.removeResident(x);
        else if (s === B1) l1.removeGhost(x);
        else if (s === T2) l2.removeResident(x);
        else if (s === B2) l2.removeGhost(x);
        state[x] = NONE;
        events.release(x, s === T1 || s === T2);
        continue;
      }
      if (s === T1 || s === T2) {
        // Case I: move x to the top of T2.
        if (s === T1) {
          l1.removeResident(x);
          l2.pushResident(x);
          state[x] = T2;
        } else {
          l2.list.moveToFront(x);
        }
        events.hit(code, x);
        continue;
      }
      if (s === B1) {
        this.p = Math.min(c, this.p + Math.max(l2.ghosts / l1.ghosts, 1));
        l1.removeGhost(x);
        this.replaceIfFull(false, events);
      } else if (s === B2) {
        this.p = Math.max(0, this.p - Math.max(l1.ghosts / l2.ghosts, 1));
        l2.removeGhost(x);
        this.replaceIfFull(true, events);
      } else {
        const size1 = l1.resident + l1.ghosts;
        if (size1 === c) {
          if (l1.resident < c) {
            state[l1.dropOldestGhost()] = NONE;
            this.replaceIfFull(false, events);
          } else {
            const y = l1.oldestResident();
            l1.removeResident(y);
            state[y] = NONE;
            events.evict(y);
          }
        } else if (size1 + l2.resident + l2.ghosts >= c) {
          if (size1 + l2.resident + l2.ghosts === 2 * c) state[l2.dropOldestGhost()] = NONE;
          this.replaceIfFull(false, events);
        }
        l1.pushResident(x);
        state[x] = T1;
        events.fault(code, x);
        continue;
      }
      // Cases II and III: x enters the cache at the top of T2.
      l2.pushResident(x);
      state[x] = T2;
      events.fault(code, x);
    }
  }

  resize(c: number, events: MemoryEvents): void {
    const { l1, l2, state } = this;
    this.p = (this.p * c) / this.c;
    this.c = c;
    while (l1.resident + l2.resident > c) this.replace(false, events);
    while (l1.resident + l1.ghosts > c) state[l1.dropOldestGhost()] = NONE;
    while (l1.resident + l1.ghosts + l2.resident + l2.ghosts > 2 * c) state[l2.dropOldestGhost()] = NONE;
  }

  /** REPLACE(p), when the cache has no free frame; `inB2` says whether x was found in B2. */
  private replaceIfFull(inB2: boolean, events: MemoryEvents): void {
    if (this.l1.resident + this.l2.resident >= this.c) this.replace(inB2, events);
  }

  private replace(inB2: boolean, events: MemoryEvents): void {
    const { l1, l2, p } = this;
    const t1 = l1.resident;
    if (t1 >= 1 && ((inB2 && t1 === p) || t1 > p)) {
      const y = l1.demoteOldest();
      this.state[y] = B1;
      events.evict(y);
    } else {
      const y = l2.demoteOldest();
      this.state[y] = B2;
      events.evict(y);
    }
  }

  residentPages(): number[] {
    return [...this.l1.residentPages(), ...this.l2.residentPages()];
  }
}

export const arcPolicy: PolicyDefinition = {
  name: 'arc',
  summary: 'Adaptive Replacement Cache: recency (T1) and frequency (T2) lists balanced by ghost hits',
  source: 'Megiddo & Modha, FAST 2003; IEEE Computer 37(4), 2004 (Figure 1); docs/policies.md',
  params: [],
  create: (setup: PolicySetup) => new Arc(setup.frames, setup.pageCount),
};
