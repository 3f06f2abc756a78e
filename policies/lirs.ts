/**
 * LIRS (Jiang & Zhang, "LIRS: an efficient low inter-reference recency set replacement policy to
 * improve buffer cache performance", SIGMETRICS 2002, §3–4). Memory of L frames: Llirs for LIR
 * pages, Lhirs = max(1, floor(L × hir)) for resident HIR pages (the paper uses 1%); L = 1 leaves
 * no LIR space. Stack S holds LIR pages and HIR pages (resident or not) in recency order, its bottom
 * always an LIR page ("stack pruning" removes HIR pages from the bottom; a non-resident HIR page
 * pruned away is forgotten). List Q holds the resident HIR pages; its front is the next victim.
 *  - LIR page referenced: a hit; it moves to the top of S (pruning if it was the bottom).
 *  - resident HIR page referenced: a hit; it moves to the top of S. If it was in S it becomes LIR
 *    and leaves Q, and the LIR page at the bottom of S becomes HIR and goes to the end of Q; if it
 *    was not in S it stays HIR and moves to the end of Q.
 *  - miss: (memory full) the front of Q is evicted, staying in S as non-resident HIR if it is there.
 *    The page goes to the top of S; if it was in S it becomes LIR (demoting S's bottom as above),
 *    else it is a resident HIR page at the end of Q.
 *  - while fewer than Llirs pages are LIR (the start, or after releases), a referenced page that is
 *    not LIR becomes LIR without demoting anyone (the paper's start-up rule, reapplied).
 * A released page is forgotten. S is not bounded (the 2002 paper bounds it only through pruning).
 * 17 bytes per page, amortised O(1) per reference.
 *
 * Resize (local allocations): Lhirs and Llirs are recomputed for the new L by the same rule.
 * Growing evicts nothing; the start-up rule then fills the larger LIR set. Shrinking: while more
 * pages are LIR than the new Llirs, the LIR page at the bottom of S becomes HIR at the end of Q (the
 * paper's demotion, its coldest LIR page first); then, while more pages are resident than L, the
 * front of Q is evicted as at a miss (older HIR pages before the ones just demoted); S is pruned.
 */
import { RELEASE_BIT } from '../traces/operations.js';
import { PageList } from './structures/pageList.js';
import type { MemoryEvents, PolicyDefinition, PolicyInstance, PolicySetup, TraceView } from './policy.js';

const RESIDENT = 1;
const LIR = 2;
const IN_S = 4;
const IN_Q = 8;

class Lirs implements PolicyInstance {
  private readonly s: PageList;
  private readonly q: PageList;
  private readonly state: Uint8Array;
  private lirFrames: number;
  private lirCount = 0;
  private residentCount = 0;
  private last = -1;

  constructor(private frames: number, pageCount: number, private readonly hir: number, private readonly ignoreRepeats: boolean) {
    this.s = new PageList(pageCount);
    this.q = new PageList(pageCount);
    this.state = new Uint8Array(pageCount);
    this.lirFrames = frames - hirFrames(frames, hir);
  }

  resize(frames: number, events: MemoryEvents): void {
    this.frames = frames;
    this.lirFrames = frames - hirFrames(frames, this.hir);
    while (this.lirCount > this.lirFrames) this.demoteBottom();
    while (this.residentCount > frames) this.evictVictim(events);
    this.prune();
  }

  /** The front of Q leaves memory, staying in S as a non-resident HIR page if it is there. */
  private evictVictim(events: MemoryEvents): void {
    const { state } = this;
    const v = this.q.popBack();
    state[v] = state[v]! & ~(RESIDENT | IN_Q);
    if (!(state[v]! & IN_S)) state[v] = 0;
    this.residentCount--;
    events.evict(v);
  }

  replay(view: TraceView, from: number, to: number, events: MemoryEvents): void {
    const { pages, codes } = view;
    const { s, q, state } = this;
    for (let i = from; i < to; i++) {
      const x = pages[i]!;
      const c = codes[i]!;
      const st = state[x]!;
      if (c & RELEASE_BIT) {
        if (st & IN_S) s.remove(x);
        if (st & IN_Q) q.remove(x);
        if (st & LIR) this.lirCount--;
        if (st & RESIDENT) this.residentCount--;
        state[x] = 0;
        if (this.last === x) this.last = -1;
        this.prune();
        events.release(x, (st & RESIDENT) !== 0);
        continue;
      }
      if (st & RESIDENT) {
        events.hit(c, x);
        if (x === this.last && this.ignoreRepeats) continue;
      } else {
        if (this.residentCount >= this.frames) this.evictVictim(events);
        state[x] = state[x]! | RESIDENT;
        this.residentCount++;
        events.fault(c, x);
      }
      this.last = x;
      this.reference(x, st);
      this.prune();
    }
  }

  /** Moves x (now resident) in S and Q; `before` is its state before this reference. */
  private reference(x: number, before: number): void {
    const { s, q, state } = this;
    if (before & IN_S) s.moveToFront(x);
    else s.pushFront(x);
    state[x] = state[x]! | IN_S;
    if (before & LIR) return;
    if ((before & IN_S) || this.lirCount < this.lirFrames) {
      if (state[x]! & IN_Q) q.remove(x);
      state[x] = (state[x]! | LIR) & ~IN_Q;
      if (++this.lirCount > this.lirFrames) this.demoteBottom();
    } else if (state[x]! & IN_Q) {
      q.moveToFront(x);
    } else {
      q.pushFront(x);
      state[x] = state[x]! | IN_Q;
    }
  }

  /** The LIR page at the bottom of S becomes a resident HIR page at the end of Q. */
  private demoteBottom(): void {
    this.prune();
    const b = this.s.back();
    this.state[b] = (this.state[b]! & ~LIR) | IN_Q;
    this.q.pushFront(b);
    this.lirCount--;
  }

  /** Removes HIR pages from the bottom of S; non-resident ones are forgotten. */
  private prune(): void {
    const { s, state } = this;
    for (let b = s.back(); b >= 0 && !(state[b]! & LIR); b = s.back()) {
      s.remove(b);
      state[b] = state[b]! & RESIDENT ? state[b]! & ~IN_S : 0;
    }
  }

  residentPages(): number[] {
    const out: number[] = [];
    for (let p = 0; p < this.state.length; p++) if (this.state[p]! & RESIDENT) out.push(p);
    return out;
  }
}

/** Lhirs: max(2, floor(M × hir)) as the authors' program sets it, at most M. */
export function hirFrames(frames: number, hir: number): number {
  return Math.min(frames, Math.max(2, Math.floor(frames * hir)));
}

export const lirsPolicy: PolicyDefinition<{ hir: number; repeats: string }> = {
  name: 'lirs',
  summary: 'Low Inter-reference Recency Set: keep pages whose reuse distance is small (LIR), evict from a small HIR queue',
  source: 'Jiang & Zhang, SIGMETRICS 2002',
  params: [
    { name: 'hir', type: 'number', default: 0.01, min: 0, max: 1, description: 'share of memory for resident HIR pages: Lhirs = max(2, floor(M × hir)), at most M' },
    { name: 'repeats', type: 'choice', default: 'ignore', choices: ['ignore', 'reference'], description: "an immediate re-reference: ignore — a hit that changes nothing (the authors' program); reference — an ordinary reference" },
  ],
  create: (setup: PolicySetup, params) => new Lirs(setup.frames, setup.pageCount, params.hir, params.repeats === 'ignore'),
};
